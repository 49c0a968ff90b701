package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rustinstruments.maven.profiler.HeaptrackInstallation;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    private static Path script(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /**
     * The launcher script itself, with stand-ins for java, heaptrack's interpreter and the compressor: the stand-in
     * java writes the test markers file the launcher names in the environment when its argument says so.
     */
    private Process launch(Path launcher, String argument) throws IOException {
        return new ProcessBuilder(launcher.toString(), argument).redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
    }

    private Path standInLauncher(Path runDirectory) throws IOException {
        return standInLauncher(runDirectory, "cat\n");
    }

    private Path standInLauncher(Path runDirectory, String interpreterScript) throws IOException {
        Path java = script(tmp.resolve("jdk/bin/java"), """
                [ -n "$RUST_INSTRUMENTS_TEST_MARKERS" ] || exit 9
                case "$RUST_INSTRUMENTS_TEST_MARKERS" in */.launch-$PPID.tests) ;; *) exit 8 ;; esac
                [ -e "$RUST_INSTRUMENTS_TEST_MARKERS" ] && exit 7
                case "$1" in
                  flood) exec yes heaptrack-record >"$DUMP_HEAPTRACK_OUTPUT" ;;
                  tests) printf '# rust-instruments test markers 1\n0 start 305416 a.B#c\n' \\
                      >"$RUST_INSTRUMENTS_TEST_MARKERS" ;;
                  empty) : >"$RUST_INSTRUMENTS_TEST_MARKERS" ;;
                esac
                exit 3
                """);
        Files.writeString(tmp.resolve("jdk/release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path interpreter = script(tmp.resolve("heaptrack/heaptrack_interpret"), interpreterScript);
        Path compressor = script(tmp.resolve("heaptrack/compress"), "cat\n");
        Path preload = Files.writeString(tmp.resolve("heaptrack/libheaptrack_preload.so"), "");
        return JvmLauncher.write(tmp.resolve("launcher"), new JvmLauncher.Settings(Jdk.of(java, "test"),
                new HeaptrackInstallation(tmp.resolve("heaptrack/heaptrack"), preload, interpreter),
                new HeaptrackInstallation.Compressor(compressor, ".zst"), runDirectory));
    }

    /** The one fork's ending in a run directory, which holds nothing of the launcher's own beside it. */
    static JsonNode onlyEnding(Path runDirectory) throws IOException {
        try (Stream<Path> files = Files.list(runDirectory)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertFalse(names.stream().anyMatch(n -> n.startsWith(".launch-")), "leftovers: " + names);
            List<String> endings = names.stream().filter(n -> n.matches("jvm-\\d+\\.json")).toList();
            assertEquals(1, endings.size(), names.toString());
            return new ObjectMapper().readTree(runDirectory.resolve(endings.get(0)).toFile());
        }
    }

    @Test
    void theJvmsTestMarkersAreNamedByItsPidAndRecordedInItsEnding() throws Exception {
        Path run = tmp.resolve("run dir");
        Process process = launch(standInLauncher(run), "tests");
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, process.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
        assertEquals("", stdout);
        JsonNode ending = onlyEnding(run);
        long pid = ending.get("pid").asLong();
        assertEquals("jvm-" + pid + ".tests", ending.get("tests").asText());
        assertEquals(List.of("# rust-instruments test markers 1", "0 start 305416 a.B#c"),
                Files.readAllLines(run.resolve("jvm-" + pid + ".tests")));
        JvmForks.Fork fork = JvmForks.read(withPrepared(run)).forks().get(0);
        assertEquals(run.resolve("jvm-" + pid + ".tests"), fork.testMarkers());
    }

    @Test
    void aJvmWhoseInterpreterFailsIsStoppedNotLeftHanging() throws Exception {
        // heaptrack 1.4's interpreter aborts on a record longer than its buffer; the JVM, writing on, would block
        Path run = tmp.resolve("failed");
        Process process = launch(standInLauncher(run, "head -c 10 >/dev/null; echo 'message does not fit' >&2; exit 134\n"),
                "flood");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher hangs");
        assertEquals(137, process.exitValue(), "the JVM was killed");
        String stderr = Files.readString(tmp.resolve("stderr.txt"));
        assertTrue(stderr.contains("heaptrack_interpret ended while test JVM"), stderr);
        JsonNode ending = onlyEnding(run);
        assertTrue(ending.get("profilerFailed").asBoolean(), ending.toString());
        assertEquals(9, ending.get("signal").asInt());
        long pid = ending.get("pid").asLong();
        assertTrue(Files.readString(run.resolve("jvm-" + pid + ".log")).contains("message does not fit"));
        RecordingFormatException refused = assertThrows(RecordingFormatException.class,
                () -> JvmForks.read(withPrepared(run)));
        assertTrue(refused.getMessage().contains("recording is incomplete"), refused.getMessage());
    }

    @Test
    void aJvmWhoseRecordingCompletedIsNotMarkedFailed() throws Exception {
        Path run = tmp.resolve("completed");
        Process process = launch(standInLauncher(run), "none");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertFalse(onlyEnding(run).get("profilerFailed").asBoolean(), "the interpreter ended after the JVM");
    }

    @Test
    void aJvmThatWroteNoTestMarkersHasNone() throws Exception {
        for (String argument : List.of("none", "empty")) {
            Path run = tmp.resolve(argument);
            Process process = launch(standInLauncher(run), argument);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(3, process.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
            JsonNode ending = onlyEnding(run);
            assertTrue(ending.get("tests").isNull(), ending.toString());
            try (Stream<Path> files = Files.list(run)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tests")), argument);
            }
            assertNull(JvmForks.read(withPrepared(run)).forks().get(0).testMarkers());
        }
    }

    private Path withPrepared(Path run) throws IOException {
        Files.writeString(run.resolve(JvmRunDirectory.PREPARED), "{\"profiler\":\"heaptrack\",\"module\":\"libx.so\"}");
        return run;
    }

    @Test
    void bothScriptsNameTheTestMarkersFileForTheJvm() {
        assertTrue(JvmLauncher.script().contains("RUST_INSTRUMENTS_TEST_MARKERS=\"$tests\" \"$java\" \"$@\""));
        String xctrace = JvmLauncher.xctraceScript();
        String export = "RUST_INSTRUMENTS_TEST_MARKERS=$tests\nexport JAVA_HOME RUST_INSTRUMENTS_TEST_MARKERS";
        assertTrue(xctrace.contains(export));
        // exported before the loop that hands every variable to xctrace's --env
        assertTrue(xctrace.indexOf(export) < xctrace.indexOf("--env \"$name="));
        assertTrue(xctrace.contains("\"tests\":%s"));
        // named by the JVM's pid, read from the trace's table of contents before
        assertTrue(xctrace.indexOf("mv -f -- \"$tests\" \"$run_dir/jvm-$pid.tests\"") > xctrace.indexOf("pid=$found"));
    }

    @Test
    void aRunDirectoryIsClearedOfEarlierForksButKeepsItsLockAndOtherFiles() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("jvm"));
        List<String> earlier = List.of("jvm-12.zst", "jvm-12.json", "jvm-12.map", "jvm-12.log", "jvm-12.tests",
                "jvm-7.gz", ".launch-99.fifo", ".launch-99.zst", ".launch-99.tests", "prepare-jvm.json",
                "allocations.json", "allocations.html", "allocations.folded");
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
