package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.airlift.compress.zstd.ZstdInputStream;
import io.github.rustinstruments.maven.profiler.HeaptrackInstallation;
import io.github.rustinstruments.maven.trace.TestMarkers;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with the real heaptrack and this JVM's JDK, in directories with spaces and quotes: the JVM's stdout
 * carries only what the program prints, its stdin is the caller's, its exit status comes back, and one recording,
 * one ending and one perf map per JVM land in the run directory, none in /tmp.
 */
class JvmLauncherLiveTest {
    private static final String PROGRAM = """
            public class Echo {
                public static void main(String[] args) throws Exception {
                    if (args[0].equals("sleep")) {
                        System.out.println("sleeping");
                        Thread.sleep(120_000);
                    }
                    String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                    System.out.println("echo: " + line);
                    System.exit(Integer.parseInt(args[0]));
                }
            }
            """;

    @TempDir
    Path tmp;
    Path runDirectory;
    Path launcher;
    Path program;

    @BeforeEach
    void writeLauncher() throws Exception {
        assumeTrue(ProcessRunner.findExecutable("heaptrack", null).isPresent(), "heaptrack is not on PATH");
        HeaptrackInstallation heaptrack = HeaptrackInstallation.locate("heaptrack", null, "install heaptrack")
                .orElseThrow();
        Jdk jdk = Jdk.of(Path.of(System.getProperty("java.home"), "bin", "java"), "test");
        runDirectory = tmp.resolve("my project/target/it's \"jvm\"");
        launcher = JvmLauncher.write(tmp.resolve("my project/target/jvm-launcher"), new JvmLauncher.Settings(jdk,
                heaptrack, HeaptrackInstallation.compressor(null), runDirectory));
        program = tmp.resolve("Echo.java");
        Files.writeString(program, PROGRAM);
    }

    private Process start(String argument) throws Exception {
        return new ProcessBuilder(List.of(launcher.toString(), "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+DumpPerfMapAtExit", "-Xshare:auto", program.toString(), argument))
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
    }

    private JsonNode onlyEnding() throws Exception {
        return JvmLauncherTest.onlyEnding(runDirectory);
    }

    @Test
    void passesStdinStdoutAndTheExitStatusAndKeepsOneRecordingPerJvm() throws Exception {
        Process process = start("3");
        process.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));

        assertEquals("echo: hello\n", stdout, "nothing but the JVM may write to stdout");
        assertEquals(3, process.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
        JsonNode ending = onlyEnding();
        long pid = ending.get("pid").asLong();
        assertEquals(3, ending.get("exitCode").asInt());
        assertTrue(ending.get("signal").isNull());
        assertEquals("jvm-" + pid + ".zst", ending.get("recording").asText());
        assertTrue(Files.size(runDirectory.resolve(ending.get("recording").asText())) > 1000);
        assertEquals("jvm-" + pid + ".map", ending.get("perfMap").asText());
        // only code alive at exit is in it (the JVM's stubs at least), one "0x<addr> 0x<size> <name>" a line
        assertTrue(Files.readAllLines(runDirectory.resolve("jvm-" + pid + ".map")).stream()
                .anyMatch(line -> line.matches("0x[0-9a-f]+ 0x[0-9a-f]+ .+")));
        assertFalse(Files.exists(Path.of("/tmp/perf-" + pid + ".map")));
        assertTrue(ending.get("launcherPid").asLong() == process.pid(), "the launcher's pid is recorded");
        assertTrue(pid != process.pid(), "the recording is named by the JVM's pid, not the launcher's");
    }

    @Test
    void terminationIsPassedOnAndTheRecordingStillFinished() throws Exception {
        Process process = start("sleep");
        // once the program prints, the JVM is running its main: a TERM now is the JVM's to handle
        byte[] first = new byte["sleeping\n".length()];
        assertEquals(first.length, process.getInputStream().readNBytes(first, 0, first.length));
        process.destroy(); // SIGTERM to the launcher, as Surefire does to a fork it gives up on
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher did not end the JVM");
        assertEquals(143, process.exitValue());
        JsonNode ending = onlyEnding();
        assertEquals(143, ending.get("exitCode").asInt());
        assertEquals(15, ending.get("signal").asInt());
        assertTrue(Files.size(runDirectory.resolve(ending.get("recording").asText())) > 1000);
        assertFalse(ProcessHandle.of(ending.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false));
    }

    /** The sizes of the allocations of a recording in the band of the test markers, in the recording's order. */
    private static List<Long> markerSizes(Path recording) throws Exception {
        List<Long> infos = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(recording);
                BufferedReader lines = new BufferedReader(new InputStreamReader(recording.toString().endsWith(".gz")
                        ? new GZIPInputStream(raw) : new ZstdInputStream(raw), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("a ")) {
                    infos.add(Long.parseLong(line.split(" ")[1], 16));
                } else if (line.startsWith("+ ")) {
                    long size = infos.get(Integer.parseInt(line.substring(2).trim(), 16));
                    if (TestMarkers.inBand(size)) {
                        sizes.add(size);
                    }
                }
            }
        }
        return sizes;
    }

    @Test
    void eachTestsMarkersAreInTheRecordingInTheOrderOfItsMarkersFile() throws Exception {
        Path jar = JUnitListenerJar.write(tmp.resolve("listener"));
        // the class path in an argument file, as Surefire keeps it in a jar's manifest: heaptrack_interpret fails on
        // a command line of several KiB
        Path arguments = Files.writeString(tmp.resolve("arguments"), "-cp \"" + (System.getProperty("java.class.path")
                + File.pathSeparator + jar).replace("\\", "\\\\") + "\"\n");
        Process process = new ProcessBuilder(List.of(launcher.toString(), "@" + arguments,
                MarkedTestsMain.class.getName(), MarkerFixtures.Kinds.class.getName()))
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), "Kinds has a failing test, no other: "
                + Files.readString(tmp.resolve("stderr.txt")));
        assertEquals("", stdout);
        JsonNode ending = onlyEnding();
        long pid = ending.get("pid").asLong();
        assertEquals("jvm-" + pid + ".tests", ending.get("tests").asText());
        List<TestMarkers.Event> events = TestMarkers.read(runDirectory.resolve("jvm-" + pid + ".tests")).events();
        assertEquals(18, events.size());
        // the JVM makes allocations of sizes in the band too: the markers are found in order among them
        List<Long> inBand = markerSizes(runDirectory.resolve(ending.get("recording").asText()));
        int next = 0;
        for (TestMarkers.Event event : events) {
            while (next < inBand.size() && inBand.get(next) != event.size()) {
                next++;
            }
            assertTrue(next++ < inBand.size(), "no allocation of " + event + " after the markers before it: " + inBand);
        }
    }
}

