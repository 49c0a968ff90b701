package io.github.rustinstruments.maven.jvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test JVMs the launcher recorded in a run directory: what {@code prepare-jvm} prepared and, per forked JVM,
 * its ending ({@code jvm-<pid>.json}), recording and perf map.
 *
 * @param module     the library's file name, whose allocations count ({@code libmylib.so})
 * @param forks      the JVMs that ended, by pid
 * @param unfinished launches that never wrote their ending (a JVM killed outright, or still running)
 */
public record JvmForks(String module, List<Fork> forks, List<String> unfinished) {
    private static final Pattern ENDING = Pattern.compile("jvm-\\d+\\.json");
    private static final Pattern LAUNCH = Pattern.compile("\\.launch-(\\d+)\\..*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One recorded JVM.
     *
     * @param pid       the JVM's process id
     * @param exitCode  its exit status ({@code 128 + N} for signal N)
     * @param recording its recording: heaptrack's {@code jvm-<pid>.zst}, or the Instruments trace
     *                  {@code jvm-<n>.trace} (a directory) on macOS
     * @param perfMap   its perf map (names the JIT-compiled Java code), or {@code null} when it wrote none
     * @param testMarkers which test each marker in the recording stands for ({@code jvm-<pid>.tests}, see
     *                  {@link io.github.rustinstruments.maven.trace.TestMarkers}), or {@code null} when the JVM
     *                  ran no test under the plugin's JUnit Platform listener. When the launcher's record has no
     *                  {@code tests} field at all, {@code jvm-<pid>.tests} beside it, if there is one
     */
    public record Fork(long pid, int exitCode, Path recording, Path perfMap, Path testMarkers) {}

    /**
     * Reads the run directory.
     *
     * @throws RecordingFormatException when {@code prepare-jvm} did not prepare it, or no test JVM finished in it
     */
    public static JvmForks read(Path runDirectory) throws IOException {
        Path prepared = runDirectory.resolve(JvmRunDirectory.PREPARED);
        if (!Files.isRegularFile(prepared)) {
            throw new RecordingFormatException("no test JVM was prepared for " + runDirectory + " (no "
                    + JvmRunDirectory.PREPARED + "): bind rust-instruments:prepare-jvm before the tests, so that they"
                    + " run under its launcher, and run the tests in the same build (mvn verify)");
        }
        JsonNode setup = JSON.readTree(prepared.toFile());
        String module = text(setup, "module");
        if (module == null) {
            throw new RecordingFormatException(prepared + " names no library file: set <library> of prepare-jvm to"
                    + " the shared library the tests load");
        }
        List<Fork> forks = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDirectory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (ENDING.matcher(name).matches()) {
                    forks.add(fork(runDirectory, file));
                } else {
                    Matcher launch = LAUNCH.matcher(name);
                    if (launch.matches() && !unfinished.contains(launch.group(1))) {
                        unfinished.add(launch.group(1));
                    }
                }
            }
        }
        if (forks.isEmpty()) {
            throw new RecordingFormatException("no test JVM finished under prepare-jvm's launcher in " + runDirectory
                    + (unfinished.isEmpty() ? ": did the tests run in this build (mvn verify runs them), or are they"
                    + " skipped?" : ": " + unfinished.size() + " started but never ended (killed outright?)"));
        }
        forks.sort(Comparator.comparingLong(Fork::pid));
        return new JvmForks(module, List.copyOf(forks), List.copyOf(unfinished));
    }

    /**
     * The profiler {@code prepare-jvm} prepared the run directory for ({@code heaptrack}, or {@code xctrace} on
     * macOS); {@code null} when nothing readable was prepared there ({@link #read} says what is missing).
     */
    public static String preparedProfiler(Path runDirectory) {
        Path prepared = runDirectory.resolve(JvmRunDirectory.PREPARED);
        if (!Files.isRegularFile(prepared)) {
            return null;
        }
        try {
            return text(JSON.readTree(prepared.toFile()), "profiler");
        } catch (IOException e) {
            return null;
        }
    }

    private static Fork fork(Path runDirectory, Path ending) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(ending.toFile());
        } catch (IOException e) {
            throw new RecordingFormatException(ending + " is not the launcher's record of a JVM: " + e.getMessage());
        }
        String recording = text(node, "recording");
        if (node == null || !node.path("pid").canConvertToLong() || !node.path("exitCode").canConvertToInt()
                || recording == null) {
            throw new RecordingFormatException(ending + " is not the launcher's record of a JVM (pid, exitCode,"
                    + " recording): run the tests again under prepare-jvm's launcher");
        }
        long pid = node.path("pid").asLong();
        if (node.path("profilerFailed").asBoolean(false)) {
            throw new RecordingFormatException("the profiler failed while test JVM " + pid + " ran (heaptrack_interpret"
                    + " ended before it; its messages are in jvm-" + pid + ".log in " + runDirectory + "), so the"
                    + " launcher stopped that JVM and its recording is incomplete: no figures are taken from this run."
                    + " Fix what the log names and run the tests again");
        }
        String perfMap = text(node, "perfMap");
        String named = text(node, "tests");
        Path tests = named != null ? runDirectory.resolve(named) : node.has("tests") ? null
                : markersBeside(runDirectory, pid);
        return new Fork(pid, node.path("exitCode").asInt(), runDirectory.resolve(recording),
                perfMap == null ? null : runDirectory.resolve(perfMap), tests);
    }

    /**
     * The markers file of a JVM whose launcher's record does not name one (the macOS launcher's): the listener's
     * {@code jvm-<pid>.tests}, by the JVM's own pid, when there is one.
     */
    private static Path markersBeside(Path runDirectory, long pid) {
        Path file = runDirectory.resolve("jvm-" + pid + ".tests");
        return Files.isRegularFile(file) ? file : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
