package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import java.util.List;
import java.util.Locale;

/** Chooses the profiler backend from the {@code profiler} parameter and the platform. */
public final class Profilers {
    /** Values the {@code profiler} parameter accepts in this version. */
    public static final List<String> NAMES = List.of("auto", "heaptrack");

    private Profilers() {}

    /**
     * @throws IllegalArgumentException for an unknown name or a platform without a supported profiler,
     *                                  with a message that says what to choose instead
     */
    public static Profiler forAllocations(String name, Platform platform, ProcessRunner runner, BuildLog log,
            String heaptrackExecutable) {
        String wanted = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "auto":
                if (platform.isLinux()) {
                    return new HeaptrackProfiler(runner, log, heaptrackExecutable);
                }
                if (platform.isMac()) {
                    throw new IllegalArgumentException("profiling on macOS (Instruments through xctrace) is not yet"
                            + " supported by this version; record on Linux with heaptrack for now");
                }
                throw new IllegalArgumentException("no memory profiler is supported on " + platform
                        + " yet; run on Linux with heaptrack");
            case "heaptrack":
                return new HeaptrackProfiler(runner, log, heaptrackExecutable);
            default:
                throw new IllegalArgumentException("unknown profiler '" + name + "': choose one of "
                        + String.join(", ", NAMES));
        }
    }
}
