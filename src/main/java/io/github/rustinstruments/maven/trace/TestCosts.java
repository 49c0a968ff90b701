package io.github.rustinstruments.maven.trace;

import java.util.List;

/**
 * The scope's allocations (a library's, in a JVM) made during one test, found between the test's start and end
 * markers in the recording ({@link TestMarkers}). Every figure counts only allocations made inside the window;
 * frees are matched to them as {@link HeaptrackReader} explains.
 *
 * @param test           the test's name, or {@code (outside tests)} / {@code (overlapping tests)} (see
 *                       {@link io.github.rustinstruments.maven.summary.Summary#OUTSIDE_TESTS})
 * @param allocations    allocations made in the window
 * @param allocatedBytes bytes they requested
 * @param peakBytes      the most of the window's own allocations live at once; {@code null} when unknown
 * @param leakedBytes    bytes of the window's allocations never freed, after the recording's suppressions
 * @param leakedBlocks   blocks of the window's allocations never freed, with the same suppressions
 * @param stacks         the window's costs per stack; {@link StackCost#peakBytes()} is the stack's share at the
 *                       window's own peak
 */
public record TestCosts(String test, long allocations, long allocatedBytes, Long peakBytes, long leakedBytes,
        long leakedBlocks, List<StackCost> stacks) {}
