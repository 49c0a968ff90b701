package io.github.rustinstruments.maven.gate;

import java.util.Locale;

/** What a failed check of a rule does: {@link #ERROR} fails the gate, {@link #WARN} is only reported. */
public enum Level {
    ERROR,
    WARN;

    /**
     * Reads a level as users write it, case-insensitive; {@code null} or blank is {@link #ERROR}, the default.
     *
     * @throws IllegalArgumentException naming the valid levels
     */
    public static Level parse(String text) {
        if (text == null || text.isBlank()) {
            return ERROR;
        }
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Level level : values()) {
            if (level.name().equals(key)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown level '" + text.trim() + "'; valid levels: ERROR, WARN");
    }
}
