package io.github.rustinstruments.maven.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Builds the heap-over-time series of a recording from its time stamps, in bounded memory.
 *
 * <p>Every time stamp gives a sample: its time, the live heap bytes at that moment and the resident set size of that
 * moment (the latest RSS record that follows the time stamp, else the latest one before it). When a series of
 * {@link #DEFAULT_MAX_SAMPLES} needs one more sample, neighbours are merged pairwise and from then on twice as many
 * time stamps go into one sample, so an hours-long recording still yields at most that many samples (plus the two
 * below), evenly spread. A merged sample is its member with the most heap (its time and heap bytes; the earlier one
 * on a tie) and the largest RSS of its members.
 *
 * <p>Live heap at the time stamps misses the peak, which lies between two of them: so the sample holding the time
 * stamp that precedes the global peak is given the peak's heap bytes and that time stamp's time (the time
 * {@link Profile#peakTimeMillis()} reports), and a peak reached before the first time stamp gets a sample of its own
 * at time 0. The chart thus always shows the peak where the profile says it is. A final sample gives the live heap at
 * the end of the recording.
 */
final class HeapTimeline {

    static final int DEFAULT_MAX_SAMPLES = 20_000;

    private final int maxSamples;

    private int count;
    private long[] time = new long[256];
    private long[] heap = new long[256];
    /** RSS in pages, -1 when none. */
    private long[] rssPages = new long[256];
    /** Number (1-based) of the first time stamp in each sample. */
    private long[] firstStamp = new long[256];

    /** Time stamps per sample; doubles at every downsampling, which happens when a full series needs a new sample. */
    private long stride = 1;
    /** Time stamps in the last sample. */
    private long lastFill;
    /** Whether an RSS record arrived since the last sample was started. */
    private boolean rssInLast;
    private long stamps;
    private long latestRssPages = -1;

    HeapTimeline() {
        this(DEFAULT_MAX_SAMPLES);
    }

    /** @param maxSamples an even number, at least 2 */
    HeapTimeline(int maxSamples) {
        if (maxSamples < 2 || maxSamples % 2 != 0) {
            throw new IllegalArgumentException("maxSamples must be even and at least 2: " + maxSamples);
        }
        this.maxSamples = maxSamples;
    }

    /** Number of time stamps seen so far: the number of the latest one, 0 before the first. */
    long stamps() {
        return stamps;
    }

    /** A time stamp ({@code c} record), with the live heap bytes at that moment. */
    void stamp(long timeMillis, long liveBytes) {
        stamps++;
        if (count > 0 && lastFill < stride) {
            int last = count - 1;
            if (liveBytes > heap[last]) {
                time[last] = timeMillis;
                heap[last] = liveBytes;
            }
            lastFill++;
            return;
        }
        if (count == maxSamples) {
            downsample();
        }
        if (count == time.length) {
            int size = Math.min(maxSamples, count * 2);
            time = Arrays.copyOf(time, size);
            heap = Arrays.copyOf(heap, size);
            rssPages = Arrays.copyOf(rssPages, size);
            firstStamp = Arrays.copyOf(firstStamp, size);
        }
        time[count] = timeMillis;
        heap[count] = liveBytes;
        rssPages[count] = latestRssPages;
        firstStamp[count] = stamps;
        count++;
        lastFill = 1;
        rssInLast = false;
    }

    /** A resident set size sample ({@code R} record). */
    void rss(long pages) {
        latestRssPages = pages;
        if (count == 0) {
            return;
        }
        int last = count - 1;
        // the RSS of a time stamp's own moment replaces the one carried over from before it
        rssPages[last] = rssInLast ? Math.max(rssPages[last], pages) : pages;
        rssInLast = true;
    }

    private void downsample() {
        int half = count / 2;
        for (int i = 0; i < half; i++) {
            int a = 2 * i;
            int b = a + 1;
            int winner = heap[b] > heap[a] ? b : a;
            time[i] = time[winner];
            heap[i] = heap[winner];
            rssPages[i] = Math.max(rssPages[a], rssPages[b]);
            firstStamp[i] = firstStamp[a];
        }
        count = half;
        stride *= 2;
    }

    /**
     * The series, oldest first; empty when there was no time stamp.
     *
     * @param endMillis  time of the end of the recording (its last time stamp)
     * @param endBytes   live heap bytes at the end
     * @param peakBytes  the global peak of live heap bytes
     * @param peakStamp  number of the last time stamp before the peak, 0 when the peak came before any
     * @param peakMillis time of that time stamp
     * @param pageSize   bytes per page, negative when unknown
     */
    List<HeapSample> finish(long endMillis, long endBytes, long peakBytes, long peakStamp, long peakMillis,
            long pageSize) {
        if (count == 0) {
            return List.of();
        }
        List<HeapSample> samples = new ArrayList<>(count + 2);
        if (peakStamp == 0 && peakBytes > 0) {
            samples.add(new HeapSample(0, peakBytes, null));
        } else if (peakStamp > 0) {
            int at = Arrays.binarySearch(firstStamp, 0, count, peakStamp);
            int sample = at >= 0 ? at : -at - 2; // the sample whose range of time stamps holds it
            time[sample] = peakMillis;
            heap[sample] = Math.max(heap[sample], peakBytes);
        }
        for (int i = 0; i < count; i++) {
            samples.add(new HeapSample(time[i], heap[i], bytes(rssPages[i], pageSize)));
        }
        HeapSample last = samples.get(samples.size() - 1);
        Long endRss = bytes(latestRssPages, pageSize);
        if (last.timeMillis() != endMillis || last.heapBytes() != endBytes
                || !Objects.equals(last.rssBytes(), endRss)) {
            samples.add(new HeapSample(endMillis, endBytes, endRss));
        }
        return List.copyOf(samples);
    }

    private static Long bytes(long pages, long pageSize) {
        return pages >= 0 && pageSize >= 0 ? pages * pageSize : null;
    }
}
