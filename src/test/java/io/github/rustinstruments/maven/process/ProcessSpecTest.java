package io.github.rustinstruments.maven.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

    @Test
    void buildsTheArgumentListFromExecutableAndArguments() {
        ProcessSpec spec = ProcessSpec.of("cargo", "build", "--offline");

        assertEquals(List.of("cargo", "build", "--offline"), spec.command());
    }

    @Test
    void copiesTheCommandSoLaterChangesDoNotLeakIn() {
        List<String> command = new ArrayList<>(List.of("cargo", "build"));
        ProcessSpec spec = ProcessSpec.of(command);

        command.add("--release");

        assertEquals(List.of("cargo", "build"), spec.command());
    }

    @Test
    void refusesAnEmptyCommand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessSpec.of(List.of()));

        assertEquals("empty command", e.getMessage());
    }

    @Test
    void environmentIgnoresNullKeysAndValuesAndKeepsOrder() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("B", "2");
        variables.put(null, "x");
        variables.put("NULLED", null);
        variables.put("A", "1");

        ProcessSpec spec = ProcessSpec.of("true").environment(variables).environment(null)
                .environment(Map.of("C", "3"));

        assertEquals(List.of("B", "A", "C"), List.copyOf(spec.environment().keySet()));
        assertEquals(Map.of("A", "1", "B", "2", "C", "3"), spec.environment());
    }

    @Test
    void laterEnvironmentEntriesReplaceEarlierOnes() {
        ProcessSpec spec = ProcessSpec.of("true").environment(Map.of("A", "1")).environment(Map.of("A", "2"));

        assertEquals(Map.of("A", "2"), spec.environment());
    }

    @Test
    void keepsDirectoryTimeoutAndHint() {
        ProcessSpec spec = ProcessSpec.of("true").directory(java.nio.file.Path.of("/tmp"))
                .timeout(Duration.ofSeconds(3)).installHint("install it");

        assertEquals(java.nio.file.Path.of("/tmp"), spec.directory());
        assertEquals(Duration.ofSeconds(3), spec.timeout());
        assertEquals("install it", spec.installHint());
    }

    @Test
    void refusesNullSinks() {
        assertThrows(NullPointerException.class, () -> ProcessSpec.of("true").stdout(null));
        assertThrows(NullPointerException.class, () -> ProcessSpec.of("true").stderr(null));
    }
}
