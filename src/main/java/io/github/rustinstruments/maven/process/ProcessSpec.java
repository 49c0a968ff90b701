package io.github.rustinstruments.maven.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One external command: an argument list (never a shell string), an explicit working directory, the
 * environment variables added to Maven's own, an optional time limit and where each output line goes.
 */
public final class ProcessSpec {
    /** How many trailing lines of standard error a result keeps for error messages. */
    public static final int TAIL_LINES = 20;

    private final List<String> command;
    private Path directory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration timeout;
    private Consumer<String> stdout = line -> {};
    private Consumer<String> stderr = line -> {};
    private String installHint;
    private Path stopFirst;

    private ProcessSpec(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.command = List.copyOf(command);
    }

    public static ProcessSpec of(List<String> command) {
        return new ProcessSpec(command);
    }

    public static ProcessSpec of(String executable, String... args) {
        List<String> all = new ArrayList<>();
        all.add(executable);
        all.addAll(List.of(args));
        return new ProcessSpec(all);
    }

    public ProcessSpec directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Adds variables to the inherited environment; entries with a {@code null} key or value are ignored. */
    public ProcessSpec environment(Map<String, String> variables) {
        if (variables != null) {
            variables.forEach((key, value) -> {
                if (key != null && value != null) {
                    environment.put(key, value);
                }
            });
        }
        return this;
    }

    public ProcessSpec timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public ProcessSpec stdout(Consumer<String> sink) {
        this.stdout = Objects.requireNonNull(sink);
        return this;
    }

    public ProcessSpec stderr(Consumer<String> sink) {
        this.stderr = Objects.requireNonNull(sink);
        return this;
    }

    /** What to tell the user when the executable is missing, e.g. "install it with `apt-get install heaptrack`". */
    public ProcessSpec installHint(String hint) {
        this.installHint = hint;
        return this;
    }

    /**
     * On a time-out, stop the processes running this executable first and give the rest of the tree (a profiler
     * wrapping it) time to finish its recording before it is killed too.
     */
    public ProcessSpec stopFirst(Path executable) {
        this.stopFirst = executable;
        return this;
    }

    public List<String> command() {
        return command;
    }

    public Path directory() {
        return directory;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Duration timeout() {
        return timeout;
    }

    Consumer<String> stdoutSink() {
        return stdout;
    }

    Consumer<String> stderrSink() {
        return stderr;
    }

    Path stopFirst() {
        return stopFirst;
    }

    String installHint() {
        return installHint;
    }
}
