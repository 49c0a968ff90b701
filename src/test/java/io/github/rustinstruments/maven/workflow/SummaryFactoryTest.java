package io.github.rustinstruments.maven.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.rustinstruments.maven.analysis.JvmTestsFixture;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.TestCosts;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SummaryFactoryTest {

    @Test
    void allocationsSummaryCarriesTheProfileTotalsAndTheRecordingsFileName() {
        Profile profile = new Profile("memcheck", 120L, 65536L, 7L, 32768L, null, 544L, 2L, 1100L, List.of());
        List<Summary.Site> sites = IntStream.range(0, 60).mapToObj(i -> new Summary.Site("mylib::f" + i, null, null,
                true, 1, 60 - i, 0, 0, List.of())).toList();

        Summary summary = SummaryFactory.allocations("default", "heaptrack", "linux-x86_64",
                List.of("/t/memcheck", "arg"), 3, 1234L, "allocations.zst", profile, sites);

        assertEquals(1, summary.schemaVersion());
        assertEquals("allocations", summary.kind());
        assertEquals("allocations.zst", summary.recording());
        assertEquals(3, summary.exitCode());
        assertEquals(1234L, summary.durationMillis());
        assertEquals(new Summary.Totals(120L, 65536L, 7L, 32768L, null, 544L, 2L), summary.totals());
        assertNull(summary.leakKinds(), "heaptrack does not classify leaks");
        assertEquals(SummaryFactory.SITES_IN_SUMMARY, summary.topSites().size());
        assertEquals("mylib::f0", summary.topSites().get(0).function());
    }

    @Test
    void noRecordingFileMeansNullRecording() {
        Profile profile = new Profile(null, 0L, 0L, 0L, 0L, null, 0L, 0L, null, List.of());

        Summary summary = SummaryFactory.allocations("default", "heaptrack", "linux-x86_64", List.of("/t/memcheck"),
                0, 5L, null, profile, List.of());

        assertNull(summary.recording());
    }

    @Test
    void aJvmRunsSummaryListsItsTestsLeakingFirstWithTheirTopSites() {
        ProfileAnalysis analysis = JvmTestsFixture.analysis();
        Profile profile = analysis.profile();

        Summary summary = SummaryFactory.of("allocations", "jvm", "heaptrack-jvm", "linux-x86_64", null, 0, 900L,
                "jvm-41.zst", profile, analysis);

        assertEquals(List.of(JvmTestsFixture.LEAKS, Summary.OUTSIDE_TESTS, JvmTestsFixture.CHURNS,
                Summary.OVERLAPPING_TESTS), summary.tests().stream().map(Summary.TestEntry::test).toList());
        Summary.TestEntry leaks = summary.tests().get(0);
        assertEquals(new Summary.TestEntry(JvmTestsFixture.LEAKS, 15, 41_460, 41_060L, 40_960, 10,
                leaks.topSites()), leaks);
        assertEquals(List.of("leaky_jni::leak_blocks", "leaky_jni::churn"),
                leaks.topSites().stream().map(Summary.Site::function).toList());
        assertEquals("com.example.Leaky.leakBlocks", leaks.topSites().get(0).javaEntryPoint());
        Summary.Site runsSite = summary.topSites().stream().filter(s -> s.function().equals("leaky_jni::leak_blocks"))
                .findFirst().orElseThrow();
        assertEquals(runsSite.stack(), leaks.topSites().get(0).stack(), "site stacks as the run's have them");
        // the run's totals are the profile's, whatever the tests say
        assertEquals(new Summary.Totals(168L, 56_724L, 0L, 41_324L, null, 41_024L, 11L), summary.totals());
        assertEquals(summary, SummaryFactory.of("allocations", "jvm", "heaptrack-jvm", "linux-x86_64", null, 0, 900L,
                "jvm-41.zst", profile, ProfileAnalysis.of(profile.withTests(null), JvmTestsFixture.classifier(),
                        false)).withTests(summary.tests()), "nothing else changes");
    }

    @Test
    void aTestKeepsAtMostFiveSites() {
        List<TestCosts> entries = List.of(new TestCosts("a.B#c", 7, 700, 700L, 0, 0, IntStream.range(0, 7)
                .mapToObj(i -> new StackCost(List.of(new Frame("leaky_jni::f" + i, "/work/proj/src/lib.rs", i + 1,
                        JvmTestsFixture.LIB)), 1, 100 + i, 0, 100, 0, 0)).toList()));
        Profile profile = JvmTestsFixture.profile(entries);

        Summary summary = SummaryFactory.of("allocations", "jvm", "heaptrack-jvm", "linux-x86_64", null, 0, 900L,
                "jvm-41.zst", profile, ProfileAnalysis.of(profile, JvmTestsFixture.classifier(), false));

        assertEquals(SummaryFactory.SITES_PER_TEST, summary.tests().get(0).topSites().size());
        assertEquals("leaky_jni::f6", summary.tests().get(0).topSites().get(0).function(), "most bytes first");
    }

    @Test
    void withoutAPerTestSplitThereIsNoTestsField() {
        Profile profile = JvmTestsFixture.profile(null);

        Summary summary = SummaryFactory.of("allocations", "jvm", "heaptrack-jvm", "linux-x86_64", null, 0, 900L,
                "jvm-41.zst", profile, ProfileAnalysis.of(profile, JvmTestsFixture.classifier(), false));

        assertNull(summary.tests());
    }
}
