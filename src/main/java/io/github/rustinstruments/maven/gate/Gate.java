package io.github.rustinstruments.maven.gate;

import io.github.rustinstruments.maven.gate.Check.Outcome;
import io.github.rustinstruments.maven.summary.Summary;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Applies rules to summaries. Every rule, run and limit is evaluated; nothing stops at the first breach.
 *
 * <p>For each run a rule matches and each bound of each limit: the run's summaries that measure the metric are
 * checked, each on its own (the message names the kind when more than one does). When none measures it, the check
 * fails as "not measured by &lt;profiler&gt;" at the rule's level, except for the default rules, whose check is
 * skipped. A maximum increase compares with the baseline's figure of the same run and kind, recorded by the same
 * profiler. Without a baseline figure for the run and kind (no baseline yet, or a run added since), the check is
 * skipped and says to record one, unless a baseline is required: then it fails at the rule's level. A baseline
 * recorded by another profiler fails at the rule's level either way. A configured run pattern that matches none of the
 * runs found fails too (a renamed run must not pass silently); this is not done when there are no summaries at
 * all, which the caller reports on its own.
 *
 * <p>A rule with {@code <tests>} checks, instead of a matched run's totals, each of its summaries' per-test entries
 * (JVM mode) whose test a test pattern matches, the same way: {@code run 'jvm', test 'com.example.CodecTest#leaks':
 * leaked bytes is 400.0 KiB, but expected maximum is 0 B}. A maximum increase compares with the baseline's figures
 * of the same run, kind and test. A test pattern that matches no test of a run is a warning, whatever the rule's
 * level; a run without per-test figures (not a JVM-mode run, or its tests were not marked) fails the rule's limits
 * as not measured per test, at the rule's level.
 */
public final class Gate {
    private Gate() {}

    /** Evaluates with a required baseline: a maximum increase without a baseline figure fails. */
    public static GateResult evaluate(List<CompiledRule> rules, SummarySet summaries, Baseline baselineOrNull) {
        return evaluate(rules, summaries, baselineOrNull, true);
    }

    /**
     * @param baselineOrNull  the baseline; {@code null} when none has been recorded yet
     * @param requireBaseline whether a maximum increase without a baseline figure fails (else it is skipped)
     */
    public static GateResult evaluate(List<CompiledRule> rules, SummarySet summaries, Baseline baselineOrNull,
            boolean requireBaseline) {
        return evaluate(rules, summaries, baselineOrNull, requireBaseline, false);
    }

    /**
     * @param allowFailedRuns whether a run whose program did not end normally (a non-zero status, a signal, its
     *                        time limit) is gated on its figures like any other; by default it fails the gate,
     *                        since its figures describe a different program run than the one budgeted
     */
    public static GateResult evaluate(List<CompiledRule> rules, SummarySet summaries, Baseline baselineOrNull,
            boolean requireBaseline, boolean allowFailedRuns) {
        List<Check> checks = new ArrayList<>();
        if (!allowFailedRuns) {
            endings(summaries, checks);
        }
        Map<String, GateResult.Row> rows = new LinkedHashMap<>();
        for (CompiledRule rule : rules) {
            if (!rule.onlyWhereMeasured() && !summaries.isEmpty()) {
                unmatchedPatterns(rule, summaries, checks);
            }
            for (String run : summaries.runs()) {
                if (!rule.matches(run)) {
                    continue;
                }
                if (rule.perTest()) {
                    tests(rule, run, summaries, baselineOrNull, requireBaseline, checks);
                    continue;
                }
                for (CompiledLimit limit : rule.limits()) {
                    if (limit.maximum() != null) {
                        evaluate(rule, limit, false, run, summaries, baselineOrNull, requireBaseline, checks, rows);
                    }
                    if (limit.maximumIncrease() != null) {
                        evaluate(rule, limit, true, run, summaries, baselineOrNull, requireBaseline, checks, rows);
                    }
                }
            }
        }
        List<GateResult.Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(GateResult.Row.ORDER);
        return new GateResult(checks, sorted);
    }

    /** A failed check for every summary whose run did not end normally (unknown endings are not judged). */
    private static void endings(SummarySet summaries, List<Check> checks) {
        for (String run : summaries.runs()) {
            for (Summary summary : summaries.summaries(run)) {
                Summary.Ended ended = summary.ended();
                if (ended == null || ended.normally()) {
                    continue;
                }
                String where = summaries.summaries(run).size() > 1 ? "run '" + run + "' (" + summary.kind() + ")"
                        : "run '" + run + "'";
                checks.add(new Check(run, summary.kind(), summary.profiler(), null, NORMAL_END,
                        (long) ended.exitCode(), null, Outcome.FAILED, Level.ERROR, where + ": the program "
                        + ended.describe() + ", but expected is " + NORMAL_END + "; fix the program, or set"
                        + " <allowFailedRuns>true</allowFailedRuns> when it is meant to end that way"));
            }
        }
    }

