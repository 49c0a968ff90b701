package io.github.rustinstruments.maven.trace;

import io.github.rustinstruments.maven.summary.Summary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' windows in one recording's allocation stream, for {@link HeaptrackReader}: finds the test markers
 * ({@link TestMarkers}) in order, keeps them out of every figure, and charges each of the scope's allocations to the
 * window it was made in.
 *
 * <p>The window of an allocation is the one test running when it was made; {@link Summary#OUTSIDE_TESTS} when none
 * was, {@link Summary#OVERLAPPING_TESTS} when several were (tests run in parallel: heaptrack records no threads, so
 * the test is not guessed).
 *
 * <p>heaptrack records a free by the allocation info it frees (size and stack), not by address, so a free is
 * matched with the latest still-live allocation of the same info: memory a test allocates and frees is its own,
 * and memory freed later by another test is charged to the one that allocated it unless that other test allocated
 * from the same stack and size itself. The window figures add up to the scope's exactly.
 *
 * <p>Per window and info: allocated and freed blocks, and the blocks live at the window's own peak, kept with the
 * epoch trick the reader uses for the global peak (a snapshot is taken at the first change after each new peak).
 */
final class TestWindows {
    private static final int ALLOCATED = 0;
    private static final int FREED = 1;
    private static final int EPOCH = 2;
    private static final int AT_PEAK = 3;

    private final MarkerSequence sequence;

    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> entryOf = new HashMap<>();
    private long[] live = new long[8];
    private long[] peak = new long[8];
    private long[] epoch = new long[8];
    /** The entry of the window open now. */
    private int current;

    /** Per (entry, info): {@link #ALLOCATED}, {@link #FREED}, {@link #EPOCH}, {@link #AT_PEAK}. */
    private final Map<Long, long[]> pairs = new LinkedHashMap<>();
    /** Per info: runs of live blocks by entry, latest last ({entry, blocks}), for matching frees. */
    private final Map<Integer, ArrayDeque<long[]>> liveRuns = new HashMap<>();
    /** Per info: marker blocks allocated and not yet freed. */
    private final Map<Integer, int[]> markerBlocks = new HashMap<>();

    TestWindows(TestMarkers markers) {
        this.sequence = new MarkerSequence(markers);
        current = entry(sequence.window());
        entry(Summary.OVERLAPPING_TESTS);
    }

    /** Whether an allocation of this size may be a marker: the reader then hands its info to this class. */
    static boolean mayBeMarker(long size) {
        return TestMarkers.inBand(size);
    }

    /**
     * An allocation of a possible marker's info: when it is the next marker, the window changes and {@code true}
     * says the allocation counts nowhere.
     */
    boolean markerAllocated(int info, long size) {
        if (!sequence.isNextMarker(size)) {
            return false;
        }
        markerBlocks.computeIfAbsent(info, i -> new int[1])[0]++;
        current = entry(sequence.window());
        return true;
    }

    /** A free of a possible marker's info: {@code true} when it frees a marker block, which counts nowhere. */
    boolean markerFreed(int info) {
        int[] blocks = markerBlocks.get(info);
        if (blocks == null || blocks[0] == 0) {
            return false;
        }
        blocks[0]--;
        return true;
    }

    /** An allocation within the scope, charged to the current window. */
    void allocated(int info, long size) {
        int entry = current;
        long[] pair = pair(entry, info);
        pair[ALLOCATED]++;
        ArrayDeque<long[]> runs = liveRuns.computeIfAbsent(info, i -> new ArrayDeque<>(2));
        long[] last = runs.peekLast();
        if (last != null && last[0] == entry) {
            last[1]++;
        } else {
            runs.addLast(new long[] {entry, 1});
        }
        live[entry] += size;
        if (live[entry] > peak[entry]) {
            peak[entry] = live[entry];
            epoch[entry]++;
        }
    }

    /** A free within the scope, charged to the window of the latest live allocation of the same info. */
    void freed(int info, long size) {
        ArrayDeque<long[]> runs = liveRuns.get(info);
        long[] last = runs == null ? null : runs.peekLast();
        if (last == null) {
            return; // freed what was allocated before the recording started: no window's
        }
        int entry = (int) last[0];
        if (--last[1] == 0) {
            runs.removeLast();
        }
        pair(entry, info)[FREED]++;
        live[entry] -= size;
    }

    /** Whether every marker the listener wrote was found, so the windows are the tests'. */
    boolean complete() {
        return sequence.complete();
    }

    /** One window's figures per info, for the reader to turn into stacks. */
    record InfoCosts(int info, long allocated, long liveBlocks, long blocksAtPeak) {}

    /** One window: its name, peak, and costs per info. */
    record Window(String test, long peakBytes, List<InfoCosts> infos) {}

    /** The windows with at least one allocation, in the order they first allocated. */
    List<Window> windows() {
        Map<Integer, List<InfoCosts>> byEntry = new LinkedHashMap<>();
        for (Map.Entry<Long, long[]> e : pairs.entrySet()) {
            int entry = (int) (e.getKey() >>> 32);
            int info = (int) (long) e.getKey();
            long[] pair = e.getValue();
            long liveBlocks = pair[ALLOCATED] - pair[FREED];
            long atPeak = epoch[entry] == 0 ? 0 : pair[EPOCH] == epoch[entry] ? pair[AT_PEAK] : liveBlocks;
            byEntry.computeIfAbsent(entry, k -> new ArrayList<>())
                    .add(new InfoCosts(info, pair[ALLOCATED], liveBlocks, atPeak));
        }
        List<Window> windows = new ArrayList<>();
        byEntry.forEach((entry, infos) -> windows.add(new Window(names.get(entry), peak[entry], infos)));
        return windows;
    }

    /** The pair's counts, with the blocks it had at its window's latest peak remembered before they change. */
    private long[] pair(int entry, int info) {
        long key = ((long) entry << 32) | (info & 0xffffffffL);
        long[] pair = pairs.get(key);
        if (pair == null) {
            pair = new long[4];
            pair[EPOCH] = epoch[entry];
            pairs.put(key, pair);
        } else if (pair[EPOCH] != epoch[entry]) {
            pair[EPOCH] = epoch[entry];
            pair[AT_PEAK] = pair[ALLOCATED] - pair[FREED];
        }
        return pair;
    }

    private int entry(String name) {
        Integer known = entryOf.get(name);
        if (known != null) {
            return known;
        }
        int entry = names.size();
        names.add(name);
        entryOf.put(name, entry);
        if (entry == live.length) {
            live = Arrays.copyOf(live, entry * 2);
            peak = Arrays.copyOf(peak, entry * 2);
            epoch = Arrays.copyOf(epoch, entry * 2);
        }
        return entry;
    }
}
