package io.github.rustinstruments.maven.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Validates the configured rules, all at once, and provides the default rules. */
public final class GateRules {
    private GateRules() {}

    /**
     * Compiles the configured rules. Every rule and limit is checked before anything is thrown, so one build
     * shows every mistake: unknown metric or level, malformed value, a limit with neither {@code <maximum>} nor
     * {@code <maximumIncrease>}, a rule without limits, a run pattern no run name can match, a test pattern no
     * test name can match, and in a rule with {@code <tests>} a metric that is not measured per test. A limit with
     * both bounds is valid and becomes two checks.
     *
     * @param rules as configured; {@code null} or empty compiles to no rules (see {@link #compileOrDefaults})
     * @throws InvalidRulesException listing each problem, e.g.
     *     {@code rule 1, limit 2: unknown metric 'PEAK_HEEP'; valid metrics: ALLOCATIONS, ...}
     */
    public static List<CompiledRule> compile(List<Rule> rules) {
        if (rules == null || rules.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        List<CompiledRule> compiled = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            String where = "rule " + (r + 1);
            Rule rule = rules.get(r);
            if (rule == null) {
                problems.add(where + " is empty");
                continue;
            }
            int before = problems.size();
            List<RunPattern> patterns = patterns(rule.getRuns(), where, problems);
            List<TestPattern> tests = testPatterns(rule.getTests(), where, problems);
            boolean perTest = rule.getTests() != null && !rule.getTests().isEmpty();
            Level level = null;
            try {
                level = Level.parse(rule.getLevel());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
            List<CompiledLimit> limits = limits(rule.getLimits(), where, perTest, problems);
            if (problems.size() == before) {
                compiled.add(new CompiledRule(r + 1, patterns, limits, level, false, tests));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return List.copyOf(compiled);
    }

    /** The configured rules, or {@link #defaults()} when none are configured. */
    public static List<CompiledRule> compileOrDefaults(List<Rule> rules) {
        return rules == null || rules.isEmpty() ? defaults() : compile(rules);
    }

    /**
     * The gate when no rules are configured: no definitely lost bytes and no memcheck errors, in every run, at
     * level ERROR, applied only where measured (a heaptrack run has neither figure, and its checks are skipped,
     * not failed).
     */
    public static List<CompiledRule> defaults() {
        return List.of(new CompiledRule(1, List.of(RunPattern.all()), List.of(
                CompiledLimit.of(Metric.DEFINITELY_LOST_BYTES, "0", null),
                CompiledLimit.of(Metric.MEMCHECK_ERRORS, "0", null)), Level.ERROR, true));
    }

    /** Whether any rule has a {@code <maximumIncrease>}, so that the gate needs a baseline. */
    public static boolean usesBaseline(List<CompiledRule> rules) {
        return rules.stream().anyMatch(CompiledRule::usesBaseline);
    }

    private static List<RunPattern> patterns(List<String> runs, String where, List<String> problems) {
        Set<RunPattern> patterns = new LinkedHashSet<>();
        if (runs != null) {
            for (String run : runs) {
                try {
                    patterns.add(RunPattern.of(run));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
        }
        return new ArrayList<>(patterns);
    }

    private static List<TestPattern> testPatterns(List<String> tests, String where, List<String> problems) {
        Set<TestPattern> patterns = new LinkedHashSet<>();
        if (tests != null) {
            for (String test : tests) {
                try {
                    patterns.add(TestPattern.of(test));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
        }
        return new ArrayList<>(patterns);
    }

    private static List<CompiledLimit> limits(List<Limit> limits, String rule, boolean perTest,
            List<String> problems) {
        List<CompiledLimit> compiled = new ArrayList<>();
        if (limits == null || limits.isEmpty()) {
            problems.add(rule + " has no <limits>; add at least one <limit> with a <metric> and a <maximum>"
                    + " or <maximumIncrease>");
            return compiled;
        }
        for (int l = 0; l < limits.size(); l++) {
            String where = rule + ", limit " + (l + 1);
            Limit limit = limits.get(l);
            if (limit == null) {
                problems.add(where + " is empty");
                continue;
            }
            Metric metric = null;
            try {
                metric = Metric.parse(limit.getMetric());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
            String maximum = blankToNull(limit.getMaximum());
            String increase = blankToNull(limit.getMaximumIncrease());
            if (maximum == null && increase == null) {
                problems.add(where + " has neither <maximum> nor <maximumIncrease>");
                continue;
            }
            boolean valid = metric != null;
            if (metric != null && perTest && !metric.isPerTest()) {
                problems.add(where + ": " + metric.name() + " is not measured per test, so a rule with <tests>"
                        + " cannot limit it; metrics measured per test: " + Metric.perTestNames() + " (limit "
                        + metric.name() + " of the whole run in a rule without <tests>)");
                valid = false;
            }
            if (maximum != null) {
                // without a known metric, whether units are allowed is unknown: accept them, report the metric
                try {
                    Quantity.amount(maximum, metric == null || metric.isBytes());
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": <maximum>" + of(metric) + " " + e.getMessage());
                    valid = false;
                }
            }
            if (increase != null) {
                try {
                    Quantity.percent(increase);
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": <maximumIncrease>" + of(metric) + " " + e.getMessage());
                    valid = false;
                }
            }
            if (valid) {
                compiled.add(CompiledLimit.of(metric, maximum, increase));
            }
        }
        return compiled;
    }

    private static String of(Metric metric) {
        return metric == null ? "" : " of " + metric.name() + ":";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
