package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.profiler.HeaptrackInstallation.Compressor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records any command under heaptrack by driving its pieces ({@link HeaptrackInstallation}) the way heaptrack's
 * script does, but with every path passed as one argument: a FIFO {@code <run>/<kind>.fifo}, the interpreter reading
 * it piped into the compressor writing {@code <run>/<kind>.zst} (or {@code .gz}), and the program started with the
 * preload library in its own working directory, environment and arguments.
 *
 * <p>The program runs through {@link ProcessRunner#runWithinLimit} (time limit, stop-the-target-first, stderr tail);
 * the interpreter and the compressor are then waited for until the time limit (and after a time-out for
 * {@link #FINISH_GRACE}, so the partial recording is complete), and killed when they outlive it or anything fails.
 * The FIFO is always removed.
 */
public final class HeaptrackPipeline {
    /** How long the interpreter gets to finish the recording of a program stopped at its time limit. */
    static final Duration FINISH_GRACE = Duration.ofSeconds(10);
    /**
     * How long after the program ended the interpreter may still wait for it to open the FIFO: a program that never
     * loaded the preload library (a static executable, a setuid one) never will, and the interpreter would wait
     * forever.
     */
    static final Duration OPEN_GRACE = Duration.ofSeconds(2);

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "rust-instruments-kill-heaptrack-interpreter"));
    }

    private final HeaptrackInstallation installation;
    private final ProcessRunner runner;
    private final BuildLog log;
    private final String prefix;

    /** @param logPrefix put before each line the processes write, e.g. {@code [heaptrack] } */
    public HeaptrackPipeline(HeaptrackInstallation installation, ProcessRunner runner, BuildLog log,
            String logPrefix) {
        this.installation = installation;
        this.runner = runner;
        this.log = log;
        this.prefix = logPrefix;
    }

    /** Records the request's command; a non-zero exit or a time-out is reported in the result, not thrown. */
    public Recording record(RecordingRequest request) throws IOException {
        Path runDirectory = request.runDirectory();
        Files.createDirectories(runDirectory);
        Compressor compressor = HeaptrackInstallation.compressor(request.environment());
        Path base = runDirectory.resolve(request.kind());
        for (String suffix : List.of(".zst", ".gz")) {
            // a stale recording from an earlier build must never be mistaken for this one (all under target/)
            Files.deleteIfExists(Path.of(base + suffix));
        }
        Path output = Path.of(base + compressor.suffix());
        Path fifo = runDirectory.resolve(request.kind() + ".fifo");
        Files.deleteIfExists(fifo); // left by a build that was killed outright

        long start = System.nanoTime();
        Deque<String> pipelineTail = new ArrayDeque<>();
        List<Thread> drains = new ArrayList<>();
        List<Process> pipeline = List.of();
        boolean recorded = false;
        try {
            makeFifo(fifo);
            pipeline = startInterpreter(request, fifo, compressor, output, pipelineTail, drains);
            Map<String, String> environment = new LinkedHashMap<>(request.environment());
            environment.putAll(installation.programEnvironment(fifo, request.environment()));
            ProcessSpec spec = ProcessSpec.of(request.command()).directory(request.workingDirectory())
                    .environment(environment).timeout(request.timeLimit())
                    .stopFirst(Path.of(request.command().get(0)))
                    .stdout(line -> log.info(prefix + line))
                    .stderr(line -> log.info(prefix + line));
            ProcessResult program = runner.runWithinLimit(spec);

            long deadline = program.timedOut() ? System.nanoTime() + FINISH_GRACE.toNanos()
                    : request.timeLimit() == null ? Long.MAX_VALUE : start + request.timeLimit().toNanos();
            Ending ending = awaitPipeline(pipeline, Math.max(deadline, System.nanoTime() + FINISH_GRACE.toNanos()));
            joinDrains(drains);
            List<String> tail = new ArrayList<>(program.stderrTail());
            synchronized (pipelineTail) {
                tail.addAll(pipelineTail);
            }
            if (ending == Ending.NEVER_OPENED) {
                Files.deleteIfExists(output); // empty: a file without data must not pass for a recording
                String note = "the program never opened heaptrack's FIFO, so it did not load " + installation
                        .preloadLibrary() + " (a statically linked or setuid program cannot be preloaded)";
                log.warn(note);
                tail.add(note);
            } else if (ending == Ending.FINISHED) {
                List<String> names = List.of(installation.interpreter().getFileName().toString(),
                        compressor.executable().getFileName().toString());
                for (int i = 0; i < pipeline.size(); i++) {
                    if (pipeline.get(i).exitValue() != 0) {
                        log.warn(names.get(i) + " " + ProcessResult.describeExit(pipeline.get(i).exitValue())
                                + "; the recording " + output + " may be incomplete");
                    }
                }
            }
            boolean timedOut = program.timedOut() || ending == Ending.KILLED;
            if (ending == Ending.KILLED) {
                log.warn(installation.interpreter().getFileName() + " had not finished the recording at the"
                        + " time limit and was killed");
            }
            recorded = true;
            return new Recording(Files.isRegularFile(output) ? output : null, program.exitCode(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), timedOut,
                    tail.subList(Math.max(0, tail.size() - ProcessSpec.TAIL_LINES), tail.size()));
        } finally {
            pipeline.forEach(HeaptrackPipeline::stop);
            Files.deleteIfExists(fifo);
            if (!recorded) {
                Files.deleteIfExists(output); // the compressor's output of a program that never ran
            }
        }
    }

    private static void makeFifo(Path fifo) throws IOException {
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (mkfifo.waitFor() != 0) {
                throw new IOException("could not create the FIFO heaptrack records through: mkfifo "
                        + ProcessResult.describeExit(mkfifo.exitValue()) + (output.isEmpty() ? "" : ": " + output)
                        + "; the run directory must be on a file system that supports FIFOs (not a network share)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mkfifo.destroyForcibly();
            throw new IOException("interrupted while creating " + fifo, e);
        }
    }

    private List<Process> startInterpreter(RecordingRequest request, Path fifo, Compressor compressor, Path output,
            Deque<String> tail, List<Thread> drains) throws IOException {
        // the interpreter resolves what the program loaded; start it where the program starts, when that exists
        Path directory = request.workingDirectory() != null && Files.isDirectory(request.workingDirectory())
                ? request.workingDirectory() : request.runDirectory();
        ProcessBuilder interpreter = new ProcessBuilder(installation.interpreterCommand(fifo));
        ProcessBuilder compress = new ProcessBuilder(compressor.command()).redirectOutput(output.toFile());
        for (ProcessBuilder builder : List.of(interpreter, compress)) {
            builder.directory(directory.toFile());
            request.environment().forEach((key, value) -> {
                if (key != null && value != null) {
                    builder.environment().put(key, value);
                }
            });
        }
        log.info("Running " + ProcessRunner.quote(interpreter.command()) + " | "
                + ProcessRunner.quote(compress.command()) + " > " + ProcessRunner.quote(List.of(output.toString())));
        List<Process> started = ProcessBuilder.startPipeline(List.of(interpreter, compress));
        RUNNING.addAll(started);
        started.get(0).getOutputStream().close(); // its input is the FIFO
        for (Process process : started) {
            drains.add(drain(process.getErrorStream(), tail));
        }
        return started;
    }

    private enum Ending { FINISHED, NEVER_OPENED, KILLED }

    private Ending awaitPipeline(List<Process> pipeline, long deadlineNanos) throws IOException {
        Process interpreter = pipeline.get(0);
        long programEnded = System.nanoTime();
        try {
            while (pipeline.stream().anyMatch(Process::isAlive)) {
                long now = System.nanoTime();
                if (interpreter.isAlive() && now - programEnded > OPEN_GRACE.toNanos() && stillOpening(interpreter)) {
                    stop(interpreter); // the compressor then sees the end of its input and exits
                    pipeline.forEach(HeaptrackPipeline::awaitBriefly);
                    return Ending.NEVER_OPENED;
                }
                if (now > deadlineNanos) {
                    pipeline.forEach(HeaptrackPipeline::stop);
                    return Ending.KILLED;
                }
                Thread.sleep(20);
            }
            return Ending.FINISHED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while heaptrack_interpret finished the recording", e);
        }
    }

    /**
     * The shell has not yet become the interpreter: it is still opening the FIFO, which no one has opened for writing.
     * Its arguments are still {@code -c <script> ...}; once it has exec'd they are the interpreter's.
     */
    private static boolean stillOpening(Process interpreter) {
        return interpreter.info().arguments().map(arguments -> arguments.length > 1 && arguments[0].equals("-c")
                && arguments[1].equals(HeaptrackInstallation.REDIRECT_SCRIPT)).orElse(false);
    }

    private static void awaitBriefly(Process process) {
        try {
            if (!process.waitFor(FINISH_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
        }
    }

    private static void stop(Process process) {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(FINISH_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RUNNING.remove(process);
    }

    private Thread drain(InputStream stream, Deque<String> tail) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > ProcessSpec.TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    log.info(prefix + line);
                }
            } catch (IOException e) {
                log.debug("stopped reading heaptrack_interpret's output: " + e.getMessage());
            }
        }, "rust-instruments-heaptrack-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void joinDrains(List<Thread> drains) throws IOException {
        try {
            for (Thread drain : drains) {
                drain.join(FINISH_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading heaptrack_interpret's output", e);
        }
    }
}
