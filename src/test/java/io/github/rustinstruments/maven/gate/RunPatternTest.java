package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunPatternTest {

    @ParameterizedTest
    @CsvSource({
        "parse-*, parse-big, true",
        "parse-*, parse-, true",
        "parse-*, parse, false",
        "parse-*, reparse-big, false",
        "parse-*, Parse-big, false",
        "*, default, true",
        "*-big, parse-big, true",
        "*-big, parse-big2, false",
        "run-?, run-1, true",
        "run-?, run-12, false",
        "run-?, run-, false",
        "a?c*, abcdef, true",
        "v1.0, v1.0, true",
        "v1.0, v1x0, false",
        "default, default, true",
        "default, default2, false",
        "**, default, true",
        "*a*, a, true",
        "a*b*c, abc, true",
        "a*b*c, a-b-, false",
        "??, ab, true",
        "??, a, false",
        "*.*, v1, false",
    })
    void wildcards(String pattern, String run, boolean matches) {
        assertEquals(matches, RunPattern.of(pattern).matches(run));
    }

    @Test
    void theDefaultMatchesEveryRun() {
        assertTrue(RunPattern.all().matches("default"));
        assertTrue(RunPattern.all().matches("x"));
        assertFalse(RunPattern.all().matches(null));
    }

    @Test
    void patternsNoRunCanMatchAreRefused() {
        assertEquals("run pattern 'parse big' can never match: run names contain only letters, digits, '.', '_'"
                + " and '-' (and patterns the wildcards * and ?)",
                assertThrows(IllegalArgumentException.class, () -> RunPattern.of("parse big")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunPattern.of("a/b"));
        assertThrows(IllegalArgumentException.class, () -> RunPattern.of("[ab]"));
        assertEquals("empty run pattern; write a run name, or a pattern with * and ?",
                assertThrows(IllegalArgumentException.class, () -> RunPattern.of(" ")).getMessage());
    }

    @Test
    void keepsItsText() {
        assertEquals("parse-*", RunPattern.of(" parse-* ").toString());
        assertEquals(RunPattern.of("a*"), RunPattern.of("a*"));
    }
}
