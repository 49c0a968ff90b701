package io.github.rustinstruments.maven.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The summary contract, {@code <run>/<kind>.json}: read by the gate, CI tooling and users, so field names are
 * stable. A figure the profiler cannot know is {@code null}.
 */
@JsonPropertyOrder({"schemaVersion", "run", "kind", "profiler", "platform", "command", "exitCode", "durationMillis",
        "recording", "totals", "leakKinds", "topSites"})
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
        List<Site> topSites) {

    public static final int SCHEMA_VERSION = 1;

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
