package io.github.rustinstruments.maven.gate;

import static io.github.rustinstruments.maven.gate.Summaries.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.gate.Check.Outcome;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.Units;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateTest {
    /** 71.2 MiB as Units prints it. */
    static final long PEAK_71_2 = 74658611L;
    /** 65.9 MiB as Units prints it. */
    static final long PEAK_65_9 = 69101158L;

    static List<CompiledRule> rules(Rule... rules) {
        return GateRules.compile(List.of(rules));
    }

    static Rule rule(String runs, String level, Limit... limits) {
        return new Rule(runs == null ? List.of() : List.of(runs.split(",")), new ArrayList<>(Arrays.asList(limits)),
                level);
    }

    static List<String> messages(List<Check> checks) {
        return checks.stream().map(Check::message).toList();
    }

    static Baseline baselineOf(Summary... summaries) {
        return Baseline.of(SummarySet.of(summaries));
    }

    @Test
    void aBreachOfAMaximumReadsAsTheDesignSays() {
        GateResult result = Gate.evaluate(rules(rule("parse-*", null, Limit.maximum("PEAK_HEAP", "64MiB"))),
                SummarySet.of(Summaries.heaptrack("parse-big", 10, PEAK_71_2)), null);
        assertEquals(1, result.checks().size());
        Check check = result.checks().get(0);
        assertEquals("run 'parse-big': peak heap is 71.2 MiB, but expected maximum is 64 MiB", check.message());
        assertEquals("parse-big", check.run());
        assertEquals("allocations", check.kind());
        assertEquals("heaptrack", check.profiler());
        assertEquals(Metric.PEAK_HEAP, check.metric());
        assertEquals("maximum 64 MiB", check.limit());
        assertEquals(PEAK_71_2, check.actual());
        assertNull(check.baseline());
        assertEquals(Outcome.FAILED, check.outcome());
        assertTrue(check.failed());
        assertEquals(Level.ERROR, check.level());
        assertFalse(result.passed());
        assertEquals(List.of(check), result.failures(Level.ERROR));
        assertEquals(List.of(), result.failures(Level.WARN));
    }

    @Test
    void aRunThatDidNotEndNormallyFailsTheGateUnlessAllowed() {
        Summary panicked = Summaries.heaptrack("crash", 10, 10).withEnded(Summary.Ended.of(101, false));
        Summary killed = Summaries.heaptrack("slow", 10, 10).withEnded(Summary.Ended.of(143, true));
        Summary fine = Summaries.heaptrack("fine", 10, 10).withEnded(Summary.Ended.of(0, false));
        List<CompiledRule> rules = rules(rule(null, null, Limit.maximum("ALLOCATIONS", "100")));

        GateResult strict = Gate.evaluate(rules, SummarySet.of(panicked, killed, fine), null, false, false);
        assertEquals(List.of("run 'crash': the program exited with status 101, but expected is a normal end (exit"
                + " status 0 within its time limit); fix the program, or set <allowFailedRuns>true</allowFailedRuns>"
                + " when it is meant to end that way", "run 'slow': the program was stopped at its time limit, but"
                + " expected is a normal end (exit status 0 within its time limit); fix the program, or set"
                + " <allowFailedRuns>true</allowFailedRuns> when it is meant to end that way"),
                messages(strict.checks().stream().filter(Check::failed).toList()));
        assertFalse(strict.passed());

        GateResult allowed = Gate.evaluate(rules, SummarySet.of(panicked, killed, fine), null, false, true);
        assertTrue(allowed.passed(), "with allowFailedRuns only the limits count");
        assertTrue(Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("unknown", 10, 10)), null, false, false)
                .passed(), "a summary that does not say how its run ended (report goal) is not judged");
    }

    @Test
    void countsAreGrouped() {
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximum("ALLOCATIONS", "250000"))),
                SummarySet.of(Summaries.heaptrack("x", 250001, 10)), null);
        assertEquals(List.of("run 'x': allocations is 250,001, but expected maximum is 250,000"),
                messages(result.checks()));
    }

    @Test
    void theMaximumIsInclusiveAndAPassSaysSo() {
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximum("ALLOCATIONS", "250000"),
                Limit.maximum("PEAK_HEAP", "64MiB"))), SummarySet.of(Summaries.heaptrack("x", 250000, 64 * MIB)),
                null);
        assertEquals(List.of("run 'x': allocations is 250,000, within maximum 250,000",
                "run 'x': peak heap is 64.0 MiB, within maximum 64 MiB"), messages(result.checks()));
        assertTrue(result.checks().stream().allMatch(Check::passed));
        assertTrue(result.passed());
    }

    @Test
    void aBreachNeverReadsAsWithinTheLimit() {
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximum("PEAK_HEAP", "64MiB"))),
                SummarySet.of(Summaries.heaptrack("x", 1, 64 * MIB + 1)), null);
        assertEquals(List.of("run 'x': peak heap is 67,108,865 B, but expected maximum is 64 MiB"),
                messages(result.checks()));
    }

    @Test
    void aMetricTheProfilerDoesNotMeasureFailsAsNotMeasured() {
        GateResult result = Gate.evaluate(rules(rule("x", null, Limit.maximum("DEFINITELY_LOST_BYTES", "0"))),
                SummarySet.of(Summaries.heaptrack("x", 1, 2), Summaries.heaptrackLeaks("x", 0)), null);
        assertEquals(1, result.checks().size());
        Check check = result.checks().get(0);
        assertEquals("run 'x': definitely lost bytes is not measured by heaptrack", check.message());
        assertTrue(check.failed());
        assertNull(check.kind());
        assertNull(check.actual());
        assertEquals("heaptrack", check.profiler());
        assertEquals(Level.ERROR, check.level());
        assertFalse(result.passed());
    }

    @Test
    void notMeasuredNamesEveryProfilerOfTheRun() {
        Summary xctrace = Summaries.byProfiler(Summaries.heaptrack("mac", 1, 2), "xctrace");
        Summary leaks = Summaries.byProfiler(Summaries.heaptrackLeaks("mac", 0), "macos-leaks");
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximum("MEMCHECK_ERRORS", "0"))),
                SummarySet.of(xctrace, leaks), null);
        assertEquals(List.of("run 'mac': memcheck errors is not measured by xctrace or macos-leaks"),
                messages(result.checks()));
    }

    @Test
    void notMeasuredAtWarnOnlyWarns() {
        GateResult result = Gate.evaluate(rules(rule(null, "WARN", Limit.maximum("DEFINITELY_LOST_BYTES", "0"))),
                SummarySet.of(Summaries.heaptrack("x", 1, 2)), null);
        assertTrue(result.passed());
        assertEquals(List.of("run 'x': definitely lost bytes is not measured by heaptrack"),
                messages(result.failures(Level.WARN)));
        assertEquals(List.of(), result.failures(Level.ERROR));
    }

    @Test
    void theDefaultsSkipWhatHeaptrackDoesNotMeasure() {
        GateResult result = Gate.evaluate(GateRules.defaults(),
                SummarySet.of(Summaries.heaptrack("x", 1, 2), Summaries.heaptrackLeaks("x", 4096)), null);
        assertTrue(result.passed());
        assertEquals(List.of(), result.failures());
        assertEquals(List.of(
                "run 'x': definitely lost bytes is not measured by heaptrack; default rule skipped",
                "run 'x': memcheck errors is not measured by heaptrack; default rule skipped"),
                messages(result.skipped()));
        assertTrue(result.checks().stream().allMatch(Check::skipped));
        assertEquals("2 checks: 0 passed, 2 skipped (not measured)", result.summaryLine());
        assertEquals(List.of(), result.table(), "nothing was measured");
    }

    @Test
    void theDefaultsCatchMemcheckLeaksAndErrors() {
        GateResult result = Gate.evaluate(GateRules.defaults(), SummarySet.of(Summaries.heaptrack("clean", 1, 2),
                Summaries.memcheck("clean", 0, 0, 0), Summaries.memcheck("leaky", 512, 32, 2)), null);
        assertEquals(List.of(
                "run 'clean': definitely lost bytes is 0 B, within maximum 0 B",
                "run 'clean': memcheck errors is 0, within maximum 0",
                "run 'leaky': definitely lost bytes is 512 B, but expected maximum is 0 B",
                "run 'leaky': memcheck errors is 2, but expected maximum is 0"), messages(result.checks()));
        assertFalse(result.passed());
        assertEquals(2, result.failures(Level.ERROR).size());
    }

    @Test
    void everyRuleAndLimitIsEvaluated() {
        List<CompiledRule> rules = rules(
                rule("parse-*", null, Limit.maximum("PEAK_HEAP", "64MiB"), Limit.maximum("ALLOCATIONS", "250000"),
                        Limit.maximum("DEFINITELY_LOST_BYTES", "0"), Limit.maximum("INDIRECTLY_LOST_BYTES", "0")),
                rule("parse-small", "WARN", Limit.maximum("ALLOCATIONS", "1000")));
        SummarySet summaries = SummarySet.of(
                Summaries.heaptrack("parse-big", 250001, PEAK_71_2), Summaries.memcheck("parse-big", 512, 32, 0),
                Summaries.heaptrack("parse-small", 1200, 32 * 1024), Summaries.memcheck("parse-small", 0, 0, 0),
                Summaries.heaptrack("other", 1_000_000_000, 1L << 40));
        GateResult result = Gate.evaluate(rules, summaries, null);
        assertEquals(List.of(
                "run 'parse-big': peak heap is 71.2 MiB, but expected maximum is 64 MiB",
                "run 'parse-big': allocations is 250,001, but expected maximum is 250,000",
                "run 'parse-big': definitely lost bytes is 512 B, but expected maximum is 0 B",
                "run 'parse-big': indirectly lost bytes is 32 B, but expected maximum is 0 B",
                "run 'parse-small': peak heap is 32.0 KiB, within maximum 64 MiB",
                "run 'parse-small': allocations is 1,200, within maximum 250,000",
                "run 'parse-small': definitely lost bytes is 0 B, within maximum 0 B",
                "run 'parse-small': indirectly lost bytes is 0 B, within maximum 0 B",
                "run 'parse-small': allocations is 1,200, but expected maximum is 1,000"), messages(result.checks()));
        assertEquals(4, result.failures(Level.ERROR).size());
        assertEquals(1, result.failures(Level.WARN).size());
        assertEquals(5, result.failures().size());
        assertFalse(result.passed());
        assertEquals("9 checks: 4 passed, 4 failed, 1 warning", result.summaryLine());
    }

    @Test
    void severalSummariesMeasuringAMetricAreCheckedEachAndNamed() {
        GateResult both = Gate.evaluate(rules(rule(null, null, Limit.maximum("LEAKED_BYTES", "0"))),
                SummarySet.of(Summaries.heaptrack("x", 1, 2), Summaries.memcheck("x", 512, 32, 0)), null);
        assertEquals(List.of(
                "run 'x' (allocations): leaked bytes is 0 B, within maximum 0 B",
                "run 'x' (leaks): leaked bytes is 544 B, but expected maximum is 0 B"), messages(both.checks()));
        assertEquals(List.of("allocations", "leaks"), both.checks().stream().map(Check::kind).toList());
        assertEquals(List.of("heaptrack", "memcheck"), both.checks().stream().map(Check::profiler).toList());
    }

    @Test
    void aPatternThatMatchesNoRunFails() {
        GateResult result = Gate.evaluate(rules(rule("parse-*,default", null, Limit.maximum("PEAK_HEAP", "64MiB"),
                Limit.maximumIncrease("ALLOCATIONS", "5%"))), SummarySet.of(Summaries.heaptrack("default", 1, 2)),
                baselineOf(Summaries.heaptrack("default", 1, 2)));
        assertEquals(List.of(
                "rule 1: no run matches 'parse-*', so its peak heap maximum 64 MiB is not checked; runs found:"
                        + " default",
                "rule 1: no run matches 'parse-*', so its allocations maximum increase 5% is not checked; runs"
                        + " found: default",
                "run 'default': peak heap is 2 B, within maximum 64 MiB",
                "run 'default': allocations is 1, the same as the baseline, within maximum increase 5%"),
                messages(result.checks()));
        assertEquals("parse-*", result.checks().get(0).run());
        assertFalse(result.passed());
    }

    @Test
    void noSummariesAtAllIsLeftToTheCaller() {
        GateResult result = Gate.evaluate(rules(rule("parse-*", null, Limit.maximum("PEAK_HEAP", "64MiB"))),
                SummarySet.of(), null);
        assertEquals(List.of(), result.checks());
        assertTrue(result.passed());
        assertEquals("0 checks: 0 passed", result.summaryLine());
    }

    @Test
    void anIncreaseReadsAsTheIssueSays() {
        long current = 74698352L; // 71.2 MiB, 8.1% above 65.9 MiB
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximumIncrease("PEAK_HEAP", "+5%"))),
                SummarySet.of(Summaries.heaptrack("x", 1, current)),
                baselineOf(Summaries.heaptrack("x", 1, PEAK_65_9)));
        Check check = result.checks().get(0);
        assertEquals("run 'x': peak heap is 71.2 MiB, 8.1% above the baseline of 65.9 MiB, but expected maximum"
                + " increase is 5%", check.message());
        assertEquals("maximum increase 5%", check.limit());
        assertEquals(current, check.actual());
        assertEquals(PEAK_65_9, check.baseline());
        assertTrue(check.failed());
    }

    @Test
    void theIncreaseBoundaryIsInclusive() {
        List<CompiledRule> rules = rules(rule(null, null, Limit.maximumIncrease("ALLOCATIONS", "5%")));
        Baseline baseline = baselineOf(Summaries.heaptrack("x", 1000, 2));
        GateResult at = Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("x", 1050, 2)), baseline);
        assertEquals(List.of("run 'x': allocations is 1,050, 5.0% above the baseline of 1,000, within maximum"
                + " increase 5%"), messages(at.checks()));
        assertTrue(at.passed());
        GateResult over = Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("x", 1051, 2)), baseline);
        assertEquals(List.of("run 'x': allocations is 1,051, 5.1% above the baseline of 1,000, but expected"
                + " maximum increase is 5%"), messages(over.checks()));
        assertFalse(over.passed());
    }

    @Test
    void aBreachByAHairShowsEnoughDecimals() {
        List<CompiledRule> rules = rules(rule(null, null, Limit.maximumIncrease("ALLOCATIONS", "5%")));
        GateResult result = Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("x", 105_001, 2)),
                baselineOf(Summaries.heaptrack("x", 100_000, 2)));
        assertEquals(List.of("run 'x': allocations is 105,001, 5.001% above the baseline of 100,000, but expected"
                + " maximum increase is 5%"), messages(result.checks()));
    }

    @Test
    void aZeroIncreaseAllowsNoGrowthAtAll() {
        List<CompiledRule> rules = rules(rule(null, null, Limit.maximumIncrease("PEAK_HEAP", "0%")));
        Baseline baseline = baselineOf(Summaries.heaptrack("x", 1, 64 * MIB));
        GateResult same = Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("x", 1, 64 * MIB)), baseline);
        assertEquals(List.of("run 'x': peak heap is 64.0 MiB, the same as the baseline, within maximum increase"
                + " 0%"), messages(same.checks()));
        GateResult byte1 = Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("x", 1, 64 * MIB + 1)), baseline);
        assertEquals(List.of("run 'x': peak heap is 67,108,865 B, 0.000001% above the baseline of 67,108,864 B,"
                + " but expected maximum increase is 0%"), messages(byte1.checks()));
        GateResult less = Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("x", 1, 60 * MIB)), baseline);
        assertEquals(List.of("run 'x': peak heap is 60.0 MiB, 6.3% below the baseline of 64.0 MiB, within maximum"
                + " increase 0%"), messages(less.checks()));
    }

    @Test
    void growthFromAZeroBaselineIsAboveAnyPercentage() {
        List<CompiledRule> rules = rules(rule(null, null, Limit.maximumIncrease("DEFINITELY_LOST_BYTES", "50%")));
        GateResult result = Gate.evaluate(rules, SummarySet.of(Summaries.memcheck("x", 16, 0, 0)),
                baselineOf(Summaries.memcheck("x", 0, 0, 0)));
        assertEquals(List.of("run 'x': definitely lost bytes is 16 B, above the baseline of 0 B, but expected"
                + " maximum increase is 50%"), messages(result.checks()));
    }

    @Test
    void noBaselineFailsAtTheRulesLevel() {
        List<CompiledRule> error = rules(rule(null, null, Limit.maximumIncrease("PEAK_HEAP", "5%")));
        SummarySet summaries = SummarySet.of(Summaries.heaptrack("x", 1, 2));
        String expected = "run 'x': peak heap has no baseline to compare with; run rust-instruments:baseline first";
        GateResult none = Gate.evaluate(error, summaries, null);
        assertEquals(List.of(expected), messages(none.failures(Level.ERROR)));
        assertEquals(2L, none.checks().get(0).actual());
        GateResult otherRun = Gate.evaluate(error, summaries, baselineOf(Summaries.heaptrack("y", 1, 2)));
        assertEquals(List.of(expected), messages(otherRun.failures(Level.ERROR)));
        GateResult warn = Gate.evaluate(rules(rule(null, "WARN", Limit.maximumIncrease("PEAK_HEAP", "5%"))),
                summaries, null);
        assertEquals(List.of(expected), messages(warn.failures(Level.WARN)));
        assertTrue(warn.passed());
    }

    @Test
    void withoutARequiredBaselineAMissingFigureIsSkippedSayingHowToRecordIt() {
        List<CompiledRule> error = rules(rule(null, null, Limit.maximumIncrease("PEAK_HEAP", "5%"),
                Limit.maximum("PEAK_HEAP", "64MiB")));
        SummarySet summaries = SummarySet.of(Summaries.heaptrack("x", 1, 2));
        String expected = "run 'x': peak heap has no baseline yet, so its maximum increase 5% is not checked; run"
                + " mvn rust-instruments:baseline and commit the baseline file";
        GateResult none = Gate.evaluate(error, summaries, null, false);
        assertEquals(List.of(expected), messages(none.skipped()));
        assertTrue(none.skipped().get(0).awaitsBaseline());
        assertTrue(none.passed());
        assertEquals("2 checks: 1 passed, 1 skipped (no baseline yet)", none.summaryLine());
        GateResult otherRun = Gate.evaluate(error, summaries, baselineOf(Summaries.heaptrack("y", 1, 2)), false);
        assertEquals(List.of(expected), messages(otherRun.skipped()));
        assertTrue(otherRun.passed());
        GateResult required = Gate.evaluate(error, summaries, null, true);
        assertEquals(List.of("run 'x': peak heap has no baseline to compare with; run rust-instruments:baseline"
                + " first"), messages(required.failures(Level.ERROR)));
    }

    @Test
    void aBaselineOfAnotherProfilerFailsEvenWhenABaselineIsNotRequired() {
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximumIncrease("PEAK_HEAP", "5%"))),
                SummarySet.of(Summaries.heaptrack("x", 1, 2)),
                baselineOf(Summaries.byProfiler(Summaries.heaptrack("x", 1, 2), "xctrace")), false);
        assertFalse(result.passed());
        assertTrue(result.skipped().isEmpty());
    }

    @Test
    void aBaselineOfAnotherProfilerIsNotCompared() {
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximumIncrease("PEAK_HEAP", "5%"))),
                SummarySet.of(Summaries.heaptrack("x", 1, 2)),
                baselineOf(Summaries.byProfiler(Summaries.heaptrack("x", 1, 2), "xctrace")));
        assertEquals(List.of("run 'x': peak heap has no baseline to compare with: the baseline was recorded by"
                + " xctrace, this run by heaptrack; run rust-instruments:baseline again"), messages(result.checks()));
        assertFalse(result.passed());
    }

    @Test
    void aLimitWithBothBoundsIsTwoChecks() {
        GateResult result = Gate.evaluate(rules(rule(null, null, new Limit("PEAK_HEAP", "64MiB", "5%"))),
                SummarySet.of(Summaries.heaptrack("x", 1, 66 * MIB)), baselineOf(Summaries.heaptrack("x", 1,
                        60 * MIB)));
        assertEquals(List.of(
                "run 'x': peak heap is 66.0 MiB, but expected maximum is 64 MiB",
                "run 'x': peak heap is 66.0 MiB, 10.0% above the baseline of 60.0 MiB, but expected maximum"
                        + " increase is 5%"), messages(result.checks()));
        assertEquals(List.of("maximum 64 MiB", "maximum increase 5%"),
                result.checks().stream().map(Check::limit).toList());
        assertEquals(60 * MIB, result.checks().get(0).baseline(), "the baseline is shown with a maximum too");
    }

    @Test
    void aBaselineReadFromAFileWorksWithSummariesScannedFromDisk() throws IOException {
        SummarySet summaries = SummarySet.scan(SummarySetTest.resource("output"));
        Baseline baseline = Baseline.read(SummarySetTest.resource("baseline-v1.json")).orElseThrow();
        GateResult result = Gate.evaluate(rules(rule("parse-big", null, Limit.maximumIncrease("PEAK_HEAP", "5%"),
                Limit.maximumIncrease("DEFINITELY_LOST_BYTES", "0%"))), summaries, baseline);
        assertEquals(List.of(
                "run 'parse-big': peak heap is 71.2 MiB, 8.0% above the baseline of 65.9 MiB, but expected maximum"
                        + " increase is 5%",
                "run 'parse-big': definitely lost bytes is 512 B, the same as the baseline, within maximum increase"
                        + " 0%"), messages(result.checks()));
    }
}
