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
 */
public record StackCost(
        List<Frame> frames,
        long allocations,
        long allocatedBytes,
        long temporaryAllocations,
        long peakBytes,
        long leakedBytes,
        long leakedBlocks) {}
