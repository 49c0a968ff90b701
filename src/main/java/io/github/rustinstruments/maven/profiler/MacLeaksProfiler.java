package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.MacLeaksReportReader;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * macOS {@code leaks} (Xcode command line tools), written from the command line and report format Apple documents
 * in leaks(1) ({@code man 1 leaks}: {@code --atExit}, exit statuses 0, 1 and 2); tested with a stand-in script, never on a Mac.
 *
 * <p>{@link #record} runs
 * <pre>
 * leaks --atExit -- &lt;exe&gt; &lt;args&gt;
 * </pre>
 * with {@code MallocStackLogging=1} added to the environment of that one process (the request's variables plus
 * this one; never Maven's own environment, never the build's), so that the program runs with full malloc stack
 * logging and the report has {@code STACK OF} blocks. A {@code MallocStackLogging} the user set in the run's
 * environment (for example {@code lite}) is kept. Standard output and standard error are captured together, line
 * by line, into {@code <run>/<kind>.txt} (a stale one is deleted first): the program's own output comes first, then
 * the report. Each line is also logged at INFO with the prefix {@code [leaks] }.
 *
 * <p>Exit status of {@code leaks}: 0 no leaks, 1 leaks found, above 1 the tool failed.
 * <ul>
 *   <li>0 and 1 are both a completed check: the returned {@link Recording} has the report and
 *       {@link Recording#exitCode()} <strong>0</strong>. {@link Recording#exitCode()} is documented as the profiled
 *       program's status, and leaks' 0/1 says nothing about the program: mapping 1 to a non-zero status would make
 *       the {@code leaks} goal call a leaking program "failed" before the gate has judged its figures. The program's
 *       own exit status is not in the documented report, so it is not known here; a program that exits non-zero
 *       under {@code leaks} is therefore not reported as failed by this backend.</li>
 *   <li>Above 1: {@code leaks} could not check the program (cannot launch it, not debuggable, crashed): this throws
 *       an {@link IOException} whose message has the status and the last lines {@code leaks} wrote (both streams),
 *       and names the captured output file, which is kept. The recording mojos turn an {@code IOException} of
 *       {@link Profiler#record} into a build error ("could not run macos-leaks: ..."), not a test failure.</li>
 *   <li>A time-out is reported, not thrown: {@link Recording#timedOut()}, the status of the killed {@code leaks}
 *       and the output captured so far (usually without a summary line, which the analysis then reports).</li>
 * </ul>
 *
 * <p>{@link #analyse} reads the report with {@link MacLeaksReportReader}.
 */
public final class MacLeaksProfiler implements Profiler {
    public static final String ID = "macos-leaks";
    public static final String DEFAULT_EXECUTABLE = "leaks";
    public static final String INSTALL_HINT = "leaks ships with the Xcode command line tools: install them with"
            + " `xcode-select --install`, or point <leaksExecutable> at it";
    /** The variable that turns on malloc stack logging in the program, and the value this backend gives it. */
    public static final String STACK_LOGGING = "MallocStackLogging";
    public static final String STACK_LOGGING_VALUE = "1";
    /** How many trailing output lines a failure message carries. */
    static final int TAIL_LINES = ProcessSpec.TAIL_LINES;

    private final ProcessRunner runner;
    private final BuildLog log;
    private final String executable;
    /** Instruments' Leaks template, recorded after the check for the GUI ({@code recordTrace}); or {@code null}. */
    private Profiler leaksTrace;

    /** @param leaksExecutable leaks, by name (searched on the command's PATH) or path; {@code null} for "leaks" */
    public MacLeaksProfiler(ProcessRunner runner, BuildLog log, String leaksExecutable) {
        this.runner = runner;
        this.log = log;
        this.executable = leaksExecutable == null || leaksExecutable.isBlank() ? DEFAULT_EXECUTABLE
                : leaksExecutable;
    }

    /**
     * After each completed check, records the same run once more with Instruments' Leaks template, for the GUI.
     *
     * @param instruments xctrace with the Leaks template
     */
    public MacLeaksProfiler alsoRecordingTrace(Profiler instruments) {
        this.leaksTrace = instruments;
        return this;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void checkInstalled(Map<String, String> environment) throws ToolNotFoundException {
        ProcessRunner.requireExecutable(executable, environment, INSTALL_HINT);
    }

    /** The full command line: {@code leaks --atExit -- <exe> <args>}. */
    List<String> commandLine(List<String> target) {
        List<String> command = new ArrayList<>(List.of(executable, "--atExit", "--"));
        command.addAll(target);
        return command;
    }

    /** The request's environment plus {@code MallocStackLogging=1} unless the user set it; a new map. */
    static Map<String, String> targetEnvironment(Map<String, String> requested) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (requested != null) {
            environment.putAll(requested);
        }
        environment.putIfAbsent(STACK_LOGGING, STACK_LOGGING_VALUE);
        return environment;
    }

    @Override
    public Recording record(RecordingRequest request) throws IOException {
        // before the report file is created: a missing leaks must not leave an empty report behind
        checkInstalled(request.environment());
        Directories.create(request.runDirectory());
        Path report = request.runDirectory().resolve(request.kind() + ".txt");
        // a stale report from an earlier build must never be mistaken for this one (all under target/)
        Files.deleteIfExists(report);

        Deque<String> tail = new ArrayDeque<>();
        ProcessResult result;
        try (BufferedWriter out = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
            OutputSink sink = new OutputSink(out, tail);
            ProcessSpec spec = ProcessSpec.of(commandLine(request.command())).directory(request.workingDirectory())
                    .environment(targetEnvironment(request.environment())).timeout(request.timeLimit())
                    .installHint(INSTALL_HINT)
                    // leaks launches the program as its child: stop the program first so that leaks can still
                    // scan it at exit and write what it found
                    .stopFirst(Path.of(request.command().get(0)))
                    .stdout(sink::accept)
                    .stderr(sink::accept);
            try {
                result = runner.runWithinLimit(spec);
            } finally {
                sink.close();
            }
        }

        if (result.timedOut()) {
            return new Recording(Files.size(report) > 0 ? report : null, result.exitCode(), result.durationMillis(),
                    true, lastLines(tail));
        }
        if (result.exitCode() > 1) {
            List<String> last = lastLines(tail);
            throw new IOException("leaks " + result.describeExit() + ": it could not check the program, so there"
                    + " is no leak report (0 means no leaks, 1 leaks found, anything else an error of leaks)."
                    + (last.isEmpty() ? " It wrote nothing." : " Its last lines:\n    " + String.join("\n    ", last))
                    + "\nIts whole output is kept in " + report);
        }
        if (leaksTrace != null) {
            recordLeaksTrace(request, report);
        }
        // 0 (no leaks) and 1 (leaks found) are both a completed check; the program's own status is not reported
        return new Recording(report, 0, result.durationMillis(), false, result.stderrTail());
    }

    private void recordLeaksTrace(RecordingRequest request, Path report) throws IOException {
        try {
            leaksTrace.checkInstalled(request.environment());
            Recording trace = leaksTrace.record(request);
            if (trace.file() != null) {
                log.info("Leaks trace for Instruments: " + trace.file() + "; open it with: "
                        + leaksTrace.viewerCommand(trace.file()));
            }
        } catch (IOException e) {
            throw new IOException("recordTrace: Instruments could not record the Leaks trace (the leak check itself"
                    + " is kept in " + report + "): " + e.getMessage(), e);
        }
    }

    private static List<String> lastLines(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Writes both streams' lines into the report (one writer, so lines never interleave) and logs them. */
    private final class OutputSink {
        private final BufferedWriter out;
        private final Deque<String> tail;
        private boolean closed;

        OutputSink(BufferedWriter out, Deque<String> tail) {
            this.out = out;
            this.tail = tail;
        }

        void accept(String line) {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
                if (!closed) {
                    try {
                        out.write(line);
                        out.newLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            log.info("[leaks] " + line);
        }

        /** A drain thread outliving the process (a grandchild holding the pipe) must not write to a closed file. */
        void close() {
            synchronized (tail) {
                closed = true;
            }
        }
    }

    @Override
    public Profile analyse(Path recording) throws IOException {
        return MacLeaksReportReader.read(recording, warning -> log.warn("[leaks] " + warning));
    }

    @Override
    public String platformOf(Profile profile) {
        return "macos";
    }

    @Override
    public String viewerCommand(Path recording) {
        return "open -a TextEdit " + ProcessRunner.quote(List.of(recording.toString())) + "   (or any text viewer)";
    }
}
