package io.github.rustinstruments.maven.analysis;

/**
 * What a stack, a call-tree node or a site costs.
 *
 * @param allocations          calls to allocation functions
 * @param allocatedBytes       bytes requested
 * @param temporaryAllocations allocations freed right away
 * @param peakBytes            bytes live at the moment of the global heap peak
 * @param leakedBytes          bytes never freed by exit
 * @param leakedBlocks         allocations never freed by exit
 */
public record Costs(long allocations, long allocatedBytes, long temporaryAllocations, long peakBytes,
        long leakedBytes, long leakedBlocks) {

    public static final Costs ZERO = new Costs(0, 0, 0, 0, 0, 0);

    public Costs plus(Costs other) {
        return new Costs(allocations + other.allocations, allocatedBytes + other.allocatedBytes,
                temporaryAllocations + other.temporaryAllocations, peakBytes + other.peakBytes,
                leakedBytes + other.leakedBytes, leakedBlocks + other.leakedBlocks);
    }

    /** The figure a flame graph or a sort uses. */
    public long get(CostType type) {
        return switch (type) {
            case ALLOCATIONS -> allocations;
            case ALLOCATED_BYTES -> allocatedBytes;
            case TEMPORARY -> temporaryAllocations;
            case PEAK_BYTES -> peakBytes;
            case LEAKED_BYTES -> leakedBytes;
        };
    }
}
