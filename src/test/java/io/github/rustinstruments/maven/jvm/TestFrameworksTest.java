package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestFrameworksTest {
    private static final List<String> NONE = List.of();

    @Test
    void theJUnitPlatformInAnyFormIsFine() {
        for (String dependency : List.of("org.junit.jupiter:junit-jupiter", "org.junit.jupiter:junit-jupiter-engine",
                "org.junit.jupiter:junit-jupiter-api", "org.junit.platform:junit-platform-suite",
                "org.junit.vintage:junit-vintage-engine")) {
            assertEquals(Optional.empty(), TestFrameworks.perTestWarning(List.of("junit:junit", dependency), NONE),
                    dependency);
        }
        assertEquals(Optional.empty(), TestFrameworks.perTestWarning(List.of("org.testng:testng",
                "org.junit.jupiter:junit-jupiter"), NONE));
    }

    @Test
    void junit4AloneOrTestNGGetTheWarning() {
        String junit4 = TestFrameworks.perTestWarning(List.of("com.example:codec", "junit:junit"), NONE).orElseThrow();
        assertTrue(junit4.startsWith("The tests run with JUnit 4 (junit:junit) without the JUnit Platform: per-test"
                + " attribution needs the JUnit Platform provider"), junit4);
        assertTrue(junit4.endsWith("the tests still run under the profiler, the run gets no per-test split"), junit4);
        String testng = TestFrameworks.perTestWarning(List.of("org.testng:testng"), NONE).orElseThrow();
        assertTrue(testng.startsWith("The tests run with TestNG (org.testng:testng): per-test attribution"), testng);
    }

    @Test
    void aProviderGivenToTheTestPluginsDecides() {
        List<String> jupiter = List.of("org.junit.jupiter:junit-jupiter");
        String forced = TestFrameworks.perTestWarning(jupiter, List.of("org.apache.maven.surefire:surefire-junit47"))
                .orElseThrow();
        assertTrue(forced.startsWith("The test plugins are given the provider"
                + " org.apache.maven.surefire:surefire-junit47: per-test attribution needs"), forced);
        assertTrue(TestFrameworks.perTestWarning(jupiter, List.of("org.apache.maven.surefire:surefire-testng"))
                .isPresent());
        assertEquals(Optional.empty(), TestFrameworks.perTestWarning(List.of("junit:junit"),
                List.of("com.example:other", "org.apache.maven.surefire:surefire-junit-platform")));
    }

    @Test
    void noFrameworkInSightIsNoWarning() {
        // a framework that comes transitively (a starter, a BOM's aggregate) cannot be told from the pom
        assertEquals(Optional.empty(), TestFrameworks.perTestWarning(List.of("org.example:test-starter"), NONE));
        assertEquals(Optional.empty(), TestFrameworks.perTestWarning(NONE, NONE));
    }
}
