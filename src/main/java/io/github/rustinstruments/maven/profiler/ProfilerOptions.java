package io.github.rustinstruments.maven.profiler;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The executables and options of every backend, each with its default; a goal sets only what it has parameters
 * for and leaves the rest alone.
 */
public final class ProfilerOptions {

    /** The external tools the backends run, with the name each is looked up by on the PATH by default. */
    public enum Tool {
        HEAPTRACK("heaptrack"),
        VALGRIND("valgrind"),
        /** macOS {@code leaks}. */
        LEAKS(MacLeaksProfiler.DEFAULT_EXECUTABLE),
        /** finds {@code xctrace} (macOS, full Xcode). */
        XCRUN("xcrun"),
        /** signs the copy Instruments needs on Apple Silicon. */
        CODESIGN("codesign"),
        /** macOS {@code time}, whose {@code -l} gives the peak memory footprint. */
        TIME(MacPeakFootprint.DEFAULT_EXECUTABLE);

        private final String defaultExecutable;

        Tool(String defaultExecutable) {
            this.defaultExecutable = defaultExecutable;
        }
    }

    private final Map<Tool, String> executables = new EnumMap<>(Tool.class);
    private List<Path> suppressionFiles = List.of();
    private List<String> suppressedFunctions = List.of();
    private boolean leaksTrace;

    /** Where a tool is: a name looked up on the command's PATH, or a path; blank keeps the default. */
    public ProfilerOptions executable(Tool tool, String executable) {
        if (executable != null && !executable.isBlank()) {
            executables.put(tool, executable.trim());
        }
        return this;
    }

    /** The user's valgrind suppression files (memcheck). */
    public ProfilerOptions suppressionFiles(List<Path> files) {
        suppressionFiles = files == null ? List.of() : List.copyOf(files);
        return this;
    }

    /** Function name patterns whose leaks are ignored (memcheck). */
    public ProfilerOptions suppressedFunctions(List<String> patterns) {
        suppressedFunctions = patterns == null ? List.of() : patterns.stream().filter(p -> p != null).toList();
        return this;
    }

    /** macOS: after a {@code leaks --atExit} check, also record an Instruments Leaks trace for the GUI. */
    public ProfilerOptions leaksTrace(boolean record) {
        leaksTrace = record;
        return this;
    }

    String executable(Tool tool) {
        return executables.getOrDefault(tool, tool.defaultExecutable);
    }

    List<Path> suppressionFiles() {
        return suppressionFiles;
    }

    List<String> suppressedFunctions() {
        return suppressedFunctions;
    }

    boolean leaksTrace() {
        return leaksTrace;
    }
}
