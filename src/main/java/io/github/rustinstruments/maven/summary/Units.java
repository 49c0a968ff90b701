package io.github.rustinstruments.maven.summary;

import java.util.Locale;

/** Human-readable figures for the console: binary byte units and grouped counts. */
public final class Units {
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {}

    /** {@code 544 B}, {@code 181.6 KiB}, {@code 71.2 MiB}; {@code n/a} for an unknown figure. */
    public static String bytes(Long bytes) {
        if (bytes == null) {
            return "n/a";
        }
        double value = bytes;
        int unit = 0;
        // 1048575 B must read 1.0 MiB, not 1024.0 KiB: compare what will be printed, after rounding
        while (Math.abs(Math.round(value * 10) / 10.0) >= 1024 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }

    /** {@code 1,234,567}; {@code n/a} for an unknown figure. */
    public static String count(Long count) {
        return count == null ? "n/a" : String.format(Locale.ROOT, "%,d", count);
    }

    /** {@code 850 ms}, {@code 12.3 s}. */
    public static String millis(Long millis) {
        if (millis == null) {
            return "n/a";
        }
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
