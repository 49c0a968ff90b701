package io.github.rustinstruments.maven.gate;

/**
 * One evaluated bound of one limit for one run (and one kind of summary), or for one test of a run.
 *
 * @param run      the run; for a rule whose run pattern matched no run, the pattern
 * @param kind     the kind of summary checked ({@code allocations}, {@code leaks}); {@code null} when no summary
 *                 of the run measures the metric, or no run matched
 * @param profiler the profiler of that summary; when none measures the metric, the run's profilers
 *                 ({@code heaptrack}, {@code heaptrack or xctrace}); {@code null} when no run matched
 * @param metric   the metric; {@code null} for the check of how the run ended
 * @param limit    the bound, {@code maximum 64 MiB} or {@code maximum increase 5%}
 * @param actual   the run's figure; {@code null} when not measured
 * @param baseline the baseline's figure for the same run, kind and profiler; {@code null} when there is none
 * @param outcome  passed, failed, or skipped (a default rule on a metric the profiler does not measure, or a
 *                 maximum increase without a baseline figure when a baseline is not required)
 * @param level    the rule's level: a failure at {@link Level#ERROR} fails the gate
 * @param message  one line for the build log, e.g.
 *                 {@code run 'parse-big': peak heap is 71.2 MiB, but expected maximum is 64 MiB}
 * @param test     for a rule with {@code <tests>}: the test checked ({@code com.example.CodecTest#decodes}), or,
 *                 when the rule found no test to check in the run, the test pattern that matched no test, or the
 *                 rule's test patterns, comma-separated, when the run's summaries have no per-test figures;
 *                 {@code null} for a check of a run's totals
 */
public record Check(String run, String kind, String profiler, Metric metric, String limit, Long actual,
        Long baseline, Outcome outcome, Level level, String message, String test) {

    /** A check of a run's totals (no test). */
    public Check(String run, String kind, String profiler, Metric metric, String limit, Long actual, Long baseline,
            Outcome outcome, Level level, String message) {
        this(run, kind, profiler, metric, limit, actual, baseline, outcome, level, message, null);
    }

    public enum Outcome {
        PASSED,
        FAILED,
        /**
         * Not evaluated: a default rule meets a metric the profiler does not measure, or a maximum increase has no
         * baseline figure yet and a baseline is not required.
         */
        SKIPPED
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    public boolean skipped() {
        return outcome == Outcome.SKIPPED;
    }

    /** Skipped because the maximum increase has no baseline figure yet (the run's own figure is known). */
    public boolean awaitsBaseline() {
        return outcome == Outcome.SKIPPED && actual != null;
    }
}
