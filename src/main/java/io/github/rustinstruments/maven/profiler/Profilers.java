package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Chooses the profiler backend from the {@code profiler} parameter, the goal and what is installed. */
public final class Profilers {
    /** Values the {@code profiler} parameter of {@code allocations} accepts. */
    public static final List<String> ALLOCATION_PROFILERS = List.of("auto", "heaptrack", "xctrace", "stats");
    /** Values the {@code profiler} parameter of {@code leaks} accepts. */
    public static final List<String> LEAK_PROFILERS = List.of("auto", "memcheck", "heaptrack", "macos-leaks", "stats");

    private Profilers() {}

    /**
     * The executables and options the backends need.
     *
     * @param heaptrack           heaptrack, by name or path
     * @param valgrind            valgrind, by name or path
     * @param suppressionFiles    the user's valgrind suppression files
     * @param suppressedFunctions function name patterns whose leaks are ignored (memcheck)
     * @param leaks               macOS {@code leaks}, by name or path
     * @param xcrun               {@code xcrun}, which finds {@code xctrace} (macOS)
     * @param codesign            {@code codesign}, for the signed copy Instruments needs on Apple Silicon
     */
    public record Tools(String heaptrack, String valgrind, List<Path> suppressionFiles,
            List<String> suppressedFunctions, String leaks, String xcrun, String codesign) {
        public Tools(String heaptrack, String valgrind, List<Path> suppressionFiles, List<String> suppressedFunctions) {
            this(heaptrack, valgrind, suppressionFiles, suppressedFunctions, MacLeaksProfiler.DEFAULT_EXECUTABLE);
        }

        public Tools(String heaptrack, String valgrind, List<Path> suppressionFiles, List<String> suppressedFunctions,
                String leaks) {
            this(heaptrack, valgrind, suppressionFiles, suppressedFunctions, leaks, "xcrun", "codesign");
        }

        public static Tools defaults() {
            return new Tools("heaptrack", "valgrind", List.of(), List.of());
        }
    }

    /**
     * The backend of the {@code allocations} goal. {@code auto}: heaptrack on Linux, Instruments' Allocations
     * template through {@code xcrun xctrace} on macOS, when installed; otherwise the harness's own in-process
     * counters ({@code stats}), which need nothing but cargo.
     *
     * @param environment the command's environment, whose PATH decides what is installed
     * @throws IllegalArgumentException for an unknown name, listing the choices
     */
    public static Profiler forAllocations(String name, Platform platform, ProcessRunner runner, BuildLog log,
            Tools tools, Map<String, String> environment) {
        String wanted = normalise(name);
        switch (wanted) {
            case "auto":
                if (platform.isLinux() && installed(tools.heaptrack(), environment)) {
                    return heaptrack(runner, log, tools);
                }
                if (platform.isMac()) {
                    Profiler xctrace = xctrace(runner, log, tools, platform);
                    try {
                        xctrace.checkInstalled(environment);
                        return xctrace;
                    } catch (ToolNotFoundException e) {
                        log.info("profiler=auto: " + e.getMessage());
                    }
                }
                log.info("profiler=auto: " + (platform.isLinux() ? "heaptrack is not installed"
                        : platform.isMac() ? "xctrace is not available"
                        : "no external profiler is supported on " + platform + " yet")
                        + ", so the harness counts its own allocations (profiler=stats: totals only, no stacks)");
                return new StatsProfiler(runner, log);
            case "heaptrack":
                return heaptrack(runner, log, tools);
            case "xctrace":
            case "instruments":
                return xctrace(runner, log, tools, platform);
            case "stats":
                return new StatsProfiler(runner, log);
            default:
                throw unknown(name, ALLOCATION_PROFILERS);
        }
    }

    /**
     * The backend of the {@code leaks} goal. {@code auto}: valgrind memcheck on Linux when installed (leak kinds and
     * memory errors); else heaptrack (never freed by exit); on macOS {@code leaks --atExit}; else the harness's
     * in-process counters.
     */
    public static Profiler forLeaks(String name, Platform platform, ProcessRunner runner, BuildLog log, Tools tools,
            Map<String, String> environment) {
        String wanted = normalise(name);
        switch (wanted) {
            case "auto":
                if (platform.isLinux() && installed(tools.valgrind(), environment)) {
                    return memcheck(runner, log, tools);
                }
                if (platform.isMac() && installed(tools.leaks(), environment)) {
                    return new MacLeaksProfiler(runner, log, tools.leaks());
                }
                if (platform.isLinux() && installed(tools.heaptrack(), environment)) {
                    log.info("profiler=auto: valgrind is not installed, so leaks are checked with heaptrack"
                            + " (memory never freed by exit, without reachability classes)");
                    return heaptrack(runner, log, tools);
                }
                log.info("profiler=auto: " + (platform.isLinux() ? "neither valgrind nor heaptrack is installed"
                        : platform.isMac() ? "leaks is not installed"
                        : "no external profiler is supported on " + platform + " yet")
                        + ", so the harness counts its own allocations (profiler=stats: live bytes at exit, no"
                        + " stacks)");
                return new StatsProfiler(runner, log);
            case "memcheck":
            case "valgrind":
                return memcheck(runner, log, tools);
            case "heaptrack":
                return heaptrack(runner, log, tools);
            case "macos-leaks":
            case "leaks":
                return new MacLeaksProfiler(runner, log, tools.leaks());
            case "stats":
                return new StatsProfiler(runner, log);
            default:
                throw unknown(name, LEAK_PROFILERS);
        }
    }

    private static Profiler heaptrack(ProcessRunner runner, BuildLog log, Tools tools) {
        return new HeaptrackProfiler(runner, log, tools.heaptrack());
    }

    /** Instruments through xctrace with the given template ({@code Allocations} for the allocations goal). */
    public static Profiler xctrace(ProcessRunner runner, BuildLog log, Tools tools, Platform platform,
            String template) {
        return new XctraceProfiler(runner, log, tools.xcrun(), template, platform.isAppleSilicon(), tools.codesign());
    }

    private static Profiler xctrace(ProcessRunner runner, BuildLog log, Tools tools, Platform platform) {
        return xctrace(runner, log, tools, platform, "Allocations");
    }

    private static Profiler memcheck(ProcessRunner runner, BuildLog log, Tools tools) {
        return new MemcheckProfiler(runner, log, tools.valgrind(), tools.suppressionFiles(),
                tools.suppressedFunctions());
    }

    private static boolean installed(String executable, Map<String, String> environment) {
        return ProcessRunner.findExecutable(executable, environment).isPresent();
    }

    private static String normalise(String name) {
        return name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String name, List<String> choices) {
        return new IllegalArgumentException("unknown profiler '" + name + "': choose one of "
                + String.join(", ", choices));
    }
}
