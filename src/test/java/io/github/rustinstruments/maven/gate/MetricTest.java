package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.summary.Summary;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricTest {
    static final String ALL_NAMES = "ALLOCATIONS, ALLOCATED_BYTES, TEMPORARY_ALLOCATIONS, PEAK_HEAP, PEAK_RSS,"
            + " LEAKED_BYTES, LEAKED_BLOCKS, DEFINITELY_LOST_BYTES, DEFINITELY_LOST_BLOCKS, INDIRECTLY_LOST_BYTES,"
            + " INDIRECTLY_LOST_BLOCKS, POSSIBLY_LOST_BYTES, POSSIBLY_LOST_BLOCKS, STILL_REACHABLE_BYTES,"
            + " STILL_REACHABLE_BLOCKS, MEMCHECK_ERRORS";

    @ParameterizedTest
    @CsvSource({
        "PEAK_HEAP, PEAK_HEAP",
        "peak_heap, PEAK_HEAP",
        "peak-heap, PEAK_HEAP",
        "'  Definitely-Lost-Bytes ', DEFINITELY_LOST_BYTES",
        "memcheck_errors, MEMCHECK_ERRORS",
    })
    void parsesNamesAsUsersWriteThem(String text, Metric expected) {
        assertEquals(expected, Metric.parse(text));
    }

    @Test
    void unknownNameListsEveryValidName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.parse("PEAK_HEEP"));
        assertEquals("unknown metric 'PEAK_HEEP'; valid metrics: " + ALL_NAMES + "; did you mean PEAK_HEAP?",
                e.getMessage());
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> Metric.parse("coverage"));
        assertEquals("unknown metric 'coverage'; valid metrics: " + ALL_NAMES, far.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Metric.parse(" "));
        assertEquals("no metric given; valid metrics: " + ALL_NAMES, none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metric.parse(null));
    }

    @Test
    void everyMetricHasItsOwnLabel() {
        assertEquals(Metric.values().length, new HashSet<>(Arrays.stream(Metric.values()).map(Metric::label)
                .toList()).size());
        assertEquals("peak heap", Metric.PEAK_HEAP.label());
        assertEquals("definitely lost bytes", Metric.DEFINITELY_LOST_BYTES.label());
        assertEquals("memcheck errors", Metric.MEMCHECK_ERRORS.label());
    }

    @Test
    void bytesOrCounts() {
        List<Metric> bytes = Arrays.stream(Metric.values()).filter(Metric::isBytes).toList();
        assertEquals(List.of(Metric.ALLOCATED_BYTES, Metric.PEAK_HEAP, Metric.PEAK_RSS, Metric.LEAKED_BYTES,
                Metric.DEFINITELY_LOST_BYTES, Metric.INDIRECTLY_LOST_BYTES, Metric.POSSIBLY_LOST_BYTES,
                Metric.STILL_REACHABLE_BYTES), bytes);
        assertEquals("71.2 MiB", Metric.PEAK_HEAP.format(74658611L));
        assertEquals("250,001", Metric.ALLOCATIONS.format(250001L));
        assertEquals("0 B", Metric.DEFINITELY_LOST_BYTES.format(0L));
    }

    @Test
    void readsEachFigureOfASummary() {
        Summary memcheck = Summaries.memcheck("default", 512, 32, 3);
        assertEquals(512L, Metric.DEFINITELY_LOST_BYTES.valueIn(memcheck));
        assertEquals(1L, Metric.DEFINITELY_LOST_BLOCKS.valueIn(memcheck));
        assertEquals(32L, Metric.INDIRECTLY_LOST_BYTES.valueIn(memcheck));
        assertEquals(72704L, Metric.STILL_REACHABLE_BYTES.valueIn(memcheck));
        assertEquals(544L, Metric.LEAKED_BYTES.valueIn(memcheck));
        assertEquals(3L, Metric.MEMCHECK_ERRORS.valueIn(memcheck));
        assertNull(Metric.PEAK_HEAP.valueIn(memcheck), "memcheck does not know the peak heap");

        Summary heaptrack = Summaries.heaptrack("default", 120, 32768);
        assertEquals(120L, Metric.ALLOCATIONS.valueIn(heaptrack));
        assertEquals(7680L, Metric.ALLOCATED_BYTES.valueIn(heaptrack));
        assertEquals(12L, Metric.TEMPORARY_ALLOCATIONS.valueIn(heaptrack));
        assertEquals(32768L, Metric.PEAK_HEAP.valueIn(heaptrack));
        assertEquals(0L, Metric.LEAKED_BLOCKS.valueIn(heaptrack));
        assertNull(Metric.PEAK_RSS.valueIn(heaptrack));
        assertNull(Metric.DEFINITELY_LOST_BYTES.valueIn(heaptrack), "no leak kinds: not measured, not 0");
        assertNull(Metric.MEMCHECK_ERRORS.valueIn(heaptrack), "errors absent: not measured, not 0");
    }

    @Test
    void zeroErrorsIsMeasured() {
        assertEquals(0L, Metric.MEMCHECK_ERRORS.valueIn(Summaries.memcheck("default", 0, 0, 0)));
    }

    @Test
    void levels() {
        assertEquals(Level.WARN, Level.parse("warn"));
        assertEquals(Level.ERROR, Level.parse(" Error "));
        assertEquals(Level.ERROR, Level.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Level.parse("WARNING"));
        assertEquals("unknown level 'WARNING'; valid levels: ERROR, WARN", e.getMessage());
        assertTrue(Level.parse("WARN") != Level.ERROR);
        assertFalse(Level.parse("ERROR") == Level.WARN);
    }
}