    /** The bound of a run's ending, for messages and the JUnit report. */
    static final String NORMAL_END = "a normal end (exit status 0 within its time limit)";

    private static void unmatchedPatterns(CompiledRule rule, SummarySet summaries, List<Check> checks) {
        for (RunPattern pattern : rule.runs()) {
            if (summaries.runs().stream().anyMatch(pattern::matches)) {
                continue;
            }
            for (CompiledLimit limit : rule.limits()) {
                for (String bound : bounds(limit)) {
                    String message = rule.name() + ": no run matches '" + pattern + "', so its "
                            + limit.metric().label() + " " + bound + " is not checked; runs found: "
                            + String.join(", ", summaries.runs());
                    checks.add(new Check(pattern.toString(), null, null, limit.metric(), bound, null, null,
                            Outcome.FAILED, rule.level(), message));
                }
            }
        }
    }

    private static List<String> bounds(CompiledLimit limit) {
        List<String> bounds = new ArrayList<>();
        if (limit.maximum() != null) {
            bounds.add(limit.maximumDescription());
        }
        if (limit.maximumIncrease() != null) {
            bounds.add(limit.maximumIncreaseDescription());
        }
        return bounds;
    }

    private static void evaluate(CompiledRule rule, CompiledLimit limit, boolean increase, String run,
            SummarySet summaries, Baseline baseline, boolean requireBaseline, List<Check> checks,
            Map<String, GateResult.Row> rows) {
        Metric metric = limit.metric();
        String bound = increase ? limit.maximumIncreaseDescription() : limit.maximumDescription();
        List<Summary> measuring = summaries.summaries(run).stream()
                .filter(summary -> metric.valueIn(summary) != null).toList();
        if (measuring.isEmpty()) {
            String profilers = summaries.summaries(run).stream()
                    .map(summary -> summary.profiler() == null ? "an unnamed profiler" : summary.profiler())
                    .distinct().collect(Collectors.joining(" or "));
            String message = "run '" + run + "': " + metric.label() + " is not measured by " + profilers;
            if (rule.onlyWhereMeasured()) {
                checks.add(new Check(run, null, profilers, metric, bound, null, null, Outcome.SKIPPED, rule.level(),
                        message + "; " + rule.name() + " skipped"));
                return;
            }
            checks.add(new Check(run, null, profilers, metric, bound, null, null, Outcome.FAILED, rule.level(),
                    message));
            row(rows, new GateResult.Row(run, null, false, metric, "not measured", "-", "-"));
            return;
        }
        for (Summary summary : measuring) {
            String where = measuring.size() > 1 ? "run '" + run + "' (" + summary.kind() + ")" : "run '" + run + "'";
            long actual = metric.valueIn(summary);
            Long reference = comparable(baseline, run, summary, metric, null);
            Check check = increase
                    ? increase(rule, limit, where, summary, actual, reference, baseline, requireBaseline, run, null)
                    : maximum(rule, limit, where, run, summary, actual, reference, null);
            checks.add(check);
            boolean showKind = measuring.size() > 1;
            if (reference == null) {
                row(rows, new GateResult.Row(run, summary.kind(), showKind, metric, metric.format(actual), "-",
                        "-"));
            } else {
                String[] shown = Figures.pair(metric, reference, actual);
                row(rows, new GateResult.Row(run, summary.kind(), showKind, metric, shown[1], shown[0],
                        Figures.change(metric, reference, actual)));
            }
        }
    }

    /** The first check of a run, kind and metric makes its row. */
    private static void row(Map<String, GateResult.Row> rows, GateResult.Row row) {
        rows.putIfAbsent(row.run() + "\u0000" + row.kind() + "\u0000" + row.metric(), row);
    }

    /**
     * The baseline's figure for the same run and kind (and test, unless {@code null}), when the same profiler
     * recorded it.
     */
    private static Long comparable(Baseline baseline, String run, Summary summary, Metric metric, String test) {
        if (baseline == null) {
            return null;
        }
        return baseline.entry(run, summary.kind())
                .filter(entry -> Objects.equals(entry.profiler(), summary.profiler()))
                .map(entry -> test == null ? entry.value(metric)
                        : entry.test(test).map(figures -> figures.value(metric)).orElse(null))
                .orElse(null);
    }

