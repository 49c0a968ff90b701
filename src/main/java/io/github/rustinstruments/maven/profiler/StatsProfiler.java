package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.Directories;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.cargo.HarnessScaffolder;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code profiler=stats}: no external tool. A harness scaffolded by the plugin counts its own allocations with a
 * thin wrapper around the system allocator and, when {@code RUST_INSTRUMENTS_STATS} names a file, writes the totals
 * there as JSON when {@code main} returns:
 * <pre>{"allocations":N,"allocatedBytes":N,"deallocations":N,"peakBytes":N,"liveBytesAtExit":N,"liveBlocksAtExit":N}</pre>
 * This profiler runs the executable directly with that variable set to {@code <run>/<kind>.stats.json} and reads
 * the file into totals only: no call stacks, no temporary allocations, no RSS.
 */
public final class StatsProfiler implements Profiler {
    /** The environment variable the harness reads. */
    public static final String VARIABLE = HarnessScaffolder.STATS_VARIABLE;
    /** The statistics file is {@code <run>/<kind>} plus this. */
    public static final String SUFFIX = ".stats.json";
    /** Every field the harness writes; all are required. */
    static final List<String> FIELDS = List.of("allocations", "allocatedBytes", "deallocations", "peakBytes",
            "liveBytesAtExit", "liveBlocksAtExit");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** Larger files cannot be what the harness writes (about 150 bytes). */
    private static final long MAX_FILE_SIZE = 64 * 1024;

    private final ProcessRunner runner;
    private final BuildLog log;

    public StatsProfiler(ProcessRunner runner, BuildLog log) {
        this.runner = runner;
        this.log = log;
    }

    @Override
    public String id() {
        return "stats";
    }

    /** Nothing to install: the counting is compiled into the harness, which cargo has built. */
    @Override
    public void checkInstalled(Map<String, String> environment) {
        // nothing to check
    }

    /**
     * Runs the command itself (no wrapper) with {@value HarnessScaffolder#STATS_VARIABLE} naming the statistics file.
     *
     * @throws IOException when the command exited with status 0 but wrote no statistics: the message says why
     *                     that happens and how the harness opts in
     */
    @Override
    public Recording record(RecordingRequest request) throws IOException {
        Directories.create(request.runDirectory());
        Path stats = statsFile(request);
        // a file from an earlier build must never be mistaken for this run's (all under target/)
        Files.deleteIfExists(stats);
        Map<String, String> environment = new LinkedHashMap<>();
        if (request.environment() != null) {
            environment.putAll(request.environment());
        }
        environment.put(VARIABLE, stats.toString());
        String executable = request.command().get(0);
        ProcessSpec spec = ProcessSpec.of(request.command()).directory(request.workingDirectory())
                .environment(environment).timeout(request.timeLimit())
                .stopFirst(Path.of(executable))
                .stdout(line -> log.info("[" + id() + "] " + line))
                .stderr(line -> log.info("[" + id() + "] " + line));
        ProcessResult result = runner.runWithinLimit(spec);
        Path file = Files.isRegularFile(stats) ? stats : null;
        if (file == null && !result.timedOut()) {
            String why = noStatistics(executable, request.environment(), stats, result);
            if (result.exitCode() == 0) {
                // the program succeeded, so the missing file is the harness's doing: say how to fix it
                throw new IOException(why);
            }
            // the failed exit is what the caller reports; this says why there are no statistics either
            log.warn(why);
        }
        return new Recording(file, result);
    }

    /** {@code <run>/<kind>.stats.json}. */
    public static Path statsFile(RecordingRequest request) {
        return request.runDirectory().resolve(request.kind() + SUFFIX);
    }

