package io.github.rustinstruments.maven.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void bytesBelowOneKibibyteArePlain() {
        assertEquals("0 B", Units.bytes(0L));
        assertEquals("544 B", Units.bytes(544L));
        assertEquals("1023 B", Units.bytes(1023L));
    }

    @Test
    void bytesUseBinaryUnitsWithOneDecimal() {
        assertEquals("1.0 KiB", Units.bytes(1024L));
        assertEquals("181.6 KiB", Units.bytes(185958L));
        assertEquals("1.5 MiB", Units.bytes(1536L * 1024));
        assertEquals("71.2 MiB", Units.bytes(74658611L));
        assertEquals("64.0 MiB", Units.bytes(64L * 1024 * 1024));
        assertEquals("2.0 GiB", Units.bytes(2L * 1024 * 1024 * 1024));
        assertEquals("1024.0 TiB", Units.bytes(1L << 50), "TiB is the largest unit");
        assertEquals("-2.0 KiB", Units.bytes(-2048L));
    }

    @Test
    void roundingNeverShows1024OfAUnit() {
        assertEquals("1.0 MiB", Units.bytes(1048575L));
        assertEquals("1.0 GiB", Units.bytes(1073741823L));
    }

    @Test
    void unknownBytesAreNotApplicable() {
        assertEquals("n/a", Units.bytes(null));
    }

    @Test
    void countsAreGroupedInThousands() {
        assertEquals("0", Units.count(0L));
        assertEquals("999", Units.count(999L));
        assertEquals("1,000", Units.count(1000L));
        assertEquals("1,234,567", Units.count(1234567L));
        assertEquals("n/a", Units.count(null));
    }

    @Test
    void millisBecomeSecondsFromOneSecondOn() {
        assertEquals("0 ms", Units.millis(0L));
        assertEquals("850 ms", Units.millis(850L));
        assertEquals("999 ms", Units.millis(999L));
        assertEquals("1.0 s", Units.millis(1000L));
        assertEquals("12.3 s", Units.millis(12300L));
        assertEquals("n/a", Units.millis(null));
    }
}
