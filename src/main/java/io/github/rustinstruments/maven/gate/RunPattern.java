package io.github.rustinstruments.maven.gate;

import io.github.rustinstruments.maven.summary.RunNames;
import java.util.regex.Pattern;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * A pattern of run names: {@code *} stands for any characters (also none), {@code ?} for exactly one; everything
 * else matches itself, case-sensitively (run names are directory names).
 */
public final class RunPattern {
    /** The characters of a run name (see {@code RunNames}) and the two wildcards. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._*?-]+");

    private final String text;

    private RunPattern(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException when the pattern is blank or has a character no run name can contain
     */
    public static RunPattern of(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty run pattern; write a run name, or a pattern with * and ?");
        }
        if (!VALID.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("run pattern '" + trimmed + "' can never match: run names contain"
                    + " only letters, digits, '.', '_' and '-' (and patterns the wildcards * and ?)");
        }
        return new RunPattern(trimmed);
    }

    /** The pattern that matches every run. */
    public static RunPattern all() {
        return new RunPattern("*");
    }

    public boolean matches(String run) {
        return run != null && SelectorUtils.match(text, run, true);
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunPattern pattern && pattern.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
