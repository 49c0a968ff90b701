package io.github.rustinstruments.maven.gate;

import java.util.List;

/**
 * A validated rule.
 *
 * @param index             1-based position in the configuration, for messages ({@code rule 2})
 * @param runs              the run patterns; a rule with no {@code <runs>} has the single pattern {@code *}
 * @param limits            at least one
 * @param level             what a failed check does
 * @param onlyWhereMeasured {@code true} for the built-in default rule: a metric a run's profiler does not measure
 *                          is skipped (e.g. leak kinds under heaptrack) instead of failing as "not measured"
 */
public record CompiledRule(int index, List<RunPattern> runs, List<CompiledLimit> limits, Level level,
        boolean onlyWhereMeasured) {

    public CompiledRule {
        runs = runs == null || runs.isEmpty() ? List.of(RunPattern.all()) : List.copyOf(runs);
        limits = List.copyOf(limits);
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one limit");
        }
        level = level == null ? Level.ERROR : level;
    }

    /** Whether any of the rule's patterns matches the run. */
    public boolean matches(String run) {
        return runs.stream().anyMatch(pattern -> pattern.matches(run));
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
