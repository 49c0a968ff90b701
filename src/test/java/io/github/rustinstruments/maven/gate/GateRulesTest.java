package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateRulesTest {

    static Rule rule(List<String> runs, String level, Limit... limits) {
        return new Rule(runs, new ArrayList<>(Arrays.asList(limits)), level);
    }

    @Test
    void compilesTheIssueExample() {
        List<CompiledRule> rules = GateRules.compile(List.of(rule(List.of("parse-*"), "ERROR",
                Limit.maximum("DEFINITELY_LOST_BYTES", "0"),
                Limit.maximum("PEAK_HEAP", "64MiB"),
                Limit.maximum("ALLOCATIONS", "250000"),
                Limit.maximumIncrease("PEAK_HEAP", "5%"))));
        assertEquals(1, rules.size());
        CompiledRule rule = rules.get(0);
        assertEquals(1, rule.index());
        assertEquals("rule 1", rule.name());
        assertEquals(Level.ERROR, rule.level());
        assertFalse(rule.onlyWhereMeasured());
        assertTrue(rule.matches("parse-big"));
        assertFalse(rule.matches("default"));
        assertEquals(4, rule.limits().size());
        CompiledLimit peak = rule.limits().get(1);
        assertEquals(Metric.PEAK_HEAP, peak.metric());
        assertEquals(64L << 20, peak.maximum());
        assertNull(peak.maximumIncrease());
        assertEquals("maximum 64 MiB", peak.maximumDescription());
        assertNull(peak.maximumIncreaseDescription());
        assertEquals("maximum 250,000", rule.limits().get(2).maximumDescription());
        assertEquals("maximum 0 B", rule.limits().get(0).maximumDescription());
        CompiledLimit increase = rule.limits().get(3);
        assertNull(increase.maximum());
        assertEquals(5.0, increase.maximumIncrease());
        assertEquals("maximum increase 5%", increase.maximumIncreaseDescription());
        assertTrue(GateRules.usesBaseline(rules));
    }

    @Test
    void aRuleWithoutRunsCoversEveryRunAndDefaultsToError() {
        Rule rule = new Rule();
        rule.getLimits().add(Limit.maximum("allocations", "10"));
        CompiledRule compiled = GateRules.compile(List.of(rule)).get(0);
        assertEquals(List.of(RunPattern.all()), compiled.runs());
        assertTrue(compiled.matches("anything"));
        assertEquals(Level.ERROR, compiled.level());
        assertFalse(GateRules.usesBaseline(List.of(compiled)));

        rule.setLevel(null);
        rule.setRuns(null);
        assertEquals(Level.ERROR, GateRules.compile(List.of(rule)).get(0).level());
    }

    @Test
    void bothBoundsInOneLimitAreValid() {
        CompiledLimit limit = GateRules.compile(List.of(rule(List.of(), "WARN",
                new Limit("PEAK_HEAP", "64 MiB", "+5%")))).get(0).limits().get(0);
        assertEquals(64L << 20, limit.maximum());
        assertEquals(5.0, limit.maximumIncrease());
        assertEquals("PEAK_HEAP maximum 64 MiB, maximum increase 5%", limit.toString());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<Rule> rules = List.of(
                rule(List.of("parse-*"), "ERROR",
                        Limit.maximum("PEAK_HEAP", "64MiB"),
                        Limit.maximum("PEAK_HEEP", "64MiB"),
                        new Limit("ALLOCATIONS", null, null)),
                rule(List.of("parse big"), "WARNING",
                        Limit.maximum("ALLOCATIONS", "5MiB"),
                        Limit.maximum("PEAK_HEAP", "64MB"),
                        Limit.maximumIncrease("PEAK_HEAP", "5")),
                rule(List.of(), null));
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> GateRules.compile(rules));
        assertEquals(List.of(
                "rule 1, limit 2: unknown metric 'PEAK_HEEP'; valid metrics: " + MetricTest.ALL_NAMES
                        + "; did you mean PEAK_HEAP?",
                "rule 1, limit 3 has neither <maximum> nor <maximumIncrease>",
                "rule 2: run pattern 'parse big' can never match: run names contain only letters, digits, '.', '_'"
                        + " and '-' (and patterns the wildcards * and ?)",
                "rule 2: unknown level 'WARNING'; valid levels: ERROR, WARN",
                "rule 2, limit 1: <maximum> of ALLOCATIONS: '5MiB' has a unit, but a count takes none; expected a"
                        + " whole number without a unit (250000, 250_000 or 250,000)",
                "rule 2, limit 2: <maximum> of PEAK_HEAP: '64MB' is ambiguous: MB means a power of 1000 to some and"
                        + " of 1024 to others; write MiB (1024-based) or the number of bytes; expected "
                        + Quantity.BYTE_FORMS,
                "rule 2, limit 3: <maximumIncrease> of PEAK_HEAP: '5' is not a percentage; expected a percentage"
                        + " (5%, +5%, 12.5%, 0%)",
                "rule 3 has no <limits>; add at least one <limit> with a <metric> and a <maximum> or"
                        + " <maximumIncrease>"), e.problems());
        assertTrue(e.getMessage().startsWith("invalid <rules> (8 problems):" + System.lineSeparator()
                + "  rule 1, limit 2: unknown metric 'PEAK_HEEP'"), e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void aMissingMetricAndABlankBoundAreProblems() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> GateRules.compile(List.of(
                rule(null, "ERROR", new Limit(null, "1", null), new Limit("ALLOCATIONS", " ", "")))));
        assertEquals(List.of(
                "rule 1, limit 1: no metric given; valid metrics: " + MetricTest.ALL_NAMES,
                "rule 1, limit 2 has neither <maximum> nor <maximumIncrease>"), e.problems());
    }

    @Test
    void noRulesCompileToNoneAndTheMojoFallsBackToTheDefaults() {
        assertEquals(List.of(), GateRules.compile(null));
        assertEquals(List.of(), GateRules.compile(List.of()));
        assertEquals(GateRules.defaults(), GateRules.compileOrDefaults(List.of()));
        assertEquals(GateRules.defaults(), GateRules.compileOrDefaults(null));
        List<CompiledRule> configured = GateRules.compileOrDefaults(List.of(rule(null, null,
                Limit.maximum("PEAK_HEAP", "1GiB"))));
        assertFalse(configured.get(0).onlyWhereMeasured());
    }

    @Test
    void theDefaultsForbidDefinitelyLostBytesAndMemcheckErrorsWhereMeasured() {
        List<CompiledRule> defaults = GateRules.defaults();
        assertEquals(1, defaults.size());
        CompiledRule rule = defaults.get(0);
        assertTrue(rule.onlyWhereMeasured());
        assertEquals("default rule", rule.name());
        assertEquals(Level.ERROR, rule.level());
        assertTrue(rule.matches("default"));
        assertEquals(List.of(Metric.DEFINITELY_LOST_BYTES, Metric.MEMCHECK_ERRORS),
                rule.limits().stream().map(CompiledLimit::metric).toList());
        assertEquals(List.of(0L, 0L), rule.limits().stream().map(CompiledLimit::maximum).toList());
        assertFalse(GateRules.usesBaseline(defaults));
    }

    @Test
    void duplicatePatternsCountOnce() {
        CompiledRule rule = GateRules.compile(List.of(rule(List.of("a*", " a* ", "b"), null,
                Limit.maximum("ALLOCATIONS", "1")))).get(0);
        assertEquals(List.of(RunPattern.of("a*"), RunPattern.of("b")), rule.runs());
    }
}
