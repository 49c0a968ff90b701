package io.github.rustinstruments.maven.gate;

import io.github.rustinstruments.maven.summary.Units;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of limits as users write them.
 *
 * <p>Amounts: a whole number ({@code 0}, {@code 250000}, {@code 250_000}, {@code 250,000}); for byte metrics also
 * a number with a binary unit, {@code B}, {@code KiB}, {@code MiB}, {@code GiB} or {@code TiB} (case-insensitive,
 * spaces allowed: {@code 64MiB}, {@code 64 MiB}, {@code 1.5GiB}); a fraction with a unit above {@code B} is
 * rounded to the nearest byte. {@code KB}, {@code MB}, {@code GB}, {@code K}, {@code M}, {@code G} are refused
 * because half the world reads them as powers of 1000 and half as powers of 1024. Counts take no unit. Negative
 * amounts, exponents and fractions of a byte or of a count are refused. Whatever {@link Units#bytes} prints
 * ({@code 71.2 MiB}) and {@link Units#count} prints ({@code 250,001}) parses back.
 *
 * <p>Percentages, for increases against the baseline: {@code 5%}, {@code +5%}, {@code 0%}, {@code 12.5%}; the
 * {@code %} is required (a bare {@code 5} could mean bytes), a decrease ({@code -5%}) is refused.
 */
public final class Quantity {
    private static final Pattern AMOUNT = Pattern.compile("(\\d+)(?:\\.(\\d+))?([A-Za-z]*)");
    private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?[A-Za-z]*");
    private static final Pattern PERCENT = Pattern.compile("\\+?(\\d+(?:\\.\\d+)?)%");
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    static final String BYTE_FORMS = "a whole number of bytes (65536) or a number with a unit B, KiB, MiB, GiB or"
            + " TiB (64MiB, 1.5 GiB)";
    static final String COUNT_FORMS = "a whole number without a unit (250000, 250_000 or 250,000)";
    static final String PERCENT_FORMS = "a percentage (5%, +5%, 12.5%, 0%)";

    private Quantity() {}

    /** A parsed amount and how to show it in messages ({@code 64 MiB}, {@code 250,000}). */
    record Amount(long value, String display) {}

    /**
     * The amount {@code text} stands for, in bytes when {@code bytes}, else as a plain count.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static long parseAmount(String text, boolean bytes) {
        return amount(text, bytes).value();
    }

    static Amount amount(String text, boolean bytes) {
        String forms = bytes ? BYTE_FORMS : COUNT_FORMS;
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no value given; expected " + forms);
        }
        String compact = text.replaceAll("[\\s_]", "");
        if (compact.startsWith("-")) {
            throw new IllegalArgumentException("'" + text.trim() + "' is negative; expected " + forms);
        }
        if (compact.indexOf(',') >= 0) {
            if (!GROUPED.matcher(compact).matches()) {
                throw new IllegalArgumentException("'" + text.trim() + "' is not a number (',' only groups"
                        + " thousands; write fractions with '.'); expected " + forms);
            }
            compact = compact.replace(",", "");
        }
        Matcher matcher = AMOUNT.matcher(compact);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not an amount; expected " + forms);
        }
        String whole = matcher.group(1);
        String fraction = matcher.group(2);
        String unitText = matcher.group(3);
        if (!unitText.isEmpty() && !bytes) {
            throw new IllegalArgumentException("'" + text.trim() + "' has a unit, but a count takes none; expected "
                    + forms);
        }
        int unit = unit(unitText, text);
        if (fraction != null && unit <= 0) {
            throw new IllegalArgumentException("'" + text.trim() + "' is a fraction of " + (bytes ? "a byte" : "one")
                    + "; expected " + forms);
        }
        BigDecimal number = new BigDecimal(fraction == null ? whole : whole + "." + fraction);
        BigDecimal value = number.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(10 * Math.max(unit, 0))));
        long exact;
        try {
            exact = value.setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException("'" + text.trim() + "' is too large; expected " + forms);
        }
        String display;
        if (unit >= 0) {
            display = number.toPlainString() + " " + UNITS[unit];
        } else if (bytes) {
            display = exactBytes(exact);
        } else {
            display = Units.count(exact);
        }
        return new Amount(exact, display);
    }

    /** The index in {@link #UNITS}, or -1 for none. */
    private static int unit(String unitText, String text) {
        if (unitText.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equalsIgnoreCase(unitText)) {
                return i;
            }
        }
        String upper = unitText.toUpperCase(Locale.ROOT);
        if (upper.matches("[KMGT]B?")) {
            String binary = upper.charAt(0) + "iB";
            throw new IllegalArgumentException("'" + text.trim() + "' is ambiguous: " + unitText + " means a power"
                    + " of 1000 to some and of 1024 to others; write " + binary + " (1024-based) or the number of"
                    + " bytes; expected " + BYTE_FORMS);
        }
        throw new IllegalArgumentException("'" + text.trim() + "' has an unknown unit '" + unitText + "'; expected "
                + BYTE_FORMS);
    }

    /**
     * How a number of bytes reads in a limit: in a binary unit when that is exact ({@code 64.0 KiB} for
     * {@code 65536}), else the exact figure ({@code 65,537 B}), so that a limit never reads rounded.
     */
    static String exactBytes(long bytes) {
        String human = Units.bytes(bytes);
        return amount(human, true).value() == bytes ? human : Units.count(bytes) + " B";
    }

    /**
     * The percentage {@code text} stands for: {@code "5%"} is {@code 5}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static BigDecimal percent(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no percentage given; expected " + PERCENT_FORMS);
        }
        String compact = text.replaceAll("\\s", "");
        if (compact.startsWith("-")) {
            throw new IllegalArgumentException("'" + text.trim() + "' is a decrease; a maximum increase is 0% or"
                    + " more; expected " + PERCENT_FORMS);
        }
        Matcher matcher = PERCENT.matcher(compact);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a percentage; expected "
                    + PERCENT_FORMS);
        }
        return new BigDecimal(matcher.group(1));
    }

    /** {@code 5%}, {@code 12.5%}: the percentage without a sign or trailing zeros. */
    static String percentDisplay(BigDecimal percent) {
        return percent.stripTrailingZeros().toPlainString() + "%";
    }
}
