package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SwitchesTest {
    private static boolean parse(String value, boolean defaultValue) {
        return Switches.parse("haltOnFailure", "rust-instruments.haltOnFailure", value, defaultValue);
    }

    @Test
    void trueAndFalseInAnyCase() {
        assertTrue(parse("true", false));
        assertTrue(parse("TRUE", false));
        assertTrue(parse(" True ", false));
        assertFalse(parse("false", true));
        assertFalse(parse("FALSE", true));
    }

    @Test
    void unsetIsTheDefault() {
        assertTrue(parse(null, true));
        assertFalse(parse(null, false));
    }

    @Test
    void anythingElseFailsNamingTheParameterTheValueAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("yes", true));
        assertEquals("haltOnFailure is 'yes', but it takes only true or false: write <haltOnFailure>true"
                + "</haltOnFailure> or <haltOnFailure>false</haltOnFailure> (-Drust-instruments.haltOnFailure=true or"
                + " =false on the command line); left out, it is true", e.getMessage());
        for (String typo : new String[] {"no", "1", "0", "on", "tru", "maybe"}) {
            assertThrows(IllegalArgumentException.class, () -> parse(typo, false), typo);
        }
    }

    @Test
    void anEmptyValueFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Switches.parse("failIfNoSummaries", "rust-instruments.failIfNoSummaries", " ", true));
        assertTrue(e.getMessage().startsWith("failIfNoSummaries is empty, but it takes only true or false"),
                e.getMessage());
    }
}