    /**
     * Reads a statistics file into a profile with totals only.
     *
     * @throws RecordingFormatException the file is not what a harness writes
     * @throws IOException              the file does not exist (with how a harness opts in) or cannot be read
     */
    @Override
    public Profile analyse(Path recording) throws IOException {
        if (!Files.exists(recording)) {
            throw new NoSuchFileException(recording.toString(), null, "no allocation statistics: "
                    + "the harness writes them only when it counts allocations and " + VARIABLE
                    + " names the file. " + HarnessScaffolder.statsOptInInstructions());
        }
        String text;
        try (InputStream in = Files.newInputStream(recording)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
            if (bytes.length > MAX_FILE_SIZE) {
                throw malformed(recording, "it is larger than " + MAX_FILE_SIZE + " bytes", null);
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        if (text.isBlank()) {
            throw malformed(recording, "it is empty (was the program killed while writing it?)", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw malformed(recording, "it is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw malformed(recording, "it is not a JSON object", null);
        }
        long[] values = new long[FIELDS.size()];
        for (int i = 0; i < FIELDS.size(); i++) {
            values[i] = count(root, FIELDS.get(i), recording);
        }
        long allocations = values[0];
        long allocatedBytes = values[1];
        long peakBytes = values[3];
        long liveBytes = values[4];
        long liveBlocks = values[5];
        return new Profile(null, allocations, allocatedBytes, null, peakBytes, null, liveBytes, liveBlocks, null,
                List.of());
    }

    private static long count(JsonNode root, String field, Path file) throws RecordingFormatException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw malformed(file, "the field \"" + field + "\" is missing", null);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw malformed(file, "\"" + field + "\" is " + value + ", not a count", null);
        }
        return value.asLong();
    }

    private static RecordingFormatException malformed(Path file, String why, Throwable cause) {
        return new RecordingFormatException(file + " is not an allocation statistics file of a rust-instruments"
                + " harness: " + why + ". Expected one JSON object with the counts " + String.join(", ", FIELDS)
                + ", e.g. {\"allocations\":120,\"allocatedBytes\":106750,\"deallocations\":115,\"peakBytes\":103697,"
                + "\"liveBytesAtExit\":3548,\"liveBlocksAtExit\":5}", cause);
    }

    /** Why a run that exited normally left no statistics file, and what to do about it. */
    static String noStatistics(String executable, Map<String, String> environment, Path stats,
            ProcessResult result) {
        Optional<Path> binary = ProcessRunner.findExecutable(executable, environment);
        Boolean counts = binary.map(StatsProfiler::mentionsVariable).orElse(null);
        String ended = executable + (result.exitCode() == 0 ? " exited normally" : " " + result.describeExit())
                + " but wrote no allocation statistics to " + stats;
        String tail = result.stderrTail().isEmpty() ? ""
                : "\nThe last lines of its standard error:\n    " + String.join("\n    ", result.stderrTail());
        if (Boolean.TRUE.equals(counts)) {
            return ended + ". It reads " + VARIABLE + ", so it ended without returning from main: the file is"
                    + " written when main returns or panics (the `let _stats = alloc_stats::WriteAtExit;` guard),"
                    + " and std::process::exit, an abort or a crash skip that. Return from main instead"
                    + " (fn main() -> std::process::ExitCode works), and keep the guard as the first statement of"
                    + " main." + tail;
        }
        return ended + ": the harness does not count allocations. It was scaffolded before profiler=stats existed, or its counting"
                + " allocator was removed; the plugin never rewrites an existing harness. Or choose another"
                + " profiler (heaptrack) with <profiler> (-Drust-instruments.profiler).\n"
                + HarnessScaffolder.statsOptInInstructions() + tail;
    }

    /**
     * Whether the executable contains the variable's name, which a harness that counts must read. {@code null}
     * when it cannot be read.
     */
    static Boolean mentionsVariable(Path executable) {
        byte[] needle = VARIABLE.getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(executable)) {
            int kept = 0; // bytes carried over from the previous chunk, so a match across chunks is found
            int read;
            while ((read = in.read(buffer, kept, buffer.length - kept)) > 0) {
                int end = kept + read;
                if (indexOf(buffer, end, needle)) {
                    return true;
                }
                kept = Math.min(needle.length - 1, end);
                System.arraycopy(buffer, end - kept, buffer, 0, kept);
            }
            return false;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String viewerCommand(Path recording) {
        return "cat " + ProcessRunner.quote(List.of(recording.toString()))
                + "   (totals only: for call stacks record with profiler=heaptrack)";
    }
}
