package io.github.rustinstruments.maven.process;

import io.github.rustinstruments.maven.BuildLog;
import java.io.BufferedReader;
import java.io.Reader;
import java.io.File;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs every external tool the plugin uses. Both output streams are drained on their own threads and joined
 * before the exit code is read; a time limit kills the whole process tree; a shutdown hook kills whatever is
 * still running when Maven itself is interrupted.
 */
public final class ProcessRunner {
    /** Longest output line kept, in characters; longer lines are cut (a 600 MB line would exhaust the heap). */
    static final int MAX_LINE_CHARS = 64 * 1024;

    /** How long a process tree gets to exit after SIGTERM before it is killed outright. */
    static final Duration TERMINATION_GRACE = Duration.ofSeconds(5);

    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true; // before the kill: whoever waits for a child then sees why it ended
            RUNNING.forEach(ProcessRunner::killTree);
        }, "rust-instruments-kill-children"));
    }

    /**
     * Whether the JVM is shutting down (Maven interrupted) and has killed the children: a child that ended now did
     * not end by itself, and what it wrote is no complete result.
     */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    private final BuildLog log;

    public ProcessRunner(BuildLog log) {
        this.log = log;
    }

    /**
     * Runs the command to its end.
     *
     * @throws ToolNotFoundException    the executable is not on the PATH the command would see, or cannot be started
     * @throws ProcessTimeoutException  the time limit passed; the process tree has been killed
     */
    public ProcessResult run(ProcessSpec spec) throws IOException {
        List<String> command = new ArrayList<>(spec.command());
        String executable = command.get(0);
        command.set(0, resolveExecutable(executable, spec.environment(), spec.installHint()).toString());

        if (spec.directory() != null && !Files.isDirectory(spec.directory())) {
            // ProcessBuilder would report this as "No such file or directory", as if the tool were missing
            throw new IOException("the working directory " + spec.directory() + " of " + executable
                    + " does not exist");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        if (spec.directory() != null) {
            builder.directory(spec.directory().toFile());
        }
        builder.environment().putAll(spec.environment());
        log.info("Running " + quote(command)
                + (spec.directory() != null ? " in " + spec.directory() : "")
                + (spec.environment().isEmpty() ? "" : " with " + describe(spec.environment())));

        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ToolNotFoundException(executable, "cannot start " + executable + ": " + e.getMessage()
                    + hintSuffix(spec.installHint()));
        }
        RUNNING.add(process.toHandle());
        process.getOutputStream().close(); // the tools never read standard input; EOF keeps them from waiting
        Deque<String> stderrTail = new ArrayDeque<>();
        Thread outDrain = drain(process.getInputStream(), spec.stdoutSink(), null, "stdout");
        Thread errDrain = drain(process.getErrorStream(), spec.stderrSink(), stderrTail, "stderr");
        try {
            boolean finished;
            if (spec.timeout() != null) {
                finished = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                process.waitFor();
                finished = true;
            }
            if (!finished) {
                terminateTree(process.toHandle(), spec.stopFirst());
                process.waitFor();
                long duration = millisSince(start);
                joinDrains(executable, outDrain, errDrain);
                ProcessResult partial = new ProcessResult(process.exitValue(), duration, tail(stderrTail), true);
                throw new ProcessTimeoutException(quote(List.of(executable)) + " ran past its time limit of "
                        + Durations.format(spec.timeout()) + " and was killed with its child processes", partial);
            }
            // the duration is the program's: a child that outlives it and holds the pipes open adds no wait
            long duration = millisSince(start);
            joinDrains(executable, outDrain, errDrain);
            return new ProcessResult(process.exitValue(), duration, tail(stderrTail));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process.toHandle());
            throw new IOException("interrupted while waiting for " + executable, e);
        } finally {
            RUNNING.remove(process.toHandle());
        }
    }

    /**
     * Runs the command like {@link #run}, but a time-out is an outcome, not an error: the process tree is killed and
     * the result says {@link ProcessResult#timedOut()}. For profiled programs, whose partial recording is kept.
     */
    public ProcessResult runWithinLimit(ProcessSpec spec) throws IOException {
        try {
            return run(spec);
        } catch (ProcessTimeoutException e) {
            return e.partialResult();
        }
    }

    /**
     * Finds an executable the way the child's environment would: a name with a slash is taken as a path,
     * a bare name is searched on the PATH the command gets (the caller's PATH override, else Maven's).
     */
    public static Optional<Path> findExecutable(String executable, Map<String, String> environment) {
        if (executable.contains(File.separator)) {
            Path path = Path.of(executable);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path.toAbsolutePath())
                    : Optional.empty();
        }
        String searchPath = environment != null && environment.get("PATH") != null ? environment.get("PATH")
                : System.getenv("PATH");
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static Path resolveExecutable(String executable, Map<String, String> environment, String hint)
            throws ToolNotFoundException {
        return findExecutable(executable, environment).orElseThrow(() -> notFound(executable, hint));
    }

    /** Fails like {@link #notFound} when the executable is not where the command would look for it. */
    public static void requireExecutable(String executable, Map<String, String> environment, String hint)
            throws ToolNotFoundException {
        resolveExecutable(executable, environment, hint);
    }

    /** "cargo not found on PATH" for a name, "/x/cargo does not exist or is not executable" for a path. */
    public static ToolNotFoundException notFound(String executable, String hint) {
        return new ToolNotFoundException(executable, (executable.contains(File.separator)
                ? executable + " does not exist or is not executable" : executable + " not found on PATH")
                + hintSuffix(hint));
    }

    private static String hintSuffix(String hint) {
        return hint == null ? "" : "; " + hint;
    }

    private Thread drain(InputStream stream, Consumer<String> sink, Deque<String> tail, String name) {
        Thread thread = new Thread(() -> {
            try (BoundedLineReader reader = new BoundedLineReader(
                    new InputStreamReader(stream, StandardCharsets.UTF_8), MAX_LINE_CHARS)) {
                String line;
                boolean cutSaid = false;
                while ((line = reader.readLine()) != null) {
                    if (reader.lastLineCut() && !cutSaid) {
                        // one gigantic line (a program printing a whole buffer) must not exhaust Maven's heap
                        log.warn(name + " had a line longer than " + MAX_LINE_CHARS + " characters; such lines are"
                                + " cut to that length (said once)");
                        cutSaid = true;
                    }
                    if (tail != null) {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > ProcessSpec.TAIL_LINES) {
                                tail.removeFirst();
                            }
                        }
                    }
                    try {
                        sink.accept(line);
                    } catch (RuntimeException e) {
                        log.warn("could not handle a line of " + name + ": " + e);
                    }
                }
            } catch (IOException e) {
                log.debug("stopped reading " + name + ": " + e.getMessage());
            }
        }, "rust-instruments-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void joinDrains(String executable, Thread... drains) throws InterruptedException {
        boolean lingering = false;
        for (Thread drain : drains) {
            // a child that outlives the program (or the killed tree) holds the pipe open; do not hang on it
            drain.join(TERMINATION_GRACE.toMillis());
            lingering |= drain.isAlive();
        }
        if (lingering) {
            log.warn("a child process of " + executable + " is still running after it exited and holds its output"
                    + " open; what it prints from now on is not read. Make the program wait for its children (or"
                    + " close their standard output and error) before it exits");
        }
    }

    private static List<String> tail(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /**
     * Stops a tree gently, then for sure: SIGTERM to the target (or, without one, the whole tree) so a profiler
     * wrapping it can finish its file; SIGKILL to the target if it ignores that; then SIGKILL to what is left.
     */
    static void terminateTree(ProcessHandle root, Path target) throws InterruptedException {
        List<ProcessHandle> victims = snapshot(root);
        if (target != null) {
            List<ProcessHandle> targets = victims.stream().filter(handle -> runs(handle, target)).toList();
            if (!targets.isEmpty()) {
                victims = targets;
            }
        }
        victims.forEach(ProcessHandle::destroy);
        if (!awaitExit(root)) {
            victims.forEach(ProcessHandle::destroyForcibly);
            awaitExit(root);
        }
        killTree(root);
    }

    private static boolean runs(ProcessHandle handle, Path executable) {
        return handle.info().command().map(command -> Path.of(command).equals(executable)).orElse(false);
    }

    private static boolean awaitExit(ProcessHandle root) throws InterruptedException {
        long deadline = System.nanoTime() + TERMINATION_GRACE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!root.isAlive()) {
                return true;
            }
            Thread.sleep(50);
        }
        return !root.isAlive();
    }

    static void killTree(ProcessHandle root) {
        // descendants first: once the root dies its children are re-parented and out of reach
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> tree = snapshot(root);
            if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
                return;
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = root.descendants().collect(Collectors.toCollection(ArrayList::new));
        tree.add(root);
        return tree;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Quotes each argument so the logged command can be pasted into a shell. */
    public static String quote(List<String> command) {
        return command.stream().map(ProcessRunner::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String argument) {
        if (!argument.isEmpty() && argument.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static String describe(Map<String, String> environment) {
        return environment.entrySet().stream().map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /**
     * {@link BufferedReader#readLine()} with a bound: a line longer than {@code max} characters is returned cut to
     * {@code max}, the rest up to its line end read and dropped, so memory stays bounded whatever the program prints.
     */
    static final class BoundedLineReader implements AutoCloseable {
        private final Reader in;
        private final int max;
        private final char[] buffer = new char[8192];
        private int position;
        private int limit;
        private boolean cut;

        BoundedLineReader(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        /** The next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}); null at the end. */
        String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            cut = false;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return any ? line.toString() : null;
                    }
                }
                char c = buffer[position++];
                any = true;
                if (c == '\n') {
                    return line.toString();
                }
                if (c == '\r') {
                    if (position == limit) {
                        limit = in.read(buffer, 0, buffer.length);
                        position = 0;
                        if (limit <= 0) {
                            limit = 0;
                            return line.toString();
                        }
                    }
                    if (buffer[position] == '\n') {
                        position++;
                    }
                    return line.toString();
                }
                if (line.length() < max) {
                    line.append(c);
                } else {
                    cut = true;
                }
            }
        }

        /** Whether the line {@link #readLine} returned last was cut. */
        boolean lastLineCut() {
            return cut;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
