package io.github.rustinstruments.maven.trace;

import java.util.List;

/**
 * What a recording says about the heap, independent of the profiler that made it.
 * A figure the profiler cannot know is {@code null}, never a made-up 0.
 *
 * @param command              the profiled command line as the recording states it; {@code null} when absent
 * @param allocations          calls to allocation functions
 * @param allocatedBytes       total bytes requested
 * @param temporaryAllocations allocations freed right away (heaptrack's definition)
 * @param peakHeapBytes        maximum of live heap bytes
 * @param peakRssBytes         maximum resident set size, {@code null} when not sampled
 * @param leakedBytes          bytes never freed by exit
 * @param leakedBlocks         allocations never freed by exit
 * @param durationMillis       last timestamp in the recording, {@code null} when absent
 * @param stacks               cost per distinct call stack
 * @param peakTimeMillis       when the heap peak was reached (the last timestamp before it), {@code null} when unknown
 * @param timeline             live heap (and RSS) over time, oldest first; empty when the recording has no times
 * @param leaks                leak classification and memory errors, from profilers that report them (valgrind
 *                             memcheck); {@code null} otherwise
 * @param scope                the figures of the allocations within the scope the recording was read with (see
 *                             {@link ScopedTotals}); {@code null} when it was read without one
 * @param tests                the scope's figures per test, when the recording was read with test markers
 *                             ({@link TestMarkers}) and they were found; {@code null} otherwise. A name may appear more
 *                             than once (a run of several JVMs gives each JVM's entries): its entries add up
 */
public record Profile(
        String command,
        Long allocations,
        Long allocatedBytes,
        Long temporaryAllocations,
        Long peakHeapBytes,
        Long peakRssBytes,
        Long leakedBytes,
        Long leakedBlocks,
        Long durationMillis,
        List<StackCost> stacks,
        Long peakTimeMillis,
        List<HeapSample> timeline,
        LeakDetails leaks,
        ScopedTotals scope,
        List<TestCosts> tests) {

    /** A profile read without a scope. */
    public Profile(String command, Long allocations, Long allocatedBytes, Long temporaryAllocations,
            Long peakHeapBytes, Long peakRssBytes, Long leakedBytes, Long leakedBlocks, Long durationMillis,
            List<StackCost> stacks, Long peakTimeMillis, List<HeapSample> timeline, LeakDetails leaks) {
        this(command, allocations, allocatedBytes, temporaryAllocations, peakHeapBytes, peakRssBytes, leakedBytes,
                leakedBlocks, durationMillis, stacks, peakTimeMillis, timeline, leaks, null, null);
    }

    /** A profile from a profiler that does not classify leaks. */
    public Profile(String command, Long allocations, Long allocatedBytes, Long temporaryAllocations,
            Long peakHeapBytes, Long peakRssBytes, Long leakedBytes, Long leakedBlocks, Long durationMillis,
            List<StackCost> stacks, Long peakTimeMillis, List<HeapSample> timeline) {
        this(command, allocations, allocatedBytes, temporaryAllocations, peakHeapBytes, peakRssBytes, leakedBytes,
                leakedBlocks, durationMillis, stacks, peakTimeMillis, timeline, null);
    }

    /** A profile without a time line (profilers that do not sample over time). */
    public Profile(String command, Long allocations, Long allocatedBytes, Long temporaryAllocations,
            Long peakHeapBytes, Long peakRssBytes, Long leakedBytes, Long leakedBlocks, Long durationMillis,
            List<StackCost> stacks) {
        this(command, allocations, allocatedBytes, temporaryAllocations, peakHeapBytes, peakRssBytes, leakedBytes,
                leakedBlocks, durationMillis, stacks, null, List.of(), null);
    }

    /** The same profile with a peak RSS measured separately (macOS: {@code /usr/bin/time -l}). */
    public Profile withPeakRssBytes(Long bytes) {
        return new Profile(command, allocations, allocatedBytes, temporaryAllocations, peakHeapBytes, bytes,
                leakedBytes, leakedBlocks, durationMillis, stacks, peakTimeMillis, timeline, leaks, scope, tests);
    }

    /** The same profile with the figures of a scope (or none). */
    public Profile withScope(ScopedTotals scope) {
        return new Profile(command, allocations, allocatedBytes, temporaryAllocations, peakHeapBytes, peakRssBytes,
                leakedBytes, leakedBlocks, durationMillis, stacks, peakTimeMillis, timeline, leaks, scope, tests);
    }

    /** The same profile with the scope's figures per test (or none). */
    public Profile withTests(List<TestCosts> perTest) {
        return new Profile(command, allocations, allocatedBytes, temporaryAllocations, peakHeapBytes, peakRssBytes,
                leakedBytes, leakedBlocks, durationMillis, stacks, peakTimeMillis, timeline, leaks, scope,
                perTest == null ? null : List.copyOf(perTest));
    }
}
