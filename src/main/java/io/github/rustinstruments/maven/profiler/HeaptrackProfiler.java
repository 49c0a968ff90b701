package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * heaptrack (Linux): records {@code <run>/<kind>.zst} (or {@code .gz}).
 *
 * <p>heaptrack's own script splits an output path with spaces, so the pieces of the installation behind the
 * configured executable are driven directly ({@link HeaptrackPipeline}). An executable with no installation beside
 * it (a wrapper script around heaptrack) is run as a whole, {@code <exe> -o <run>/<kind> <program> <args>}, which
 * works only for paths the script does not mangle; other paths fail with what to configure instead.
 */
public final class HeaptrackProfiler implements Profiler {
    public static final String INSTALL_HINT = "install it with `apt-get install heaptrack` (Debian, Ubuntu),"
            + " `dnf install heaptrack` (Fedora), or point <heaptrackExecutable> at it";
    /** heaptrack compresses with zstd; builds without zstd support write gzip. */
    private static final List<String> SUFFIXES = List.of(".zst", ".gz");

    private final ProcessRunner runner;
    private final BuildLog log;
    private final String executable;

    public HeaptrackProfiler(ProcessRunner runner, BuildLog log, String executable) {
        this.runner = runner;
        this.log = log;
        this.executable = executable;
    }

    @Override
    public String id() {
        return "heaptrack";
    }

    @Override
    public void checkInstalled(Map<String, String> environment) throws ToolNotFoundException {
        HeaptrackInstallation.locate(executable, environment, INSTALL_HINT);
    }

    @Override
    public Recording record(RecordingRequest request) throws IOException {
        Directories.create(request.runDirectory());
        Optional<HeaptrackInstallation> installation = HeaptrackInstallation.locate(executable,
                request.environment(), INSTALL_HINT);
        if (installation.isPresent()) {
            return new HeaptrackPipeline(installation.get(), runner, log, "[" + id() + "] ").record(request);
        }
        return recordThroughWrapper(request);
    }

    /** The shell words heaptrack's script leaves its {@code -o} argument unquoted in would change. */
    private static final Pattern MANGLED_BY_SCRIPT = Pattern.compile("[\\s*?\\[\\\\%]");

    private Recording recordThroughWrapper(RecordingRequest request) throws IOException {
        Path base = request.runDirectory().resolve(request.kind());
        if (MANGLED_BY_SCRIPT.matcher(base.toString()).find()) {
            throw new ToolNotFoundException(executable, executable + " has no heaptrack installation beside it"
                    + " (no " + HeaptrackInstallation.PRELOAD_RELATIVE + "), so it must be run as a whole, and"
                    + " heaptrack's script cannot write to " + base + " (it splits paths with spaces, *, ?, [, \\"
                    + " or %); point <heaptrackExecutable> at heaptrack itself (e.g. /usr/bin/heaptrack, or a"
                    + " symlink to it), or use an <outputDirectory> without such characters");
        }
        log.info(executable + " has no heaptrack installation beside it: running it as a wrapper of heaptrack");
        Files.createDirectories(request.runDirectory());
        for (String suffix : SUFFIXES) {
            // a stale recording from an earlier build must never be mistaken for this one (all under target/)
            Files.deleteIfExists(Path.of(base + suffix));
        }
        List<String> command = new ArrayList<>(List.of(executable, "-o", base.toString()));
        command.addAll(request.command());
        ProcessSpec spec = ProcessSpec.of(command).directory(request.workingDirectory())
                .environment(request.environment()).timeout(request.timeLimit()).installHint(INSTALL_HINT)
                .stopFirst(Path.of(request.command().get(0)))
                .stdout(line -> log.info("[" + id() + "] " + line))
                .stderr(line -> log.info("[" + id() + "] " + line));
        ProcessResult result = runner.runWithinLimit(spec);
        return new Recording(find(base), result);
    }

    private static Path find(Path base) {
        for (String suffix : SUFFIXES) {
            Path candidate = Path.of(base + suffix);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public Profile analyse(Path recording) throws IOException {
        return HeaptrackReader.read(recording);
    }

    @Override
    public String platformOf(Profile profile) {
        return Platform.ofLinuxRecording(profile);
    }

    @Override
    public String viewerCommand(Path recording) {
        return "heaptrack_gui " + ProcessRunner.quote(List.of(recording.toString()))
                + "   (or in a terminal: heaptrack_print " + ProcessRunner.quote(List.of(recording.toString())) + ")";
    }
}
