package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real heaptrack on this machine records {@code ls} in a working directory and into a run directory whose paths
 * have spaces and quotes (heaptrack's own script fails on them); the totals read from the recording are exactly
 * heaptrack_print's.
 */
class HeaptrackPipelineLiveTest {
    @TempDir
    Path tmp;

    @Test
    void recordsAProgramInAPathWithSpacesAndQuotes() throws Exception {
        assumeTrue(ProcessRunner.findExecutable("heaptrack", null).isPresent(), "heaptrack is not on PATH");
        assumeTrue(ProcessRunner.findExecutable("heaptrack_print", null).isPresent(), "heaptrack_print not on PATH");
        Path ls = ProcessRunner.findExecutable("ls", null).orElseThrow();
        Path workDir = Files.createDirectories(tmp.resolve("my project/it's \"here\""));
        Files.writeString(workDir.resolve("marker 'x' \"y\".txt"), "");
        Path runDirectory = tmp.resolve("my project/target/rust instruments/it's default");
        CollectingBuildLog log = new CollectingBuildLog();
        HeaptrackProfiler profiler = new HeaptrackProfiler(new ProcessRunner(log), log, "heaptrack");

        Recording recording = profiler.record(new RecordingRequest("allocations", List.of(ls.toString(), "-1",
                "."), Map.of(), workDir, Duration.ofSeconds(60), runDirectory));

        assertEquals(0, recording.exitCode(), recording.stderrTail().toString());
        assertFalse(recording.timedOut());
        assertTrue(recording.file() != null && Files.size(recording.file()) > 0, "no recording: " + log.info());
        assertTrue(log.info().contains("[heaptrack] marker 'x' \"y\".txt"),
                "ls ran in its working directory: " + log.info());
        assertFalse(Files.exists(runDirectory.resolve("allocations.fifo")));

        Profile profile = HeaptrackReader.read(recording.file());
        String summary = run("heaptrack_print", "-p", "0", "-a", "0", "-T", "0", "-l", "0",
                recording.file().toString());
        assertTrue(profile.allocations() > 0);
        assertEquals(count(summary, "calls to allocation functions"), profile.allocations());
        assertEquals(count(summary, "temporary memory allocations"), profile.temporaryAllocations());
        assertEquals(sumOf("peak", recording.file()), profile.peakHeapBytes());
        assertEquals(sumOf("leaked", recording.file()), profile.leakedBytes());
    }

    private static long count(String summary, String label) {
        Matcher m = Pattern.compile("(?m)^" + label + ": (\\d+)").matcher(summary);
        assertTrue(m.find(), "no '" + label + "' in heaptrack_print's output:\n" + summary);
        return Long.parseLong(m.group(1));
    }

    /** Exact bytes: heaptrack_print's summary rounds them, its collapsed stacks do not. */
    private long sumOf(String costType, Path recording) throws Exception {
        Path stacks = tmp.resolve(costType + ".folded");
        run("heaptrack_print", "--flamegraph-cost-type", costType, "-F", stacks.toString(), recording.toString());
        return Files.readAllLines(stacks).stream().filter(line -> !line.isBlank())
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed: " + output);
        return output;
    }
}
