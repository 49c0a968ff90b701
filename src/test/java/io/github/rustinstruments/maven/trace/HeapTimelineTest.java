package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapTimelineTest {

    private static final long PAGE = 4096;

    @Test
    void oneSamplePerTimeStampThenTheEnd() {
        HeapTimeline timeline = new HeapTimeline();
        timeline.rss(5); // before any time stamp: carried into the first sample until its own RSS arrives
        timeline.stamp(10, 100);
        timeline.stamp(20, 300);
        timeline.rss(7);
        timeline.rss(6); // a second RSS of the same moment: the larger one stays
        timeline.stamp(30, 200);
        timeline.rss(4); // the RSS of a moment replaces the one carried over, even when smaller

        assertEquals(List.of(
                new HeapSample(10, 100, 5 * PAGE),
                new HeapSample(20, 300, 7 * PAGE),
                new HeapSample(30, 200, 4 * PAGE),
                new HeapSample(35, 50, 4 * PAGE)), // the end
                timeline.finish(35, 50, 300, 2, 20, PAGE));
    }

    @Test
    void theEndIsNotRepeatedWhenNothingHappenedAfterTheLastTimeStamp() {
        HeapTimeline timeline = new HeapTimeline();
        timeline.stamp(10, 100);
        timeline.rss(3);

        assertEquals(List.of(new HeapSample(10, 100, 3 * PAGE)), timeline.finish(10, 100, 100, 1, 10, PAGE));
    }

    @Test
    void thePeakBetweenTwoTimeStampsIsShownAtTheFirstOfThem() {
        HeapTimeline timeline = new HeapTimeline();
        timeline.stamp(10, 100);
        timeline.stamp(20, 150); // the heap then rose to 500 and fell back before the next time stamp
        timeline.stamp(30, 120);

        assertEquals(List.of(new HeapSample(10, 100, null), new HeapSample(20, 500, null),
                new HeapSample(30, 120, null)), timeline.finish(30, 120, 500, 2, 20, -1));
    }

    @Test
    void aPeakBeforeTheFirstTimeStampGetsASampleAtTimeZero() {
        HeapTimeline timeline = new HeapTimeline();
        timeline.stamp(10, 100);

        assertEquals(List.of(new HeapSample(0, 400, null), new HeapSample(10, 100, null)),
                timeline.finish(10, 100, 400, 0, 0, PAGE));
    }

    @Test
    void noTimeStampsNoSeries() {
        HeapTimeline timeline = new HeapTimeline();
        timeline.rss(9);

        assertEquals(List.of(), timeline.finish(0, 100, 400, 0, 0, PAGE));
    }

    @Test
    void aFullSeriesMergesNeighboursKeepingTheHighestHeapAndRss() {
        HeapTimeline timeline = new HeapTimeline(4);
        long[] heaps = {5, 9, 8, 2, 7, 1, 3, 4, 6, 6};
        for (int i = 0; i < heaps.length; i++) {
            timeline.stamp(10L * (i + 1), heaps[i]);
            timeline.rss(100 - i);
        }

        // 10 to 40 fill the series; 50 needs a new sample: (10 20)(30 40) become 2 samples, and from then on 2 time
        // stamps go into one: (50 60)(70 80); 90 needs a new sample: (10-40)(50-80) become 2, 4 time stamps each
        assertEquals(List.of(
                new HeapSample(20, 9, 100 * PAGE), // 9 wins over 5, 8 and 2; the largest RSS of its members
                new HeapSample(50, 7, 96 * PAGE),
                new HeapSample(90, 6, 92 * PAGE), // a tie keeps the earlier time stamp
                new HeapSample(100, 0, 91 * PAGE)), // the end
                timeline.finish(100, 0, 9, 2, 20, PAGE));
    }

    @Test
    void thePeakSurvivesMergingAndKeepsItsTime() {
        HeapTimeline timeline = new HeapTimeline(4);
        long[] heaps = {5, 9, 8, 2, 7, 1, 3, 4, 6, 6};
        for (int i = 0; i < heaps.length; i++) {
            timeline.stamp(10L * (i + 1), heaps[i]);
        }

        // the peak of 12 came after the 6th time stamp (time 60), which lies in the sample that 50 (heap 7) won:
        // the sample takes the peak and the time of the time stamp before it
        assertEquals(List.of(new HeapSample(20, 9, null), new HeapSample(60, 12, null),
                new HeapSample(90, 6, null), new HeapSample(100, 0, null)),
                timeline.finish(100, 0, 12, 6, 60, -1));
        // ... and after the 9th (time 90), in the last, still open sample
        HeapTimeline again = new HeapTimeline(4);
        for (int i = 0; i < heaps.length; i++) {
            again.stamp(10L * (i + 1), heaps[i]);
        }
        assertEquals(List.of(new HeapSample(20, 9, null), new HeapSample(50, 7, null), new HeapSample(100, 12, null),
                new HeapSample(100, 0, null)), again.finish(100, 0, 12, 10, 100, -1));
    }

    @Test
    void hoursOfTimeStampsStayWithinTheLimitEvenlySpread() {
        HeapTimeline timeline = new HeapTimeline();
        // ten hours at heaptrack's 10 ms: 3.6 million time stamps
        int stamps = 3_600_000;
        for (int i = 1; i <= stamps; i++) {
            timeline.stamp(10L * i, i % 1000);
        }
        List<HeapSample> samples = timeline.finish(10L * stamps, 0, 5000, 1_234_567, 12_345_670, -1);

        assertTrue(samples.size() <= HeapTimeline.DEFAULT_MAX_SAMPLES + 1, "samples: " + samples.size());
        assertTrue(samples.size() >= HeapTimeline.DEFAULT_MAX_SAMPLES / 2, "samples: " + samples.size());
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(samples.get(i).timeMillis() > samples.get(i - 1).timeMillis(), "time goes forward at " + i);
        }
        // 3.6 million / 256 time stamps per sample: 14,063 samples, each 2,560 ms apart, give or take the winner
        assertEquals(14_063 + 1, samples.size());
        assertEquals(1, samples.stream().filter(s -> s.heapBytes() == 5000).count());
        assertTrue(samples.contains(new HeapSample(12_345_670, 5000, null)));
    }

    @Test
    void theLimitMustBeEven() {
        assertThrows(IllegalArgumentException.class, () -> new HeapTimeline(5));
        assertThrows(IllegalArgumentException.class, () -> new HeapTimeline(0));
    }

}
