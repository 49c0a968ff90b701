package io.github.rustinstruments.maven.process;

import io.github.rustinstruments.maven.BuildLog;
import java.util.ArrayList;
import java.util.List;

/** A {@link BuildLog} for tests: keeps every line with its level, safe to call from the drain threads. */
public final class CollectingBuildLog implements BuildLog {
    private final List<String> info = new ArrayList<>();
    private final List<String> warn = new ArrayList<>();
    private final List<String> debug = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        info.add(message);
    }

    @Override
    public synchronized void warn(String message) {
        warn.add(message);
    }

    @Override
    public synchronized void debug(String message) {
        debug.add(message);
    }

    public synchronized List<String> info() {
        return List.copyOf(info);
    }

    public synchronized List<String> warn() {
        return List.copyOf(warn);
    }

    public synchronized List<String> debug() {
        return List.copyOf(debug);
    }
}
