package io.github.rustinstruments.maven.gate;

import io.github.rustinstruments.maven.summary.Summary;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * A pattern of test names ({@code com.example.CodecTest#decodes}, {@code com.example.ParamTest#decodes[2]}), with
 * the wildcards of {@link RunPattern}: {@code *} stands for any characters (also none), {@code ?} for exactly one;
 * everything else matches itself, case-sensitively. It never matches the entries of a summary's {@code tests} that
 * are not tests ({@link Summary#OUTSIDE_TESTS}, {@link Summary#OVERLAPPING_TESTS}).
 */
public final class TestPattern {
    private final String text;

    private TestPattern(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException when the pattern is blank, or can only name an entry that is not a test
     */
    public static TestPattern of(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty test pattern; write a test as <class>#<method>"
                    + " (com.example.CodecTest#decodes), or a pattern with * and ? (*CodecTest*)");
        }
        if (trimmed.startsWith("(")) {
            throw new IllegalArgumentException("test pattern '" + trimmed + "' can never match: "
                    + Summary.OUTSIDE_TESTS + " and " + Summary.OVERLAPPING_TESTS + " are not tests, and test names"
                    + " start with their class; limit the run's totals in a rule without <tests> instead");
        }
        return new TestPattern(trimmed);
    }

    /** Whether the entry is a test and its name matches. */
    public boolean matches(Summary.TestEntry entry) {
        return entry != null && entry.isTest() && matches(entry.test());
    }

    /** Whether the name matches; the names of entries that are not tests never do. */
    public boolean matches(String test) {
        return Summary.isTestName(test) && SelectorUtils.match(text, test, true);
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestPattern pattern && pattern.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
