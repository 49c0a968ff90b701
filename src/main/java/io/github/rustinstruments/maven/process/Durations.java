package io.github.rustinstruments.maven.process;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax of the {@code timeLimit} parameter: {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private Durations() {}

    /**
     * @param text a sequence of number+unit parts, or a plain number of seconds
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String text) {
        try {
            return parseChecked(text);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a time limit: write it like 90s, 10m,"
                    + " 1h30m or 500ms");
        }
    }

    private static Duration parseChecked(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (value.matches("\\d+")) {
            return positive(Duration.ofSeconds(Long.parseLong(value)), text);
        }
        Matcher matcher = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = matcher.end();
        }
        if (value.isEmpty() || end != value.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it like 90s, 10m, 1h30m or"
                    + " 500ms (a plain number means seconds)");
        }
        return positive(total, text);
    }

    private static Duration positive(Duration duration, String text) {
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a usable time limit: it must be more than 0");
        }
        return duration;
    }

    /** The same syntax back: {@code 3s}, {@code 10m}, {@code 1h30m}, {@code 1500ms}. */
    public static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.getSeconds();
        StringBuilder out = new StringBuilder();
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            out.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0 || out.length() == 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }
}
