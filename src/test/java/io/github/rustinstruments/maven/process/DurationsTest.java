package io.github.rustinstruments.maven.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
    }

    @Test
    void parsesCombinedParts() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofSeconds(61).plusMillis(250), Durations.parse("1m1s250ms"));
    }

    @Test
    void aPlainNumberMeansSeconds() {
        assertEquals(Duration.ofSeconds(45), Durations.parse("45"));
    }

    @Test
    void toleratesSpacesAndUpperCase() {
        assertEquals(Duration.ofMinutes(90), Durations.parse(" 1h 30m "));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90S"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500MS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "", "   ", "5x", "-3s", "1.5s", "s", "10 minutes", "1h30", "ms500"})
    void rejectsMalformedValuesNamingTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

        assertTrue(e.getMessage().contains("'" + text + "' is not a duration"), e.getMessage());
        for (String form : List.of("90s", "10m", "1h30m", "500ms", "a plain number means seconds")) {
            assertTrue(e.getMessage().contains(form), "message should name " + form + ": " + e.getMessage());
        }
    }

    @Test
    void rejectsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));

        assertTrue(e.getMessage().contains("1h30m"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0", "0ms", "0h0m"})
    void rejectsZeroAsATimeLimit(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

        assertEquals("'" + text + "' is not a usable time limit: it must be more than 0", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999999999h", "99999999999999999999s", "99999999999999999999"})
    void rejectsOverflowingValuesNamingTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

        assertTrue(e.getMessage().contains("1h30m"), e.getMessage());
    }

    @Test
    void formatsInTheSameSyntax() {
        assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("3s", Durations.format(Duration.ofSeconds(3)));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("10m", Durations.format(Duration.ofMinutes(10)));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("1h5s", Durations.format(Duration.ofSeconds(3605)));
        assertEquals("26h", Durations.format(Duration.ofHours(26)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "90s", "10m", "1h30m", "45", "1h0m1s", "1500ms", "36h", "59m59s", "2h1s"})
    void formatAndParseRoundTrip(String text) {
        Duration parsed = Durations.parse(text);

        String formatted = Durations.format(parsed);

        assertEquals(parsed, Durations.parse(formatted), text + " -> " + formatted);
    }

    @Test
    void formatIsCanonical() {
        assertEquals("1h30m", Durations.format(Durations.parse("90m")));
        assertEquals("1m30s", Durations.format(Durations.parse("90")));
    }
}
