package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.summary.Units;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "250000, 250000",
        "250_000, 250000",
        "'250 000', 250000",
        "'250,000', 250000",
        "'1,234,567', 1234567",
        "512B, 512",
        "512 b, 512",
        "1KiB, 1024",
        "64MiB, 67108864",
        "'64 MiB', 67108864",
        "64mib, 67108864",
        "1.5GiB, 1610612736",
        "2TiB, 2199023255552",
        "0.5KiB, 512",
        "0.1KiB, 102",
        "'71.2 MiB', 74658611",
        "' 8 MiB ', 8388608",
    })
    void byteAmounts(String text, long expected) {
        assertEquals(expected, Quantity.parseAmount(text, true));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "250000, 250000", "250_000, 250000", "'250,001', 250001"})
    void counts(String text, long expected) {
        assertEquals(expected, Quantity.parseAmount(text, false));
    }

    @Test
    void whatUnitsPrintParsesBack() {
        for (long bytes : new long[] {0, 1, 1023, 1024, 65536, 74658611, 5L << 30}) {
            long back = Quantity.parseAmount(Units.bytes(bytes), true);
            assertTrue(Math.abs(back - bytes) <= bytes / 1000, Units.bytes(bytes) + " -> " + back);
        }
        assertEquals(250001L, Quantity.parseAmount(Units.count(250001L), false));
    }

    @Test
    void ambiguousUnitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.parseAmount("64MB", true));
        assertEquals("'64MB' is ambiguous: MB means a power of 1000 to some and of 1024 to others; write MiB"
                + " (1024-based) or the number of bytes; expected " + Quantity.BYTE_FORMS, e.getMessage());
        for (String text : new String[] {"1kb", "1K", "2G", "3 GB", "1TB", "4m"}) {
            IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class,
                    () -> Quantity.parseAmount(text, true), text);
            assertTrue(ambiguous.getMessage().contains("is ambiguous"), ambiguous.getMessage());
        }
    }

    @Test
    void unitsOnACountAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.parseAmount("5MiB", false));
        assertEquals("'5MiB' has a unit, but a count takes none; expected a whole number without a unit (250000,"
                + " 250_000 or 250,000)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-64MiB", " -0"})
    void negativesAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.parseAmount(text, true));
        assertEquals("'" + text.trim() + "' is negative; expected " + Quantity.BYTE_FORMS, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "'', no value given; expected BYTES",
        "abc, 'abc' is not an amount; expected BYTES",
        "1e6, '1e6' is not an amount; expected BYTES",
        "+5, '+5' is not an amount; expected BYTES",
        "5%, '5%' is not an amount; expected BYTES",
        "1.5, '1.5' is a fraction of a byte; expected BYTES",
        "1.5B, '1.5B' is a fraction of a byte; expected BYTES",
        "64XiB, '64XiB' has an unknown unit 'XiB'; expected BYTES",
        "99999999999TiB, '99999999999TiB' is too large; expected BYTES",
        "99999999999999999999, '99999999999999999999' is too large; expected BYTES",
    })
    void malformedBytesNameTheAcceptedForms(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.parseAmount(text, true));
        assertEquals(expected.replace("BYTES", Quantity.BYTE_FORMS), e.getMessage());
    }

    @Test
    void commasOnlyGroupThousands() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.parseAmount("1,5MiB", true));
        assertEquals("'1,5MiB' is not a number (',' only groups thousands; write fractions with '.'); expected "
                + Quantity.BYTE_FORMS, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantity.parseAmount("25,0000", false));
    }

    @Test
    void fractionOfACountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.parseAmount("2.5", false));
        assertEquals("'2.5' is a fraction of one; expected " + Quantity.COUNT_FORMS, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantity.parseAmount(null, false));
    }

    @ParameterizedTest
    @CsvSource({"5%, 5.0", "+5%, 5.0", "0%, 0.0", "12.5%, 12.5", "' 5 % ', 5.0", "150%, 150.0"})
    void percentages(String text, double expected) {
        assertEquals(expected, Quantity.percent(text).doubleValue());
    }

    @Test
    void malformedPercentagesNameTheAcceptedForms() {
        assertEquals("'5' is not a percentage; expected a percentage (5%, +5%, 12.5%, 0%)",
                assertThrows(IllegalArgumentException.class, () -> Quantity.percent("5")).getMessage());
        assertEquals("'-5%' is a decrease; a maximum increase is 0% or more; expected a percentage (5%, +5%,"
                + " 12.5%, 0%)",
                assertThrows(IllegalArgumentException.class, () -> Quantity.percent("-5%")).getMessage());
        assertEquals("no percentage given; expected a percentage (5%, +5%, 12.5%, 0%)",
                assertThrows(IllegalArgumentException.class, () -> Quantity.percent("")).getMessage());
        for (String text : new String[] {"5MiB", "%", "5%%", "five%", "1,5%"}) {
            assertThrows(IllegalArgumentException.class, () -> Quantity.percent(text), text);
        }
    }

    @Test
    void displayKeepsWhatTheUserWrote() {
        assertEquals("64 MiB", Quantity.amount("64MiB", true).display());
        assertEquals("1.5 GiB", Quantity.amount("1.5gib", true).display());
        assertEquals("0 B", Quantity.amount("0", true).display());
        assertEquals("64.0 KiB", Quantity.amount("65536", true).display(), "exact in a unit: shown in it");
        assertEquals("65,537 B", Quantity.amount("65537", true).display(), "not exact in a unit: shown exactly");
        assertEquals("250,000", Quantity.amount("250000", false).display());
        assertEquals("5%", Quantity.percentDisplay(Quantity.percent("+5.0%")));
        assertEquals("12.5%", Quantity.percentDisplay(Quantity.percent("12.50%")));
    }
}
