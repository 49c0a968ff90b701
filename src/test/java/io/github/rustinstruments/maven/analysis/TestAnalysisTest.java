package io.github.rustinstruments.maven.analysis;

import static io.github.rustinstruments.maven.analysis.JvmTestsFixture.CHURNS;
import static io.github.rustinstruments.maven.analysis.JvmTestsFixture.LEAKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.TestCosts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-test part of a JVM run's analysis: each test's sites and call trees, made as the run's are. */
class TestAnalysisTest {

    private static TestAnalysis test(ProfileAnalysis analysis, String name) {
        return analysis.tests().stream().filter(t -> t.test().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void testsAreOrderedByLeakedThenAllocatedBytesAndEmptyOnesAreLeftOut() {
        ProfileAnalysis analysis = JvmTestsFixture.analysis();

        assertEquals(List.of(LEAKS, Summary.OUTSIDE_TESTS, CHURNS, Summary.OVERLAPPING_TESTS),
                analysis.tests().stream().map(TestAnalysis::test).toList(),
                "LeakyTest#quiet allocated nothing; the second JVM's empty (outside tests) adds nothing");
        assertTrue(analysis.tests().get(0).isTest());
        assertFalse(analysis.tests().get(1).isTest());
        assertFalse(analysis.tests().get(3).isTest());
    }

    @Test
    void aTestRunInSeveralJvmsIsOneEntry() {
        TestAnalysis churns = test(JvmTestsFixture.analysis(), CHURNS);

        assertEquals(150, churns.allocations());
        assertEquals(15_000, churns.allocatedBytes());
        assertEquals(300L, churns.peakBytes(), "the largest peak of one JVM");
        assertEquals(0, churns.leakedBytes());
        assertEquals(2, churns.stacks().size());
        assertEquals(1, churns.sites().size(), "one site, from both JVMs");
        assertEquals(15_000L, churns.sites().get(0).allocatedBytes());
    }

    @Test
    void aTestsSitesAreTheRunsKindOfSitesLeakingOnesFirstWithTheirJavaEntryPoint() {
        TestAnalysis leaks = test(JvmTestsFixture.analysis(), LEAKS);

        List<Summary.Site> sites = leaks.sites();
        assertEquals(List.of("leaky_jni::leak_blocks", "leaky_jni::churn"),
                sites.stream().map(Summary.Site::function).toList());
        Summary.Site leak = sites.get(0);
        assertEquals("src/lib.rs", leak.file());
        assertEquals(31, leak.line());
        assertTrue(leak.inUserCode());
        assertEquals(40_960, leak.leakedBytes());
        assertEquals(40_960L, leak.peakBytes(), "the stack's share at the test's own peak");
        assertEquals("com.example.Leaky.leakBlocks", leak.javaEntryPoint());
        assertEquals(List.of("leaky_jni::leak_blocks (src/lib.rs:31)",
                "Java_com_example_Leaky_leakBlocks (src/lib.rs:60)", "com.example.Leaky.leakBlocks"), leak.stack());
        assertEquals("com.example.Leaky.churn", sites.get(1).javaEntryPoint());
        // the run's own analysis makes the same site, figures aside
        Summary.Site runs = JvmTestsFixture.analysis().sites().stream()
                .filter(s -> s.function().equals("leaky_jni::leak_blocks")).findFirst().orElseThrow();
        assertEquals(runs.stack(), leak.stack());
        assertEquals(runs.javaEntryPoint(), leak.javaEntryPoint());
    }

    @Test
    void leakingSitesComeFirstEvenWhenOthersAllocatedMore() {
        List<TestCosts> entries = List.of(new TestCosts(LEAKS, 101, 1_064, 1_000L, 64, 1, List.of(
                JvmTestsFixture.stack(JvmTestsFixture.CHURN, 100, 1_000, 1_000, 0, 0),
                JvmTestsFixture.stack(JvmTestsFixture.LEAK, 1, 64, 64, 64, 1))));
        ProfileAnalysis analysis = ProfileAnalysis.of(JvmTestsFixture.profile(entries), JvmTestsFixture.classifier(),
                false);

        List<Summary.Site> sites = analysis.tests().get(0).sites();
        assertEquals(List.of("leaky_jni::leak_blocks", "leaky_jni::churn"),
                sites.stream().map(Summary.Site::function).toList());
        assertEquals(1, analysis.tests().get(0).topSites(1).size());
    }

    @Test
    void aTestWithoutItsOwnPeakHasNoPeakShareInItsSites() {
        // Instruments' Allocations List says whether a block was freed, not when: no peak per test
        List<TestCosts> entries = List.of(new TestCosts(LEAKS, 1, 64, null, 64, 1, List.of(
                JvmTestsFixture.stack(JvmTestsFixture.LEAK, 1, 64, 0, 64, 1))));
        ProfileAnalysis analysis = ProfileAnalysis.of(JvmTestsFixture.profile(entries), JvmTestsFixture.classifier(),
                false);

        Summary.Site site = analysis.tests().get(0).sites().get(0);
        assertNull(site.peakBytes());
        assertEquals(64L, site.allocatedBytes());
        assertEquals(64, site.leakedBytes());
    }

    @Test
    void aTestsCallTreesHoldOnlyItsOwnAllocations() {
        TestAnalysis leaks = test(JvmTestsFixture.analysis(), LEAKS);

        assertEquals(new Costs(15, 41_460, 0, 41_060, 40_960, 10), leaks.topDown().root().total());
        // top-down from the Java methods that entered the library
        assertEquals(List.of("com.example.Leaky.leakBlocks", "com.example.Leaky.churn"),
                leaks.topDown().root().children().stream().map(n -> n.frame().function()).toList());
        // bottom-up from the code that allocated (the allocator folded)
        assertEquals(List.of("leaky_jni::leak_blocks", "leaky_jni::churn"),
                leaks.bottomUp().root().children().stream().map(n -> n.frame().function()).toList());
        assertSame(leaks.topDown(), leaks.topDown(), "built once");
    }

    @Test
    void theTestsShareTheRunsResolvedFrames() {
        ProfileAnalysis analysis = JvmTestsFixture.analysis();
        ProfileAnalysis withoutTests = ProfileAnalysis.of(JvmTestsFixture.profile(null), JvmTestsFixture.classifier(),
                false);

        assertEquals(withoutTests.distinctFrames(), analysis.distinctFrames(), "no frame resolved twice");
        assertSame(analysis.stacks().get(0).frames(), test(analysis, LEAKS).stacks().get(0).frames(),
                "the same frame list is resolved once");
        assertEquals(analysis.sites(), withoutTests.sites(), "the run's own analysis is unchanged");
    }

    @Test
    void noSplitMeansNoTestsAndAnEmptySplitMeansNone() {
        assertNull(ProfileAnalysis.of(JvmTestsFixture.profile(null), JvmTestsFixture.classifier(), false).tests());
        assertEquals(List.of(), ProfileAnalysis.of(JvmTestsFixture.profile(List.of(
                new TestCosts(JvmTestsFixture.QUIET, 0, 0, null, 0, 0, List.of()))), JvmTestsFixture.classifier(),
                false).tests());
    }

    @Test
    void anEntryOfTheSummaryCarriesTheTestsFiguresAndTopSites() {
        TestAnalysis leaks = test(JvmTestsFixture.analysis(), LEAKS);

        Summary.TestEntry entry = leaks.entry(1);
        assertEquals(new Summary.TestEntry(LEAKS, 15, 41_460, 41_060L, 40_960, 10, List.of(leaks.sites().get(0))),
                entry);
    }

    @Test
    void thousandsOfTestsAreCheap() {
        List<TestCosts> entries = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            entries.add(i % 10 == 0
                    ? new TestCosts("com.example.Many#t" + i, 1, 100, 100L, i % 20 == 0 ? 100 : 0, i % 20 == 0 ? 1 : 0,
                            List.of(JvmTestsFixture.stack(JvmTestsFixture.LEAK, 1, 100, 100, i % 20 == 0 ? 100 : 0,
                                    i % 20 == 0 ? 1 : 0)))
                    : new TestCosts("com.example.Many#t" + i, 0, 0, 0L, 0, 0, List.of()));
        }
        ProfileAnalysis analysis = ProfileAnalysis.of(JvmTestsFixture.profile(entries), JvmTestsFixture.classifier(),
                false);

        assertEquals(500, analysis.tests().size(), "only the tests that allocated");
        assertEquals(250, analysis.tests().stream().filter(t -> t.leakedBytes() > 0).count());
        assertEquals("com.example.Many#t0", analysis.tests().get(0).test(), "ties by name");
        assertSame(analysis.tests().get(0).stacks().get(0).frames(), analysis.tests().get(499).stacks().get(0).frames());
    }
}
