package io.github.rustinstruments.maven.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The summary contract, {@code <run>/<kind>.json}: read by the gate, CI tooling and users, so field names are
 * stable. A figure the profiler cannot know is {@code null}.
 */
@JsonPropertyOrder({"schemaVersion", "run", "kind", "profiler", "platform", "command", "exitCode", "durationMillis",
        "recording", "totals", "leakKinds", "errors", "topSites"})
public record Summary(
        int schemaVersion,
        String run,
        String kind,
        String profiler,
        String platform,
        List<String> command,
        Integer exitCode,
        Long durationMillis,
        String recording,
        Totals totals,
        LeakKinds leakKinds,
        // an addition to the design's contract: absent, rather than null, for profilers that do not detect errors
        @JsonInclude(JsonInclude.Include.NON_NULL) List<MemoryError> errors,
        List<Site> topSites) {

    public static final int SCHEMA_VERSION = 1;

    /** The kinds of summary: {@code <run>/<kind>.json}. */
    public static final List<String> KINDS = List.of("allocations", "leaks");

    /**
     * The profilers a summary (and a baseline entry) may name: the one list the gate validates against. The
     * {@code -jvm} ids are reserved for profiling the project's own test JVMs.
     */
    public static final List<String> PROFILERS = List.of("heaptrack", "memcheck", "xctrace", "macos-leaks", "stats",
            "heaptrack-jvm", "xctrace-jvm");

    /** A summary from a profiler that does not detect memory errors ({@code errors} is {@code null}). */
    public Summary(int schemaVersion, String run, String kind, String profiler, String platform, List<String> command,
            Integer exitCode, Long durationMillis, String recording, Totals totals, LeakKinds leakKinds,
            List<Site> topSites) {
        this(schemaVersion, run, kind, profiler, platform, command, exitCode, durationMillis, recording, totals,
                leakKinds, null, topSites);
    }

    /**
     * A memory error that is not a leak (invalid read or write, uninitialised value, mismatched free), from
     * profilers that detect them (valgrind memcheck); the summary's {@code errors} is {@code null} for others.
     *
     * @param kind     the profiler's kind, e.g. {@code InvalidRead}
     * @param what     the profiler's description
     * @param function the innermost frame in the user's code (else the innermost frame), demangled
     * @param file     its source file
     * @param line     its line
     * @param stack    the stack from there outwards, {@code function (file:line)}
     */
    @JsonPropertyOrder({"kind", "what", "function", "file", "line", "stack"})
    public record MemoryError(String kind, String what, String function, String file, Integer line,
            List<String> stack) {}

    @JsonPropertyOrder({"allocations", "allocatedBytes", "temporaryAllocations", "peakHeapBytes", "peakRssBytes",
            "leakedBytes", "leakedBlocks"})
    public record Totals(Long allocations, Long allocatedBytes, Long temporaryAllocations, Long peakHeapBytes,
            Long peakRssBytes, Long leakedBytes, Long leakedBlocks) {}

    @JsonPropertyOrder({"definitelyLostBytes", "definitelyLostBlocks", "indirectlyLostBytes", "indirectlyLostBlocks",
            "possiblyLostBytes", "possiblyLostBlocks", "stillReachableBytes", "stillReachableBlocks"})
    public record LeakKinds(Long definitelyLostBytes, Long definitelyLostBlocks, Long indirectlyLostBytes,
            Long indirectlyLostBlocks, Long possiblyLostBytes, Long possiblyLostBlocks, Long stillReachableBytes,
            Long stillReachableBlocks) {}

    /**
     * One allocation site: the innermost frame in the user's code (or, when a stack has none, its innermost
     * frame outside the allocator and the runtime), with the costs of every stack attributed to it.
     */
    @JsonPropertyOrder({"function", "file", "line", "inUserCode", "allocations", "allocatedBytes", "peakBytes",
            "leakedBytes", "stack"})
    public record Site(String function, String file, Integer line, boolean inUserCode, long allocations,
            long allocatedBytes, long peakBytes, long leakedBytes, List<String> stack) {}
}