    /** The checks of a rule with {@code <tests>} in one run. */
    private static void tests(CompiledRule rule, String run, SummarySet summaries, Baseline baseline,
            boolean requireBaseline, List<Check> checks) {
        List<Summary> split = summaries.summaries(run).stream().filter(summary -> summary.tests() != null).toList();
        if (split.isEmpty()) {
            notSplit(rule, run, summaries.summaries(run), checks);
            return;
        }
        for (Summary summary : split) {
            String where = split.size() > 1 ? "run '" + run + "' (" + summary.kind() + ")" : "run '" + run + "'";
            List<Summary.TestEntry> matched = summary.tests().stream()
                    .filter(entry -> entry != null && rule.matchesTest(entry.test())).toList();
            for (TestPattern pattern : rule.tests()) {
                if (matched.stream().noneMatch(pattern::matches)) {
                    unmatchedTests(rule, pattern, where, run, summary, checks);
                }
            }
            for (Summary.TestEntry entry : matched) {
                for (CompiledLimit limit : rule.limits()) {
                    if (limit.maximum() != null) {
                        checks.add(test(rule, limit, false, where, run, summary, entry, baseline, requireBaseline));
                    }
                    if (limit.maximumIncrease() != null) {
                        checks.add(test(rule, limit, true, where, run, summary, entry, baseline, requireBaseline));
                    }
                }
            }
        }
    }

    /** One bound of one limit for one test. */
    private static Check test(CompiledRule rule, CompiledLimit limit, boolean increase, String runWhere, String run,
            Summary summary, Summary.TestEntry entry, Baseline baseline, boolean requireBaseline) {
        Metric metric = limit.metric();
        String where = runWhere + ", test '" + entry.test() + "'";
        Long actual = metric.valueIn(entry);
        if (actual == null) {
            String bound = increase ? limit.maximumIncreaseDescription() : limit.maximumDescription();
            String profiler = summary.profiler() == null ? "an unnamed profiler" : summary.profiler();
            return new Check(run, summary.kind(), profiler, metric, bound, null, null, Outcome.FAILED,
                    rule.level(), where + ": " + metric.label() + " is not measured by " + profiler, entry.test());
        }
        Long reference = comparable(baseline, run, summary, metric, entry.test());
        return increase
                ? increase(rule, limit, where, summary, actual, reference, baseline, requireBaseline, run,
                        entry.test())
                : maximum(rule, limit, where, run, summary, actual, reference, entry.test());
    }

    /** The most test names a message lists. */
    static final int TESTS_LISTED = 5;

    /** A warning for each bound of a rule's limits that a test pattern leaves unchecked in a run. */
    private static void unmatchedTests(CompiledRule rule, TestPattern pattern, String where, String run,
            Summary summary, List<Check> checks) {
        List<String> found = summary.tests().stream()
                .filter(entry -> entry != null && entry.test() != null && entry.isTest())
                .map(Summary.TestEntry::test).toList();
        String tests;
        if (found.isEmpty()) {
            tests = "its summary lists no test";
        } else {
            tests = "tests found: " + String.join(", ", found.subList(0, Math.min(found.size(), TESTS_LISTED)))
                    + (found.size() > TESTS_LISTED ? " and " + (found.size() - TESTS_LISTED) + " more" : "");
        }
        for (CompiledLimit limit : rule.limits()) {
            for (String bound : bounds(limit)) {
                String message = rule.name() + ": no test of " + where + " matches '" + pattern + "', so its "
                        + limit.metric().label() + " " + bound + " is not checked there; " + tests;
                checks.add(new Check(run, summary.kind(), summary.profiler(), limit.metric(), bound, null, null,
                        Outcome.FAILED, Level.WARN, message, pattern.toString()));
            }
        }
    }

