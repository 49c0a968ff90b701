package io.github.rustinstruments.maven.gate;

import io.github.rustinstruments.maven.summary.Summary.LeakKinds;
import io.github.rustinstruments.maven.summary.Summary.Totals;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.Units;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A figure of the summary contract that a limit can bound: every total, every leak kind, and the number of
 * memory errors. The names are what users write in {@code <metric>}; a typo fails at configuration time.
 */
public enum Metric {
    ALLOCATIONS("allocations", false, Totals::allocations, null),
    ALLOCATED_BYTES("allocated bytes", true, Totals::allocatedBytes, null),
    TEMPORARY_ALLOCATIONS("temporary allocations", false, Totals::temporaryAllocations, null),
    PEAK_HEAP("peak heap", true, Totals::peakHeapBytes, null),
    PEAK_RSS("peak RSS", true, Totals::peakRssBytes, null),
    LEAKED_BYTES("leaked bytes", true, Totals::leakedBytes, null),
    LEAKED_BLOCKS("leaked blocks", false, Totals::leakedBlocks, null),
    DEFINITELY_LOST_BYTES("definitely lost bytes", true, null, LeakKinds::definitelyLostBytes),
    DEFINITELY_LOST_BLOCKS("definitely lost blocks", false, null, LeakKinds::definitelyLostBlocks),
    INDIRECTLY_LOST_BYTES("indirectly lost bytes", true, null, LeakKinds::indirectlyLostBytes),
    INDIRECTLY_LOST_BLOCKS("indirectly lost blocks", false, null, LeakKinds::indirectlyLostBlocks),
    POSSIBLY_LOST_BYTES("possibly lost bytes", true, null, LeakKinds::possiblyLostBytes),
    POSSIBLY_LOST_BLOCKS("possibly lost blocks", false, null, LeakKinds::possiblyLostBlocks),
    STILL_REACHABLE_BYTES("still reachable bytes", true, null, LeakKinds::stillReachableBytes),
    STILL_REACHABLE_BLOCKS("still reachable blocks", false, null, LeakKinds::stillReachableBlocks),
    /** The number of memory errors that are not leaks (invalid reads and writes, ...); only memcheck finds them. */
    MEMCHECK_ERRORS("memcheck errors", false, null, null);

    private final String label;
    private final boolean bytes;
    private final Function<Totals, Long> total;
    private final Function<LeakKinds, Long> leakKind;

    Metric(String label, boolean bytes, Function<Totals, Long> total, Function<LeakKinds, Long> leakKind) {
        this.label = label;
        this.bytes = bytes;
        this.total = total;
        this.leakKind = leakKind;
    }

    /** The words used in messages: {@code peak heap}, {@code definitely lost bytes}. */
    public String label() {
        return label;
    }

    /** Whether the figure is a number of bytes (limits take units) rather than a count. */
    public boolean isBytes() {
        return bytes;
    }

    /** This figure of a summary; {@code null} when the summary's profiler does not measure it. */
    public Long valueIn(Summary summary) {
        if (summary == null) {
            return null;
        }
        Long errors = summary.errors() == null ? null : (long) summary.errors().size();
        return valueIn(summary.totals(), summary.leakKinds(), errors);
    }

    /**
     * This figure of one test's entry of a JVM-mode summary; {@code null} for a metric that is not measured per
     * test (see {@link #isPerTest}), or when the profiler could not know it.
     */
    public Long valueIn(Summary.TestEntry test) {
        if (test == null) {
            return null;
        }
        return perTest(test.allocations(), test.allocatedBytes(), test.peakHeapBytes(), test.leakedBytes(),
                test.leakedBlocks());
    }

    /** The same from the figures a test's entry and a baseline's figures of a test share. */
    Long perTest(Long allocations, Long allocatedBytes, Long peakHeapBytes, Long leakedBytes, Long leakedBlocks) {
        return switch (this) {
            case ALLOCATIONS -> allocations;
            case ALLOCATED_BYTES -> allocatedBytes;
            case PEAK_HEAP -> peakHeapBytes;
            case LEAKED_BYTES -> leakedBytes;
            case LEAKED_BLOCKS -> leakedBlocks;
            default -> null;
        };
    }

    /** Whether a summary's entry for one test has this figure, so that a rule with {@code <tests>} can limit it. */
    public boolean isPerTest() {
        return switch (this) {
            case ALLOCATIONS, ALLOCATED_BYTES, PEAK_HEAP, LEAKED_BYTES, LEAKED_BLOCKS -> true;
            default -> false;
        };
    }

    /** The names of the metrics measured per test, comma-separated, in declaration order. */
    public static String perTestNames() {
        return Arrays.stream(values()).filter(Metric::isPerTest).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** The same from the parts a summary and a baseline entry share. */
    Long valueIn(Totals totals, LeakKinds leakKinds, Long memcheckErrors) {
        if (total != null) {
            return totals == null ? null : total.apply(totals);
        }
        if (leakKind != null) {
            return leakKinds == null ? null : leakKind.apply(leakKinds);
        }
        return memcheckErrors;
    }

    /** {@code 71.2 MiB} for bytes, {@code 250,001} for counts. */
    public String format(long value) {
        return bytes ? Units.bytes(value) : Units.count(value);
    }

    /**
     * Reads a metric name as users write it: case-insensitive, {@code -} for {@code _}, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException naming every valid metric
     */
    public static Metric parse(String text) {
        String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Metric metric : values()) {
            if (metric.name().equals(key)) {
                return metric;
            }
        }
        String message = (text == null || text.isBlank() ? "no metric given" : "unknown metric '" + text.trim() + "'")
                + "; valid metrics: " + names();
        Metric near = nearest(key);
        throw new IllegalArgumentException(near == null ? message : message + "; did you mean " + near + "?");
    }

    /** Every name, comma-separated, in declaration order. */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static Metric nearest(String key) {
        if (key.isEmpty()) {
            return null;
        }
        Metric best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Metric metric : values()) {
            int distance = distance(key, metric.name());
            if (distance < bestDistance) {
                best = metric;
                bestDistance = distance;
            }
        }
        return bestDistance <= 2 ? best : null;
    }

    /** Levenshtein distance: small typos get a suggestion. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
