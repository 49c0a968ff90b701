package io.github.rustinstruments.maven.gate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Every check of a gate evaluation, in rule, run and limit order, and the current-vs-baseline table. */
public final class GateResult {
    /**
     * One line of the table: the figures of one metric of one run, as shown.
     *
     * @param kind the kind of summary, shown after the run when several of the run's summaries measure the metric
     */
    record Row(String run, String kind, boolean showKind, Metric metric, String current, String baseline,
            String change) {
        static final Comparator<Row> ORDER = Comparator.comparing(Row::run).thenComparing(Row::metric)
                .thenComparing(Row::kind, Comparator.nullsFirst(Comparator.naturalOrder()));

        String runText() {
            return showKind ? run + " (" + kind + ")" : run;
        }
    }

    private final List<Check> checks;
    private final List<Row> rows;

    GateResult(List<Check> checks, List<Row> rows) {
        this.checks = List.copyOf(checks);
        this.rows = List.copyOf(rows);
    }

    public List<Check> checks() {
        return checks;
    }

    /** The failed checks at a level. */
    public List<Check> failures(Level level) {
        return checks.stream().filter(check -> check.failed() && check.level() == level).toList();
    }

    /** Every failed check, at any level. */
    public List<Check> failures() {
        return checks.stream().filter(Check::failed).toList();
    }

    /**
     * The checks that were skipped: default rules on metrics the profiler does not measure, and maximum increases
     * without a baseline figure when a baseline is not required.
     */
    public List<Check> skipped() {
        return checks.stream().filter(Check::skipped).toList();
    }

    /** No check failed at {@link Level#ERROR}. */
    public boolean passed() {
        return failures(Level.ERROR).isEmpty();
    }

    /**
     * One line for the build log: {@code 12 checks: 10 passed, 1 failed, 1 warning, 2 skipped (not measured)};
     * the parts that are zero are left out (except passed).
     */
    public String summaryLine() {
        long passed = checks.stream().filter(Check::passed).count();
        int failed = failures(Level.ERROR).size();
        int warnings = failures(Level.WARN).size();
        long awaiting = checks.stream().filter(Check::awaitsBaseline).count();
        long skipped = skipped().size() - awaiting;
        StringBuilder line = new StringBuilder().append(checks.size())
                .append(checks.size() == 1 ? " check: " : " checks: ").append(passed).append(" passed");
        if (failed > 0) {
            line.append(", ").append(failed).append(" failed");
        }
        if (warnings > 0) {
            line.append(", ").append(warnings).append(warnings == 1 ? " warning" : " warnings");
        }
        if (skipped > 0) {
            line.append(", ").append(skipped).append(" skipped (not measured)");
        }
        if (awaiting > 0) {
            line.append(", ").append(awaiting).append(" skipped (no baseline yet)");
        }
        return line.toString();
    }

    /**
     * A small aligned table of current vs baseline for every run and metric checked, header first; {@code -} where
     * there is no baseline. Empty when nothing was checked.
     *
     * <pre>
     * run        metric     current   baseline  change
     * parse-big  peak heap  71.2 MiB  65.9 MiB   +8.1%
     * </pre>
     */
    public List<String> table() {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"run", "metric", "current", "baseline", "change"});
        for (Row row : rows) {
            cells.add(new String[] {row.runText(), row.metric().label(), row.current(), row.baseline(),
                    row.change()});
        }
        int[] widths = new int[5];
        for (String[] line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] line : cells) {
            String text = String.format(Locale.ROOT, "%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2]
                    + "s  %" + widths[3] + "s  %" + widths[4] + "s", (Object[]) line);
            lines.add(text.stripTrailing());
        }
        return lines;
    }
}
