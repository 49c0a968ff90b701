package io.github.rustinstruments.maven.trace;

import java.util.List;

/**
 * The cost of every allocation made from one distinct call stack.
 *
 * @param frames               innermost first (the allocator itself usually comes first), inlined frames expanded
 * @param allocations          number of allocation calls
 * @param allocatedBytes       bytes requested by those calls
 * @param temporaryAllocations allocations freed right away with no other allocation in between
 * @param peakBytes            bytes from this stack that were live at the moment of the global heap peak
 * @param leakedBytes          bytes allocated and not freed by the end of the recording
 * @param leakedBlocks         allocations not freed by the end of the recording
 * @param inScope              whether the stack passed the scope the recording was read with (see
 *                             {@link Profile#scope()}); {@code false} when it was read without one
 * @param scopedPeakBytes      bytes from this stack that were live at the moment of the scope's own peak; 0 outside
 *                             the scope or without one
 * @param possiblyCut          whether the profiler may have cut the stack at its outer end: its trace is as deep as
 *                             the profiler records (heaptrack 1.4: 62 instruction pointers) and does not reach
 *                             {@code main}, so outer frames (a JNI entry, the thread's start) may be missing
 */
public record StackCost(
        List<Frame> frames,
        long allocations,
        long allocatedBytes,
        long temporaryAllocations,
        long peakBytes,
        long leakedBytes,
        long leakedBlocks,
        boolean inScope,
        long scopedPeakBytes,
        boolean possiblyCut) {

    /** A stack read without a scope, not cut. */
    public StackCost(List<Frame> frames, long allocations, long allocatedBytes, long temporaryAllocations,
            long peakBytes, long leakedBytes, long leakedBlocks) {
        this(frames, allocations, allocatedBytes, temporaryAllocations, peakBytes, leakedBytes, leakedBlocks, false, 0,
                false);
    }
}
