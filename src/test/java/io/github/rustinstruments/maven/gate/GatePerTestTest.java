package io.github.rustinstruments.maven.gate;

import static io.github.rustinstruments.maven.gate.GateTest.messages;
import static io.github.rustinstruments.maven.gate.Summaries.test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.gate.Check.Outcome;
import io.github.rustinstruments.maven.summary.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules with {@code <tests>}: limits on each matching test of a JVM-mode run's per-test figures. */
class GatePerTestTest {
    static final String LEAKY = "heldout.jni.CodecTest#leaksFourHundredKiB";
    static final String CLEAN = "heldout.jni.CodecTest#roundTrips";
    static final String OTHER = "heldout.jni.OtherTest#works";
    static final String PARAM_2 = "com.x.ParamTest#decodes[2]";
    static final String PARAM_10 = "com.x.ParamTest#decodes[10]";

    @TempDir
    Path tmp;

    /** A JVM-mode run of five tests, one leaking 400 KiB, and the two entries that are not tests, leaking more. */
    static Summary suite() {
        return Summaries.jvm("jvm", test(LEAKY, 10, 400 * 1024), test(CLEAN, 20, 0), test(OTHER, 5, 0),
                test(PARAM_2, 3, 0), test(PARAM_10, 3, 0), test(Summary.OUTSIDE_TESTS, 100, 1 << 20),
                test(Summary.OVERLAPPING_TESTS, 100, 1 << 20));
    }

    static Rule perTest(String runs, String tests, String level, Limit... limits) {
        return new Rule(runs == null ? List.of() : List.of(runs.split(",")), List.of(tests.split(",")),
                new ArrayList<>(Arrays.asList(limits)), level);
    }

    static List<CompiledRule> rules(Rule... rules) {
        return GateRules.compile(List.of(rules));
    }

    static List<String> tests(List<Check> checks) {
        return checks.stream().map(Check::test).toList();
    }

    @Test
    void aLeakingTestIsReportedWithTheRunMessageTemplateNamingTheTest() {
        GateResult result = Gate.evaluate(rules(perTest(null, "*CodecTest*", null,
                Limit.maximum("LEAKED_BYTES", "0"))), SummarySet.of(suite()), null);
        assertEquals(List.of(
                "run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': leaked bytes is 400.0 KiB, but expected"
                        + " maximum is 0 B",
                "run 'jvm', test 'heldout.jni.CodecTest#roundTrips': leaked bytes is 0 B, within maximum 0 B"),
                messages(result.checks()));
        Check leak = result.checks().get(0);
        assertEquals("jvm", leak.run());
        assertEquals(LEAKY, leak.test());
        assertEquals("allocations", leak.kind());
        assertEquals("heaptrack-jvm", leak.profiler());
        assertEquals(Metric.LEAKED_BYTES, leak.metric());
        assertEquals("maximum 0 B", leak.limit());
        assertEquals(409600L, leak.actual());
        assertNull(leak.baseline());
        assertEquals(Outcome.FAILED, leak.outcome());
        assertEquals(Level.ERROR, leak.level());
        assertTrue(result.checks().get(1).passed());
        assertEquals(List.of(leak), result.failures(Level.ERROR));
        assertFalse(result.passed());
        assertEquals("2 checks: 1 passed, 1 failed", result.summaryLine());
        assertEquals(List.of(), result.table(), "the table lists runs; the tests' figures are in the checks");
    }

