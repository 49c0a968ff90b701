package io.github.rustinstruments.maven.trace;

import java.util.List;

/**
 * The figures of the allocations within a scope (e.g. those a native library made inside a JVM), followed while
 * the recording was read: {@link HeaptrackReader#read(java.nio.file.Path, java.util.function.Predicate)}, or
 * {@link XctraceJvmAllocations#read} (Instruments' Allocations List, which gives neither temporaries nor a peak). A
 * figure the recording cannot give is {@code null}.
 *
 * <p>Everything but {@code temporaryAllocations} is exact. The peak in particular is the running maximum of the
 * scope's own live bytes over the whole recording, which per-stack figures cannot give: the scope's live bytes at
 * the moment of the process's peak ({@code bytesAtProcessPeak}) may be far lower, even 0.
 *
 * @param allocations          allocations whose stack is in the scope
 * @param allocatedBytes       bytes they requested
 * @param temporaryAllocations heaptrack's rule applied to the scope's own events: a free is temporary when it frees
 *                             what the scope's latest allocation allocated, with no other allocation of the scope
 *                             in between (allocations outside the scope do not count). Approximate, as heaptrack's
 *                             own figure is: with several threads the interleaving of their events decides;
 *                             {@code null} when the recording cannot give it
 * @param peakBytes            the maximum of the scope's live bytes (only an allocation raises it, as in heaptrack);
 *                             {@code null} when the recording does not say when blocks were freed
 * @param peakTimeMillis       when that peak was reached (the last time stamp before it, 0 when before the first);
 *                             {@code null} when the recording has no time stamps
 * @param liveBytesAtEnd       the scope's live bytes at the end of the recording, before suppressions
 * @param leakedBytes          bytes of the scope never freed, after heaptrack's and the recording's suppressions
 * @param leakedBlocks         blocks of the scope never freed, with the same suppressions
 * @param bytesAtProcessPeak   the scope's live bytes at the moment of the whole process's heap peak; {@code null}
 *                             when the process's peak is unknown
 * @param stacks               stacks in the scope ({@link StackCost#inScope()})
 * @param timeline             the scope's live bytes over time, as {@link Profile#timeline()} (no RSS: a scope has
 *                             no resident set of its own); empty when the recording has no time stamps
 */
public record ScopedTotals(
        long allocations,
        long allocatedBytes,
        Long temporaryAllocations,
        Long peakBytes,
        Long peakTimeMillis,
        long liveBytesAtEnd,
        long leakedBytes,
        long leakedBlocks,
        Long bytesAtProcessPeak,
        int stacks,
        List<HeapSample> timeline) {}
