package io.github.rustinstruments.maven.gate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Figures in gate messages, never rounded into a misreading (a breach that reads as "64 MiB, maximum 64 MiB"). */
final class Figures {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Figures() {}

    /**
     * The value as compared with a maximum: in human units, unless their rounding would put it on the wrong side
     * of the maximum; then exactly ({@code 67,108,865 B}).
     */
    static String against(Metric metric, long value, long maximum) {
        String human = metric.format(value);
        if (!metric.isBytes()) {
            return human;
        }
        long shown = Quantity.parseAmount(human, true);
        boolean misleading = value > maximum ? shown <= maximum : shown > maximum;
        return misleading ? exact(value) : human;
    }

    /**
     * Two values of a metric, in human units unless they would read the same although they differ; then both
     * exactly.
     */
    static String[] pair(Metric metric, long first, long second) {
        String a = metric.format(first);
        String b = metric.format(second);
        if (first != second && a.equals(b)) {
            return new String[] {exact(first), exact(second)};
        }
        return new String[] {a, b};
    }

    private static String exact(long bytes) {
        return String.format(Locale.ROOT, "%,d B", bytes);
    }

    /** The change from baseline to current in percent of the baseline; {@code null} for a baseline of 0. */
    static BigDecimal percentChange(long baseline, long current) {
        if (baseline == 0) {
            return null;
        }
        return BigDecimal.valueOf(current - baseline).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(baseline), MathContext.DECIMAL64);
    }

    /** Whether current is at most {@code percent} above the baseline, computed exactly; inclusive. */
    static boolean withinIncrease(long baseline, long current, BigDecimal percent) {
        BigDecimal allowed = BigDecimal.valueOf(baseline).multiply(HUNDRED.add(percent));
        return BigDecimal.valueOf(current).multiply(HUNDRED).compareTo(allowed) <= 0;
    }

    /**
     * A non-negative percentage with one decimal, or as many more as it takes to read on the same side of the
     * limit as the exact value ({@code 5.04%} against a limit of 5%, not {@code 5.0%}).
     */
    static String percent(BigDecimal value, BigDecimal limit) {
        BigDecimal magnitude = value.abs();
        int exactSide = Integer.signum(magnitude.compareTo(limit));
        for (int decimals = 1; decimals <= 12; decimals++) {
            BigDecimal rounded = magnitude.setScale(decimals, RoundingMode.HALF_UP);
            int side = Integer.signum(rounded.compareTo(limit));
            if (side == exactSide || (exactSide < 0 && side == 0)) {
                return rounded.toPlainString() + "%";
            }
        }
        return magnitude.stripTrailingZeros().toPlainString() + "%";
    }

    /** {@code +8.1%}, {@code -3.2%}, {@code 0%} (unchanged), {@code +12 B} from a baseline of 0. */
    static String change(Metric metric, long baseline, long current) {
        if (baseline == current) {
            return "0%";
        }
        BigDecimal change = percentChange(baseline, current);
        if (change == null) {
            return "+" + metric.format(current - baseline);
        }
        String text = change.abs().setScale(1, RoundingMode.HALF_UP).toPlainString();
        if (text.equals("0.0")) {
            text = change.abs().round(new MathContext(2)).stripTrailingZeros().toPlainString();
        }
        return (change.signum() > 0 ? "+" : "-") + text + "%";
    }
}
