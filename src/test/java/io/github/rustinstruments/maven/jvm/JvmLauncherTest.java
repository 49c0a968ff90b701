package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.profiler.HeaptrackInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmLauncherTest {
    @TempDir
    Path tmp;

    private Jdk jdk() throws IOException {
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tmp.resolve("jdk/release"), "JAVA_VERSION=\"17.0.15\"\n");
        return Jdk.of(java, "test");
    }

    private JvmLauncher.Settings settings(Path runDirectory) throws IOException {
        return new JvmLauncher.Settings(jdk(), new HeaptrackInstallation(Path.of("/h/bin/heaptrack"),
                Path.of("/h/lib/libheaptrack_preload.so"), Path.of("/h/libexec/heaptrack_interpret")),
                new HeaptrackInstallation.Compressor(Path.of("/usr/bin/zstd"), ".zst"), runDirectory);
    }

    @Test
    void writesWhatSurefireNeedsInTheLayoutItAccepts() throws IOException {
        Path directory = tmp.resolve("out dir/jvm-launcher");
        Path java = JvmLauncher.write(directory, settings(tmp.resolve("out dir/jvm")));
        assertEquals(directory.resolve("bin/java"), java);
        assertTrue(Files.isExecutable(java));
        assertEquals(JvmLauncher.script(), Files.readString(java));
        assertEquals("JAVA_VERSION=\"17.0.15\"\n", Files.readString(directory.resolve("release")));
        assertEquals(List.of(JvmLauncher.FORMAT, tmp.resolve("jdk").toRealPath().toString(),
                tmp.resolve("jdk/bin/java").toRealPath().toString(), "/h/lib/libheaptrack_preload.so",
                "/h/libexec/heaptrack_interpret", "/usr/bin/zstd", ".zst", tmp.resolve("out dir/jvm").toString()),
                Files.readAllLines(directory.resolve("launcher.conf")));
    }

    @Test
    void aPathWithALineBreakIsRefused() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JvmLauncher.write(tmp.resolve("l"), settings(tmp.resolve("run\nx"))));
        assertTrue(e.getMessage().contains("line break"), e.getMessage());
    }

    @Test
    void theScriptKeepsStdoutForTheJvmAndPastesNoPathIntoCode() {
        String script = JvmLauncher.script();
        assertTrue(script.startsWith("#!/bin/sh\n"));
        // stdin and stdout saved for the JVM, the launcher's own stdout sent to stderr before anything runs
        int redirect = script.indexOf("exec 3<&0 4>&1 1>&2");
        assertTrue(redirect > 0 && script.indexOf("\n", 0) < redirect);
        assertTrue(script.substring(0, redirect).lines().allMatch(line -> line.startsWith("#")),
                "nothing may run before stdout is redirected");
        assertTrue(script.contains("\"$java\" \"$@\" <&3 >&4"), "the JVM gets Surefire's stdin and stdout");
        assertTrue(script.contains("IFS= read -r java_home"), "paths are read as data");
        assertFalse(script.contains("eval"), "nothing is evaluated");
        assertTrue(script.contains("export JAVA_HOME=\"$java_home\""));
        assertTrue(script.contains("trap 'kill -TERM \"$pid\" 2>/dev/null' TERM INT HUP"));
        assertTrue(script.contains("exit \"$status\""));
    }

    @Test
    void aRunDirectoryIsClearedOfEarlierForksButKeepsItsLockAndOtherFiles() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("jvm"));
        List<String> earlier = List.of("jvm-12.zst", "jvm-12.json", "jvm-12.map", "jvm-12.log", "jvm-7.gz",
                ".launch-99.fifo", ".launch-99.zst", "prepare-jvm.json", "allocations.json", "allocations.html",
                "allocations.folded");
        List<String> kept = List.of(".lock", "notes.txt", "jvm-launcher.json");
        for (String name : earlier) {
            Files.writeString(run.resolve(name), "x");
        }
        for (String name : kept) {
            Files.writeString(run.resolve(name), "x");
        }
        JvmRunDirectory.clear(run);
        for (String name : earlier) {
            assertFalse(Files.exists(run.resolve(name)), name);
        }
        for (String name : kept) {
            assertTrue(Files.exists(run.resolve(name)), name);
        }
        assertEquals(List.of(), JvmRunDirectory.clear(tmp.resolve("absent")));
    }
}