    @ParameterizedTest
    @CsvSource({
        "*CodecTest*, heldout.jni.CodecTest#leaksFourHundredKiB, true",
        "*CodecTest*, heldout.jni.OtherTest#works, false",
        "heldout.jni.CodecTest#*, heldout.jni.CodecTest#roundTrips, true",
        "heldout.jni.CodecTest#roundTrips, heldout.jni.CodecTest#roundTrips, true",
        "heldout.jni.CodecTest#roundTrips, heldout.jni.CodecTest#roundTripsAgain, false",
        "*codectest*, heldout.jni.CodecTest#roundTrips, false",
        "*#works, heldout.jni.OtherTest#works, true",
        "com.x.ParamTest#decodes[?], com.x.ParamTest#decodes[2], true",
        "com.x.ParamTest#decodes[?], com.x.ParamTest#decodes[10], false",
        "com.x.ParamTest#decodes[*], com.x.ParamTest#decodes[10], true",
        "com.x.ParamTest#decodes, com.x.ParamTest#decodes[2], false",
        "*, '(outside tests)', false",
        "*, '(overlapping tests)', false",
        "*tests*, '(outside tests)', false",
        "?*, '(overlapping tests)', false",
    })
    void patternsMatchLikeRunPatternsButNeverTheEntriesThatAreNotTests(String pattern, String test,
            boolean matches) {
        assertEquals(matches, TestPattern.of(pattern).matches(test));
        assertEquals(matches, TestPattern.of(pattern).matches(Summaries.test(test, 1, 0)));
    }

    @Test
    void theEntriesThatAreNotTestsAreNeverChecked() {
        GateResult result = Gate.evaluate(rules(perTest(null, "*", null, Limit.maximum("LEAKED_BYTES", "0"))),
                SummarySet.of(suite()), null);
        assertEquals(List.of(LEAKY, CLEAN, OTHER, PARAM_2, PARAM_10), tests(result.checks()));
        assertEquals(1, result.failures().size(), "(outside tests) and (overlapping tests) leak, but are not tests");
        assertTrue(result.checks().stream().noneMatch(check -> check.message().contains("(")));
    }

    @Test
    void aRuleWithTestsChecksTheTestsNotTheRunsTotals() {
        GateResult result = Gate.evaluate(rules(
                new Rule(List.of("jvm"), List.of(Limit.maximum("LEAKED_BYTES", "0")), null),
                perTest("jvm", "*ParamTest*", null, Limit.maximum("LEAKED_BYTES", "0"),
                        Limit.maximum("ALLOCATIONS", "2"))), SummarySet.of(suite()), null);
        assertEquals(List.of(
                "run 'jvm': leaked bytes is 400.0 KiB, but expected maximum is 0 B",
                "run 'jvm', test 'com.x.ParamTest#decodes[2]': leaked bytes is 0 B, within maximum 0 B",
                "run 'jvm', test 'com.x.ParamTest#decodes[2]': allocations is 3, but expected maximum is 2",
                "run 'jvm', test 'com.x.ParamTest#decodes[10]': leaked bytes is 0 B, within maximum 0 B",
                "run 'jvm', test 'com.x.ParamTest#decodes[10]': allocations is 3, but expected maximum is 2"),
                messages(result.checks()));
        assertNull(result.checks().get(0).test());
        assertEquals(3, result.failures(Level.ERROR).size());
    }

    @Test
    void aWarnRuleOnlyWarnsAboutALeakingTest() {
        GateResult result = Gate.evaluate(rules(perTest(null, "*CodecTest*", "WARN",
                Limit.maximum("LEAKED_BYTES", "0"))), SummarySet.of(suite()), null);
        assertTrue(result.passed());
        assertEquals(List.of(), result.failures(Level.ERROR));
        assertEquals(List.of("run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': leaked bytes is 400.0 KiB,"
                + " but expected maximum is 0 B"), messages(result.failures(Level.WARN)));
        assertEquals("2 checks: 1 passed, 1 warning", result.summaryLine());
    }

