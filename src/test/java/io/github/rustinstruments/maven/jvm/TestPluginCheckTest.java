package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestPluginCheckTest {
    private static final String LAUNCHER = "/p/target/rust-instruments/jvm-launcher/bin/java";

    @Test
    void anArgLineWithoutThePropertyIsReportedWithTheFix() {
        List<String> warnings = TestPluginCheck.warnings("maven-surefire-plugin", "-Xmx1g", null, LAUNCHER);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("maven-surefire-plugin sets <argLine> without @{argLine}"));
        assertTrue(warnings.get(0).contains("<argLine>@{argLine} -Xmx1g</argLine>"), warnings.get(0));
    }

    @Test
    void anArgLineWithThePropertyIsFine() {
        assertEquals(List.of(), TestPluginCheck.warnings("s", "@{argLine} -Xmx1g", null, LAUNCHER));
        assertEquals(List.of(), TestPluginCheck.warnings("s", null, null, LAUNCHER));
    }

    @Test
    void aLibraryPathAfterThePropertyHidesTheLibrary() {
        List<String> warnings = TestPluginCheck.warnings("s", "@{argLine} -Djava.library.path=/x", null, LAUNCHER);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("before @{argLine}"), warnings.get(0));
        assertEquals(List.of(), TestPluginCheck.warnings("s", "-Djava.library.path=/x @{argLine}", null, LAUNCHER));
    }

    @Test
    void anExplicitJvmIsReportedWithHowToCombine() {
        List<String> warnings = TestPluginCheck.warnings("maven-failsafe-plugin (execution it)", null,
                "/opt/jdk21/bin/java", LAUNCHER);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("<jvm>/opt/jdk21/bin/java</jvm>"), warnings.get(0));
        assertTrue(warnings.get(0).contains("-Drust-instruments.jvm"), warnings.get(0));
        // naming the property, or the launcher itself, keeps the launcher
        assertEquals(List.of(), TestPluginCheck.warnings("s", null, "${jvm}", LAUNCHER));
        assertEquals(List.of(), TestPluginCheck.warnings("s", null, LAUNCHER, LAUNCHER));
    }

    @Test
    void explicitAdditionalClasspathElementsWithoutTheListenerAreReportedWithTheFix() {
        String jar = "/p/target/rust-instruments/jvm-launcher/rust-instruments-junit-listener.jar";
        String warning = TestPluginCheck.listenerWarning("maven-failsafe-plugin", List.of("/opt/extra.jar"), jar)
                .orElseThrow();
        assertTrue(warning.startsWith("maven-failsafe-plugin sets <additionalClasspathElements>, which wins over the"
                + " maven.test.additionalClasspath property"), warning);
        assertTrue(warning.endsWith("add <additionalClasspathElement>" + jar + "</additionalClasspathElement> there"),
                warning);
        assertTrue(TestPluginCheck.listenerWarning("s", List.of(), jar).isPresent());
        assertEquals(Optional.empty(), TestPluginCheck.listenerWarning("s", null, jar));
        assertEquals(Optional.empty(), TestPluginCheck.listenerWarning("s", List.of("/opt/extra.jar", " " + jar), jar));
    }
}
