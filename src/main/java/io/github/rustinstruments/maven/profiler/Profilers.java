package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.ProfilerOptions.Tool;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.RecordingFormat;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
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
     * The backend of the {@code allocations} goal. {@code auto}: heaptrack on Linux, Instruments' Allocations
     * template through {@code xcrun xctrace} on macOS, when installed; otherwise the harness's own in-process
     * counters ({@code stats}), which need nothing but cargo.
     *
     * @param environment the command's environment, whose PATH decides what is installed
     * @throws IllegalArgumentException for an unknown name, listing the choices
     */
    public static Profiler forAllocations(String name, Platform platform, ProcessRunner runner, BuildLog log,
            ProfilerOptions tools, Map<String, String> environment) {
        String wanted = normalise(name);
        switch (wanted) {
            case "auto":
                if (platform.isLinux() && installed(tools.executable(Tool.HEAPTRACK), environment)) {
                    return heaptrack(runner, log, tools);
                }
                if (platform.isMac()) {
                    Profiler xctrace = allocationsTemplate(runner, log, tools, platform);
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
                return allocationsTemplate(runner, log, tools, platform);
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
    public static Profiler forLeaks(String name, Platform platform, ProcessRunner runner, BuildLog log, ProfilerOptions tools,
            Map<String, String> environment) {
        if (tools.leaksTrace() && !platform.isMac()) {
            log.warn("recordTrace records an Instruments trace, which exists only on macOS; skipped on " + platform);
        }
        String wanted = normalise(name);
        switch (wanted) {
            case "auto":
                if (platform.isLinux() && installed(tools.executable(Tool.VALGRIND), environment)) {
                    return memcheck(runner, log, tools);
                }
                if (platform.isMac() && installed(tools.executable(Tool.LEAKS), environment)) {
                    return macLeaks(runner, log, tools, platform);
                }
                if (platform.isLinux() && installed(tools.executable(Tool.HEAPTRACK), environment)) {
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
                return macLeaks(runner, log, tools, platform);
            case "stats":
                return new StatsProfiler(runner, log);
            default:
                throw unknown(name, LEAK_PROFILERS);
        }
    }

    private static Profiler heaptrack(ProcessRunner runner, BuildLog log, ProfilerOptions tools) {
        return new HeaptrackProfiler(runner, log, tools.executable(Tool.HEAPTRACK));
    }

    /** Instruments through xctrace with any template, for the GUI ({@code record} goal). */
    public static XctraceProfiler instruments(ProcessRunner runner, BuildLog log, ProfilerOptions tools,
            Platform platform, String template) {
        return new XctraceProfiler(runner, log, tools.executable(Tool.XCRUN), template, platform.isAppleSilicon(), tools.executable(Tool.CODESIGN));
    }

    /** Instruments' Allocations template, with the peak footprint its statistics lack measured by {@code time -l}. */
    private static Profiler allocationsTemplate(ProcessRunner runner, BuildLog log, ProfilerOptions tools,
            Platform platform) {
        return instruments(runner, log, tools, platform, "Allocations").measuringPeakFootprint(tools.executable(Tool.TIME));
    }

    private static Profiler macLeaks(ProcessRunner runner, BuildLog log, ProfilerOptions tools, Platform platform) {
        MacLeaksProfiler leaks = new MacLeaksProfiler(runner, log, tools.executable(Tool.LEAKS));
        return tools.leaksTrace() ? leaks.alsoRecordingTrace(instruments(runner, log, tools, platform, "Leaks"))
                : leaks;
    }

    /**
     * The backend that reads a recording of this format, made here or elsewhere ({@code report} goal); it is never
     * asked to record.
     *
     * @throws RecordingFormatException for a file no backend reads, saying which files are read
     */
    public static Profiler forRecording(Path input, RecordingFormat format, ProcessRunner runner, BuildLog log)
            throws RecordingFormatException {
        ProfilerOptions defaults = new ProfilerOptions();
        return switch (format) {
            case HEAPTRACK -> heaptrack(runner, log, defaults);
            case VALGRIND_XML -> memcheck(runner, log, defaults);
            case MACOS_LEAKS -> new MacLeaksProfiler(runner, log, defaults.executable(Tool.LEAKS));
            case XCTRACE_EXPORT -> new XctraceProfiler(runner, log, defaults.executable(Tool.XCRUN), "Allocations", false,
                    defaults.executable(Tool.CODESIGN));
            default -> throw new RecordingFormatException(input + " is not a recording this plugin can read: expected"
                    + " a heaptrack data file (zstd- or gzip-compressed, or plain text starting with a 'v' version"
                    + " line), as written by `heaptrack -o FILE program`, valgrind memcheck XML (`valgrind --xml=yes"
                    + " --xml-file=FILE`), a macOS leaks report (`leaks --atExit -- program > FILE`) or an xctrace"
                    + " export (Allocations Statistics or Leaks detail)");
        };
    }

    private static Profiler memcheck(ProcessRunner runner, BuildLog log, ProfilerOptions tools) {
        return new MemcheckProfiler(runner, log, tools.executable(Tool.VALGRIND), tools.suppressionFiles(),
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
