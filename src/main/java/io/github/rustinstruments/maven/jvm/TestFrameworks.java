package io.github.rustinstruments.maven.jvm;

import java.util.Collection;
import java.util.Optional;

/**
 * Whether the project's tests run on the JUnit Platform, where the plugin's test markers listener splits a run by
 * test, told from the project's declared dependencies and the test plugins' own (a provider forced there wins).
 * JUnit 5 (Jupiter), and JUnit 4 tests through {@code junit-vintage-engine}, run on it; Surefire's JUnit 4 and TestNG
 * providers do not load the listener.
 */
public final class TestFrameworks {
    private static final String CONSEQUENCE = "per-test attribution needs the JUnit Platform provider of Surefire and"
            + " Failsafe (JUnit 5 Jupiter, or JUnit 4 tests through org.junit.vintage:junit-vintage-engine); the tests"
            + " still run under the profiler, the run gets no per-test split";

    private TestFrameworks() {}

    /**
     * @param dependencies the project's dependencies, {@code groupId:artifactId}
     * @param providers    the dependencies of the Surefire and Failsafe plugins, {@code groupId:artifactId}
     * @return the warning when the tests run on another provider; empty on the JUnit Platform, and when it cannot be
     *         told (no test framework among the declared dependencies: it may come transitively)
     */
    public static Optional<String> perTestWarning(Collection<String> dependencies, Collection<String> providers) {
        for (String provider : providers) {
            if (provider.equals("org.apache.maven.surefire:surefire-junit-platform")) {
                return Optional.empty();
            }
            if (provider.startsWith("org.apache.maven.surefire:surefire-junit")
                    || provider.equals("org.apache.maven.surefire:surefire-testng")) {
                return Optional.of("The test plugins are given the provider " + provider + ": " + CONSEQUENCE);
            }
        }
        boolean platform = dependencies.stream().anyMatch(d -> d.startsWith("org.junit.jupiter:")
                || d.startsWith("org.junit.platform:") || d.startsWith("org.junit.vintage:"));
        if (platform) {
            return Optional.empty();
        }
        if (dependencies.contains("org.testng:testng")) {
            return Optional.of("The tests run with TestNG (org.testng:testng): " + CONSEQUENCE);
        }
        if (dependencies.contains("junit:junit")) {
            return Optional.of("The tests run with JUnit 4 (junit:junit) without the JUnit Platform: " + CONSEQUENCE);
        }
        return Optional.empty();
    }
}