    @Test
    void eachPerTestMetricIsCheckedAndAFigureTheProfilerCouldNotKnowIsNotMeasured() {
        Summary summary = Summaries.jvmBy("xctrace-jvm", "jvm",
                new Summary.TestEntry(LEAKY, 7, 448, null, 300, 3, List.of()));
        GateResult result = Gate.evaluate(rules(perTest(null, LEAKY, null,
                Limit.maximum("ALLOCATIONS", "7"), Limit.maximum("ALLOCATED_BYTES", "448B"),
                Limit.maximum("PEAK_HEAP", "1MiB"), Limit.maximum("LEAKED_BYTES", "299"),
                Limit.maximum("LEAKED_BLOCKS", "2"))), SummarySet.of(summary), null);
        String test = "run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': ";
        assertEquals(List.of(
                test + "allocations is 7, within maximum 7",
                test + "allocated bytes is 448 B, within maximum 448 B",
                test + "peak heap is not measured by xctrace-jvm",
                test + "leaked bytes is 300 B, but expected maximum is 299 B",
                test + "leaked blocks is 3, but expected maximum is 2"), messages(result.checks()));
        Check notMeasured = result.checks().get(2);
        assertEquals(Outcome.FAILED, notMeasured.outcome());
        assertEquals(Level.ERROR, notMeasured.level());
        assertNull(notMeasured.actual());
        assertEquals(LEAKY, notMeasured.test());
    }

    @Test
    void aPatternThatMatchesNoTestOfARunIsAWarningListingTheTests() {
        Summary six = Summaries.jvm("jvm", test(LEAKY, 10, 0), test(CLEAN, 20, 0), test(OTHER, 5, 0),
                test(PARAM_2, 3, 0), test(PARAM_10, 3, 0), test("a.B#c", 1, 0), test(Summary.OUTSIDE_TESTS, 1, 0));
        GateResult result = Gate.evaluate(rules(perTest(null, "*OtherTest*,*Renamed*", "ERROR",
                Limit.maximum("LEAKED_BYTES", "0"))), SummarySet.of(six), null);
        assertEquals(List.of(
                "rule 1: no test of run 'jvm' matches '*Renamed*', so its leaked bytes maximum 0 B is not checked"
                        + " there; tests found: heldout.jni.CodecTest#leaksFourHundredKiB,"
                        + " heldout.jni.CodecTest#roundTrips, heldout.jni.OtherTest#works, com.x.ParamTest#decodes[2],"
                        + " com.x.ParamTest#decodes[10] and 1 more",
                "run 'jvm', test 'heldout.jni.OtherTest#works': leaked bytes is 0 B, within maximum 0 B"),
                messages(result.checks()));
        Check warning = result.checks().get(0);
        assertEquals(Outcome.FAILED, warning.outcome());
        assertEquals(Level.WARN, warning.level(), "a warning even in an ERROR rule");
        assertEquals("*Renamed*", warning.test());
        assertEquals("jvm", warning.run());
        assertTrue(result.passed());
        assertEquals("2 checks: 1 passed, 1 warning", result.summaryLine());

        GateResult none = Gate.evaluate(rules(perTest(null, "*", null, Limit.maximum("ALLOCATIONS", "10"),
                Limit.maximumIncrease("ALLOCATIONS", "5%"))),
                SummarySet.of(Summaries.jvm("jvm", test(Summary.OUTSIDE_TESTS, 1, 0))), null);
        assertEquals(List.of(
                "rule 1: no test of run 'jvm' matches '*', so its allocations maximum 10 is not checked there; its"
                        + " summary lists no test",
                "rule 1: no test of run 'jvm' matches '*', so its allocations maximum increase 5% is not checked"
                        + " there; its summary lists no test"), messages(none.checks()));
        assertTrue(none.passed());
    }

