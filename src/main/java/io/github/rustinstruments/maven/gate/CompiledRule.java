package io.github.rustinstruments.maven.gate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A validated rule.
 *
 * @param index             1-based position in the configuration, for messages ({@code rule 2})
 * @param runs              the run patterns; a rule with no {@code <runs>} has the single pattern {@code *}
 * @param limits            at least one
 * @param level             what a failed check does
 * @param onlyWhereMeasured {@code true} for the built-in default rule: a metric a run's profiler does not measure
 *                          is skipped (e.g. leak kinds under heaptrack) instead of failing as "not measured"
 * @param tests             the test patterns; empty for a rule on the runs' totals, otherwise the limits apply to
 *                          each matching test of the matched runs (and only metrics measured per test are allowed)
 */
public record CompiledRule(int index, List<RunPattern> runs, List<CompiledLimit> limits, Level level,
        boolean onlyWhereMeasured, List<TestPattern> tests) {

    public CompiledRule {
        runs = runs == null || runs.isEmpty() ? List.of(RunPattern.all()) : List.copyOf(runs);
        limits = List.copyOf(limits);
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one limit");
        }
        level = level == null ? Level.ERROR : level;
        tests = tests == null ? List.of() : List.copyOf(tests);
        if (!tests.isEmpty()) {
            for (CompiledLimit limit : limits) {
                if (!limit.metric().isPerTest()) {
                    throw new IllegalArgumentException(limit.metric() + " is not measured per test");
                }
            }
        }
    }

    /** A rule on the runs' totals. */
    public CompiledRule(int index, List<RunPattern> runs, List<CompiledLimit> limits, Level level,
            boolean onlyWhereMeasured) {
        this(index, runs, limits, level, onlyWhereMeasured, List.of());
    }

    /** Whether any of the rule's patterns matches the run. */
    public boolean matches(String run) {
        return runs.stream().anyMatch(pattern -> pattern.matches(run));
    }

    /** Whether the rule checks tests rather than runs: it has {@code <tests>}. */
    public boolean perTest() {
        return !tests.isEmpty();
    }

    /** Whether any of the rule's test patterns matches the test's name; never for entries that are not tests. */
    public boolean matchesTest(String test) {
        return tests.stream().anyMatch(pattern -> pattern.matches(test));
    }

    /** The test patterns as written, quoted: {@code '*CodecTest*', '*ParamTest#decodes*'}. */
    String testsText() {
        return tests.stream().map(pattern -> "'" + pattern + "'").collect(Collectors.joining(", "));
    }

    /** {@code rule 2}, or {@code default rule}. */
    public String name() {
        return onlyWhereMeasured ? "default rule" : "rule " + index;
    }

    /** Whether a limit of this rule compares with the baseline. */
    public boolean usesBaseline() {
        return limits.stream().anyMatch(limit -> limit.maximumIncrease() != null);
    }
}
