package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.BuildLog;
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

/** heaptrack (Linux): {@code heaptrack -o <run>/<kind> <exe> <args>} writes {@code <kind>.zst}. */
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
        ProcessRunner.requireExecutable(executable, environment, INSTALL_HINT);
    }

    @Override
    public Recording record(RecordingRequest request) throws IOException {
        Directories.create(request.runDirectory());
        Path base = request.runDirectory().resolve(request.kind());
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