    @Test
    void aRunWithoutPerTestFiguresIsNotMeasuredAndSaysWhy() {
        List<CompiledRule> rules = rules(perTest(null, "*CodecTest*", null, Limit.maximum("LEAKED_BYTES", "0"),
                Limit.maximumIncrease("ALLOCATIONS", "5%")));
        GateResult result = Gate.evaluate(rules, SummarySet.of(Summaries.heaptrack("parse-big", 10, 100),
                Summaries.jvmWithoutTests("jvm")), null, false);
        String native_ = "run 'parse-big': %s per test is not measured by heaptrack, so rule 1's %s for tests"
                + " '*CodecTest*' is not checked: the run is not a JVM-mode run (rust-instruments:jvm-allocations),"
                + " and only those have per-test figures; name only JVM-mode runs in the rule's <runs>";
        String unmarked = "run 'jvm': %s per test is not measured by heaptrack-jvm, so rule 1's %s for tests"
                + " '*CodecTest*' is not checked: its summary has no per-test figures because no test JVM of the run"
                + " marked its tests: only tests that Surefire or Failsafe run on the JUnit Platform are marked (not"
                + " those of the JUnit 4 or TestNG providers)";
        assertEquals(List.of(
                String.format(unmarked, "leaked bytes", "maximum 0 B"),
                String.format(unmarked, "allocations", "maximum increase 5%"),
                String.format(native_, "leaked bytes", "maximum 0 B"),
                String.format(native_, "allocations", "maximum increase 5%")), messages(result.checks()));
        for (Check check : result.checks()) {
            assertEquals(Outcome.FAILED, check.outcome(), "never a silent pass");
            assertEquals(Level.ERROR, check.level());
            assertEquals("*CodecTest*", check.test());
            assertNull(check.actual());
        }
        assertEquals(List.of("heaptrack-jvm", "heaptrack-jvm", "heaptrack", "heaptrack"),
                result.checks().stream().map(Check::profiler).toList());
        assertFalse(result.passed());

        GateResult warned = Gate.evaluate(rules(perTest("jvm", "*CodecTest*,*Other*", "WARN",
                Limit.maximum("LEAKED_BYTES", "0"))), SummarySet.of(Summaries.jvmWithoutTests("jvm")), null);
        assertTrue(warned.passed());
        assertEquals(1, warned.failures(Level.WARN).size());
        assertTrue(warned.checks().get(0).message().contains("for tests '*CodecTest*', '*Other*' is not checked"));
        assertEquals("*CodecTest*, *Other*", warned.checks().get(0).test());
    }

    @Test
    void aMaximumIncreaseComparesWithTheBaselineOfTheSameRunAndTest() {
        String added = "heldout.jni.CodecTest#isNew";
        Baseline baseline = GateTest.baselineOf(Summaries.jvm("jvm", test(LEAKY, 1000, 0), test(CLEAN, 1000, 0),
                test(Summary.OUTSIDE_TESTS, 1, 0)));
        SummarySet current = SummarySet.of(Summaries.jvm("jvm", test(LEAKY, 1200, 0), test(CLEAN, 1000, 0),
                test(added, 10, 0)));
        List<CompiledRule> rules = rules(perTest(null, "*", null, Limit.maximumIncrease("ALLOCATIONS", "10%")));

        GateResult lenient = Gate.evaluate(rules, current, baseline, false);
        assertEquals(List.of(
                "run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': allocations is 1,200, 20.0% above the"
                        + " baseline of 1,000, but expected maximum increase is 10%",
                "run 'jvm', test 'heldout.jni.CodecTest#roundTrips': allocations is 1,000, the same as the baseline,"
                        + " within maximum increase 10%",
                "run 'jvm', test 'heldout.jni.CodecTest#isNew': allocations has no baseline yet, so its maximum"
                        + " increase 10% is not checked; run mvn rust-instruments:baseline and commit the baseline"
                        + " file"), messages(lenient.checks()));
        assertEquals(1000L, lenient.checks().get(0).baseline());
        assertEquals(Outcome.SKIPPED, lenient.checks().get(2).outcome());
        assertTrue(lenient.checks().get(2).awaitsBaseline());
        assertEquals("3 checks: 1 passed, 1 failed, 1 skipped (no baseline yet)", lenient.summaryLine());

        GateResult strict = Gate.evaluate(rules, current, baseline, true);
        assertEquals("run 'jvm', test 'heldout.jni.CodecTest#isNew': allocations has no baseline to compare with;"
                + " run rust-instruments:baseline first", strict.checks().get(2).message());
        assertEquals(Outcome.FAILED, strict.checks().get(2).outcome());

        // a baseline taken before per-test figures existed has none for any test
        Baseline older = GateTest.baselineOf(Summaries.jvmWithoutTests("jvm"));
        GateResult first = Gate.evaluate(rules, current, older, false);
        assertTrue(first.checks().stream().allMatch(Check::awaitsBaseline), messages(first.checks()).toString());

        // another profiler's figures are not comparable, for a test as for a run
        Baseline foreign = GateTest.baselineOf(Summaries.jvmBy("xctrace-jvm", "jvm", test(LEAKY, 1000, 0)));
        GateResult changed = Gate.evaluate(rules, current, foreign, false);
        assertEquals("run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': allocations has no baseline to"
                + " compare with: the baseline was recorded by xctrace-jvm, this run by heaptrack-jvm; run"
                + " rust-instruments:baseline again", changed.checks().get(0).message());
        assertEquals(Outcome.FAILED, changed.checks().get(0).outcome());
    }