    /**
     * A rule with {@code <tests>} on a run whose summaries have no per-test figures: each bound fails as not
     * measured per test, at the rule's level, saying why there are none.
     */
    private static void notSplit(CompiledRule rule, String run, List<Summary> summaries, List<Check> checks) {
        String profilers = summaries.stream()
                .map(summary -> summary.profiler() == null ? "an unnamed profiler" : summary.profiler())
                .distinct().collect(Collectors.joining(" or "));
        boolean jvm = summaries.stream().anyMatch(Gate::jvmMode);
        String why = jvm
                ? "its summary has no per-test figures because no test JVM of the run marked its tests: only tests"
                        + " that Surefire or Failsafe run on the JUnit Platform are marked (not those of the JUnit 4"
                        + " or TestNG providers)"
                : "the run is not a JVM-mode run (rust-instruments:jvm-allocations), and only those have per-test"
                        + " figures; name only JVM-mode runs in the rule's <runs>";
        String patterns = rule.tests().stream().map(TestPattern::toString).collect(Collectors.joining(", "));
        for (CompiledLimit limit : rule.limits()) {
            for (String bound : bounds(limit)) {
                String message = "run '" + run + "': " + limit.metric().label() + " per test is not measured by "
                        + profilers + ", so " + rule.name() + "'s " + bound + " for tests " + rule.testsText()
                        + " is not checked: " + why;
                checks.add(new Check(run, null, profilers, limit.metric(), bound, null, null, Outcome.FAILED,
                        rule.level(), message, patterns));
            }
        }
    }

    /** Whether a summary is of a run in the project's test JVMs. */
    private static boolean jvmMode(Summary summary) {
        return Summary.LIBRARY_SCOPE.equals(summary.scope())
                || summary.profiler() != null && summary.profiler().endsWith("-jvm");
    }

    private static Check maximum(CompiledRule rule, CompiledLimit limit, String where, String run, Summary summary,
            long actual, Long reference, String test) {
        Metric metric = limit.metric();
        long maximum = limit.maximum();
        String value = Figures.against(metric, actual, maximum);
        boolean passed = actual <= maximum;
        String message = passed
                ? where + ": " + metric.label() + " is " + value + ", within maximum " + limit.maximumText()
                : where + ": " + metric.label() + " is " + value + ", but expected maximum is " + limit.maximumText();
        return new Check(run, summary.kind(), summary.profiler(), metric,
                limit.maximumDescription(), actual, reference, passed ? Outcome.PASSED : Outcome.FAILED,
                rule.level(), message, test);
    }

    private static Check increase(CompiledRule rule, CompiledLimit limit, String where, Summary summary,
            long actual, Long reference, Baseline baseline, boolean requireBaseline, String run, String test) {
        Metric metric = limit.metric();
        String bound = limit.maximumIncreaseDescription();
        if (reference == null) {
            Baseline.Entry entry = baseline == null ? null : baseline.entry(run, summary.kind()).orElse(null);
            if (entry != null && !Objects.equals(entry.profiler(), summary.profiler())) {
                // a baseline exists but is not comparable: a changed setup must not pass unnoticed
                String message = where + ": " + metric.label() + " has no baseline to compare with: the baseline"
                        + " was recorded by " + entry.profiler() + ", this run by " + summary.profiler()
                        + "; run rust-instruments:baseline again";
                return new Check(run, summary.kind(), summary.profiler(), metric, bound, actual, null,
                        Outcome.FAILED, rule.level(), message, test);
            }
            if (!requireBaseline) {
                // the first build of a project has no baseline yet; it must not fail for that
                String message = where + ": " + metric.label() + " has no baseline yet, so its " + bound
                        + " is not checked; run mvn rust-instruments:baseline and commit the baseline file";
                return new Check(run, summary.kind(), summary.profiler(), metric, bound, actual, null,
                        Outcome.SKIPPED, rule.level(), message, test);
            }
            String message = where + ": " + metric.label() + " has no baseline to compare with; run"
                    + " rust-instruments:baseline first";
            return new Check(run, summary.kind(), summary.profiler(), metric, bound, actual, null, Outcome.FAILED,
                    rule.level(), message, test);
        }
        BigDecimal allowed = limit.maximumIncreaseExact();
        boolean passed = Figures.withinIncrease(reference, actual, allowed);
        String[] shown = Figures.pair(metric, reference, actual);
        String relation;
        if (actual == reference) {
            relation = "the same as the baseline";
        } else {
            BigDecimal change = Figures.percentChange(reference, actual);
            String amount = change == null ? "" : Figures.percent(change, allowed) + " ";
            relation = amount + (actual > reference ? "above" : "below") + " the baseline of " + shown[0];
        }
        String message = where + ": " + metric.label() + " is " + shown[1] + ", " + relation
                + (passed ? ", within maximum increase " : ", but expected maximum increase is ")
                + limit.maximumIncreaseText();
        return new Check(run, summary.kind(), summary.profiler(), metric, bound, actual, reference,
                passed ? Outcome.PASSED : Outcome.FAILED, rule.level(), message, test);
    }
}
