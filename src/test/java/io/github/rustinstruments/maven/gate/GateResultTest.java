package io.github.rustinstruments.maven.gate;

import static io.github.rustinstruments.maven.gate.GateTest.PEAK_65_9;
import static io.github.rustinstruments.maven.gate.GateTest.baselineOf;
import static io.github.rustinstruments.maven.gate.GateTest.rule;
import static io.github.rustinstruments.maven.gate.GateTest.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateResultTest {

    static GateResult mixed() {
        List<CompiledRule> rules = rules(rule(null, null,
                new Limit("PEAK_HEAP", "64MiB", "5%"),
                Limit.maximum("ALLOCATIONS", "250000"),
                Limit.maximum("LEAKED_BYTES", "0"),
                Limit.maximum("DEFINITELY_LOST_BYTES", "0")));
        SummarySet summaries = SummarySet.of(
                Summaries.heaptrack("parse-big", 250001, 74698352L), Summaries.memcheck("parse-big", 512, 32, 0),
                Summaries.heaptrack("parse-small", 1200, 32768));
        Baseline baseline = baselineOf(Summaries.heaptrack("parse-big", 240000, PEAK_65_9),
                Summaries.memcheck("parse-big", 512, 0, 0));
        return Gate.evaluate(rules, summaries, baseline);
    }

    @Test
    void tableOfCurrentVersusBaselineForEveryRunAndMetricChecked() {
        assertEquals(List.of(
                "run                      metric                      current  baseline  change",
                "parse-big                allocations                 250,001   240,000   +4.2%",
                "parse-big                peak heap                  71.2 MiB  65.9 MiB   +8.1%",
                "parse-big (allocations)  leaked bytes                    0 B       0 B      0%",
                "parse-big (leaks)        leaked bytes                  544 B     512 B   +6.3%",
                "parse-big                definitely lost bytes         512 B     512 B      0%",
                "parse-small              allocations                   1,200         -       -",
                "parse-small              peak heap                  32.0 KiB         -       -",
                "parse-small              leaked bytes                    0 B         -       -",
                "parse-small              definitely lost bytes  not measured         -       -"),
                mixed().table());
    }

    @Test
    void countsOfEachOutcome() {
        GateResult result = mixed();
        assertEquals(11, result.checks().size());
        assertEquals(List.of(
                "run 'parse-big': peak heap is 71.2 MiB, but expected maximum is 64 MiB",
                "run 'parse-big': peak heap is 71.2 MiB, 8.1% above the baseline of 65.9 MiB, but expected maximum"
                        + " increase is 5%",
                "run 'parse-big': allocations is 250,001, but expected maximum is 250,000",
                "run 'parse-big' (leaks): leaked bytes is 544 B, but expected maximum is 0 B",
                "run 'parse-big': definitely lost bytes is 512 B, but expected maximum is 0 B",
                "run 'parse-small': peak heap has no baseline to compare with; run rust-instruments:baseline first",
                "run 'parse-small': definitely lost bytes is not measured by heaptrack"),
                GateTest.messages(result.failures(Level.ERROR)));
        assertEquals("11 checks: 4 passed, 7 failed", result.summaryLine());
    }

    @Test
    void aTableWithoutBaseline() {
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximum("PEAK_HEAP", "1GiB"))),
                SummarySet.of(Summaries.heaptrack("default", 1, 2048)), null);
        assertEquals(List.of(
                "run      metric     current  baseline  change",
                "default  peak heap  2.0 KiB         -       -"), result.table());
        assertEquals("1 check: 1 passed", result.summaryLine());
    }
}