    @Test
    void theBaselineFileKeepsEachTestsFiguresAndReadsThemBack() throws IOException {
        Path file = tmp.resolve("baseline.json");
        Baseline.of(SummarySet.of(suite(), Summaries.heaptrack("parse-big", 10, 100))).write(file);
        String text = Files.readString(file);
        assertFalse(text.contains("(outside tests)"), "only tests are kept");
        assertTrue(text.indexOf(PARAM_10) < text.indexOf(PARAM_2) && text.indexOf(PARAM_2) < text.indexOf(LEAKY),
                "tests sorted, so the committed file diffs cleanly");
        assertEquals(1, text.split("\"tests\"", -1).length - 1, "no tests field for a run without per-test figures");

        Baseline back = Baseline.read(file).orElseThrow();
        Baseline.TestFigures leaky = back.entry("jvm", "allocations").orElseThrow().test(LEAKY).orElseThrow();
        assertEquals(new Baseline.TestFigures(10L, 640L, 320L, 409600L, 1L), leaky);
        assertEquals(409600L, leaky.value(Metric.LEAKED_BYTES));
        assertNull(leaky.value(Metric.PEAK_RSS));
        assertNull(back.entry("parse-big", "allocations").orElseThrow().tests());
        assertEquals(List.of(), back.changesFrom(Baseline.of(SummarySet.of(suite(),
                Summaries.heaptrack("parse-big", 10, 100)))));

        GateResult result = Gate.evaluate(rules(perTest(null, "*CodecTest*", null,
                Limit.maximumIncrease("LEAKED_BYTES", "0%"))), SummarySet.of(suite()), back, true);
        assertEquals(List.of(Outcome.PASSED, Outcome.PASSED),
                result.checks().stream().map(Check::outcome).toList());
    }

    @Test
    void aBaselineWithABrokenTestFigureIsRefused() throws IOException {
        Path file = tmp.resolve("baseline.json");
        Files.writeString(file, "{\"schemaVersion\": 1, \"runs\": {\"jvm\": {\"allocations\": {\"profiler\":"
                + " \"heaptrack-jvm\", \"totals\": null, \"leakKinds\": null, \"memcheckErrors\": null, \"tests\":"
                + " {\"a.B#c\": {\"allocations\": 1, \"allocatedBytes\": 2, \"peakHeapBytes\": null, \"leakedBytes\":"
                + " -1, \"leakedBlocks\": 0}, \"a.B#d\": null}}}}}");
        IOException e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertEquals("cannot read the baseline " + file + ": field 'runs.jvm.allocations.tests.a.B#c.leakedBytes' is"
                + " -1, but a figure is never negative; field 'runs.jvm.allocations.tests.a.B#d' is null; expected"
                + " the test's figures {...}; fix it, or record it again with rust-instruments:baseline",
                e.getMessage());
    }

    @Test
    void theBaselineGoalSaysWhichTestsChanged() {
        Baseline before = Baseline.of(SummarySet.of(Summaries.jvm("jvm", test(LEAKY, 10, 0), test(CLEAN, 20, 0),
                test(OTHER, 5, 0))));
        Baseline after = Baseline.of(SummarySet.of(Summaries.jvm("jvm", test(LEAKY, 10, 400 * 1024),
                test(CLEAN, 20, 0), test(PARAM_2, 3, 0))));
        assertEquals(List.of(
                "run 'jvm' (allocations): new test 'com.x.ParamTest#decodes[2]'",
                "run 'jvm' (allocations): test 'heldout.jni.OtherTest#works' removed",
                "run 'jvm' (allocations), test 'heldout.jni.CodecTest#leaksFourHundredKiB': leaked bytes 0 B ->"
                        + " 400.0 KiB (+400.0 KiB)",
                "run 'jvm' (allocations), test 'heldout.jni.CodecTest#leaksFourHundredKiB': leaked blocks 0 -> 1"
                        + " (+1)"), after.changesFrom(before));
        Baseline unsplit = Baseline.of(SummarySet.of(Summaries.jvmWithoutTests("jvm")));
        assertEquals(List.of("run 'jvm' (allocations): new per-test figures of 3 tests"),
                before.changesFrom(unsplit));
        assertEquals(List.of("run 'jvm' (allocations): per-test figures removed (were of 3 tests)"),
                unsplit.changesFrom(before));

        List<Summary.TestEntry> many = new ArrayList<>();
        List<Summary.TestEntry> more = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(test("a.T#t" + (char) ('a' + i), 10, 0));
            more.add(test("a.T#t" + (char) ('a' + i), 11, 0));
        }
        List<String> lines = Baseline.of(SummarySet.of(Summaries.jvm("jvm", more.toArray(Summary.TestEntry[]::new))))
                .changesFrom(Baseline.of(SummarySet.of(Summaries.jvm("jvm",
                        many.toArray(Summary.TestEntry[]::new)))));
        assertEquals(Baseline.TEST_CHANGE_LINES + 1, lines.size());
        assertEquals("run 'jvm' (allocations): 55 more changes of per-test figures", lines.get(lines.size() - 1),
                "25 tests with 3 changed figures each (allocations, allocated bytes, peak heap): 75, 20 shown");
    }

    @Test
    void rulesWithTestsAcceptOnlyMetricsMeasuredPerTest() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> rules(perTest(null, "*CodecTest*",
                null, Limit.maximum("PEAK_RSS", "1MiB"), Limit.maximum("LEAKED_BYTES", "0"),
                Limit.maximum("DEFINITELY_LOST_BYTES", "0"), Limit.maximumIncrease("PEAK_HEEP", "5%"))));
        String perTest = "is not measured per test, so a rule with <tests> cannot limit it; metrics measured per"
                + " test: ALLOCATIONS, ALLOCATED_BYTES, PEAK_HEAP, LEAKED_BYTES, LEAKED_BLOCKS";
        assertEquals(List.of(
                "rule 1, limit 1: PEAK_RSS " + perTest + " (limit PEAK_RSS of the whole run in a rule without"
                        + " <tests>)",
                "rule 1, limit 3: DEFINITELY_LOST_BYTES " + perTest + " (limit DEFINITELY_LOST_BYTES of the whole"
                        + " run in a rule without <tests>)",
                "rule 1, limit 4: unknown metric 'PEAK_HEEP'; valid metrics: " + Metric.names()
                        + "; did you mean PEAK_HEAP?"), e.problems());

        for (Metric metric : Metric.values()) {
            Rule rule = perTest(null, "*", null, Limit.maximum(metric.name(), "1"));
            if (metric.isPerTest()) {
                assertTrue(rules(rule).get(0).perTest());
            } else {
                assertThrows(InvalidRulesException.class, () -> rules(rule), metric.name());
                assertFalse(rules(new Rule(List.of(), List.of(Limit.maximum(metric.name(), "1")), null)).get(0)
                        .perTest(), "the same limit is fine on a run");
            }
        }
        assertEquals("ALLOCATIONS, ALLOCATED_BYTES, PEAK_HEAP, LEAKED_BYTES, LEAKED_BLOCKS", Metric.perTestNames());
        assertThrows(IllegalArgumentException.class, () -> new CompiledRule(1, List.of(), List.of(
                CompiledLimit.of(Metric.PEAK_RSS, "1", null)), Level.ERROR, false, List.of(TestPattern.of("*"))));
    }

    @Test
    void testPatternsThatCanNeverMatchAreRefused() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> rules(
                perTest(null, " ,*CodecTest*", null, Limit.maximum("LEAKED_BYTES", "0")),
                perTest(null, "(outside tests)", null, Limit.maximum("LEAKED_BYTES", "0"))));
        assertEquals(List.of(
                "rule 1: empty test pattern; write a test as <class>#<method> (com.example.CodecTest#decodes), or a"
                        + " pattern with * and ? (*CodecTest*)",
                "rule 2: test pattern '(outside tests)' can never match: (outside tests) and (overlapping tests) are"
                        + " not tests, and test names start with their class; limit the run's totals in a rule"
                        + " without <tests> instead"), e.problems());

        CompiledRule rule = rules(perTest("jvm", " *CodecTest* ,*CodecTest*,*#decodes[?]", "WARN",
                Limit.maximum("LEAKED_BYTES", "0"))).get(0);
        assertEquals(List.of(TestPattern.of("*CodecTest*"), TestPattern.of("*#decodes[?]")), rule.tests());
        assertTrue(rule.perTest());
        assertTrue(rule.matchesTest(PARAM_2));
        assertFalse(rule.matchesTest(PARAM_10));
        assertFalse(rules(new Rule(List.of(), List.of(Limit.maximum("LEAKED_BYTES", "0")), null)).get(0)
                .perTest());
        assertEquals("Rule{runs=[jvm], tests=[*CodecTest*], limits=[], level=WARN}",
                new Rule(List.of("jvm"), List.of("*CodecTest*"), List.of(), "WARN").toString());
    }

    @Test
    void theGateReadsPerTestFiguresFromASummaryFileAndRefusesBrokenOnes() throws IOException {
        Path output = SummarySetTest.resource("per-test");
        SummarySet set = SummarySet.scan(output);
        Summary jvm = set.summary("jvm", "allocations").orElseThrow();
        assertEquals(List.of(LEAKY, CLEAN, Summary.OUTSIDE_TESTS), jvm.tests().stream().map(Summary.TestEntry::test)
                .toList());
        GateResult result = Gate.evaluate(rules(perTest("jvm", "heldout.jni.*", null,
                Limit.maximum("LEAKED_BYTES", "0"), Limit.maximum("PEAK_HEAP", "256KiB"))), set, null);
        assertEquals(List.of(
                "run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': leaked bytes is 400.0 KiB, but expected"
                        + " maximum is 0 B",
                "run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': peak heap is 400.0 KiB, but expected"
                        + " maximum is 256 KiB",
                "run 'jvm', test 'heldout.jni.CodecTest#roundTrips': leaked bytes is 0 B, within maximum 0 B",
                "run 'jvm', test 'heldout.jni.CodecTest#roundTrips': peak heap is 4.0 KiB, within maximum 256 KiB"),
                messages(result.checks()));

        Path broken = tmp.resolve("target/rust-instruments");
        Files.createDirectories(broken.resolve("jvm"));
        String text = Files.readString(output.resolve("jvm/allocations.json"))
                .replace("\"leakedBytes\": 0,", "\"leakedBytes\": -1,")
                .replace("\"test\": \"(outside tests)\",", "");
        Files.writeString(broken.resolve("jvm/allocations.json"), text);
        IOException e = assertThrows(IOException.class, () -> SummarySet.scan(broken));
        assertTrue(e.getMessage().endsWith(": field 'tests[1].leakedBytes' is -1, but a figure is never negative;"
                + " field 'tests[2].test' is missing; expected the test's name; record it again (or delete it)"),
                e.getMessage());
    }
}
