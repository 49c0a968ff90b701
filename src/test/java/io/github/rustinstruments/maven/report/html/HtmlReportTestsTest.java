package io.github.rustinstruments.maven.report.html;

import static io.github.rustinstruments.maven.report.html.HtmlReportTest.collect;
import static io.github.rustinstruments.maven.report.html.HtmlReportTest.data;
import static io.github.rustinstruments.maven.report.html.HtmlReportTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rustinstruments.maven.analysis.JvmTestsFixture;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.analysis.TestAnalysis;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.JavaFrames;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.TestCosts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page of a run split per test (JVM mode): the tests' table and the trees each test opens. */
class HtmlReportTestsTest {
    @TempDir
    Path dir;

    private static String text(JsonNode data, JsonNode index) {
        return index.asInt() < 0 ? null : data.get("strings").get(index.asInt()).asText();
    }

    @Test
    void aRunSplitPerTestListsItsTestsWithTheirOwnTrees() throws IOException {
        ReportInput input = ReportFixtures.jvmTests();
        String html = write(dir.resolve("allocations.html"), input);

        HtmlReportTest.assertSelfContained(html);
        for (String id : List.of("tests-table", "tests-filter", "tree-view", "tree-whole-run", "flame-view",
                "flame-whole-run")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        JsonNode data = data(html);
        JsonNode tests = data.get("tests");
        assertEquals(5, tests.get("total").asInt());
        JsonNode rows = tests.get("rows");
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(text(data, row.get(0))));
        assertEquals(List.of(JvmTestsFixture.LEAKS, Summary.OUTSIDE_TESTS, JvmTestsFixture.CHURNS,
                ReportFixtures.HOSTILE_TEST, Summary.OVERLAPPING_TESTS), names, "the summary's order");

        JsonNode leaks = rows.get(0);
        assertEquals(0, leaks.get(1).asInt(), "a test");
        assertEquals(List.of(15L, 41_460L, 41_060L, 40_960L, 10L), List.of(leaks.get(2).asLong(),
                leaks.get(3).asLong(), leaks.get(4).asLong(), leaks.get(5).asLong(), leaks.get(6).asLong()));
        assertEquals(1, rows.get(1).get(1).asInt(), "(outside tests)");
        assertEquals(2, rows.get(4).get(1).asInt(), "(overlapping tests)");
        JsonNode topSite = leaks.get(8).get(0);
        assertEquals("leaky_jni::leak_blocks", text(data, topSite.get(0)));
        assertEquals("src/lib.rs", text(data, topSite.get(1)));
        assertEquals(31, topSite.get(2).asInt());
        assertEquals(40_960, topSite.get(3).asLong());
        assertEquals("com.example.Leaky.leakBlocks", text(data, topSite.get(5)));

        // each test its own tree, small enough to be kept whole: one per direction, for every figure
        assertEquals(5, tests.get("trees").size());
        JsonNode tree = tests.get("trees").get(leaks.get(7).asInt());
        JsonNode topDown = tree.at("/topDown/all");
        assertEquals(-1, topDown.get(3).asInt(), "the root");
        assertEquals(41_460L, topDown.get(5).asLong(), "the test's own allocated bytes, not the run's");
        assertEquals(40_960L, topDown.get(8).asLong());
        List<String> javaMethods = new ArrayList<>();
        topDown.get(10).forEach(child -> javaMethods.add(text(data, child.get(0)) + " " + child.get(3).asInt()));
        assertEquals(List.of("com.example.Leaky.leakBlocks 5", "com.example.Leaky.churn 5"), javaMethods,
                "entered from Java");
        assertFalse(tree.get("bottomUp").has("bytes"));
        assertEquals(input.tests().get(0).topDown().size(), tree.get("topDownSize").asInt());
        // the run's trees are as before
        assertEquals(56_724L, data.at("/trees/topDown/bytes").get(5).asLong());
    }

    @Test
    void aRunNotSplitPerTestHasNoTestsTable() throws IOException {
        String html = write(dir.resolve("allocations.html"), ReportFixtures.realProgram());

        assertFalse(html.contains("id=\"tests-table\""));
        assertFalse(html.contains("{{TESTS}}"));
        assertTrue(data(html).get("tests").isNull());
    }

    @Test
    void anEmptySplitStillShowsTheTable() throws IOException {
        ProfileAnalysis analysis = ProfileAnalysis.of(JvmTestsFixture.profile(List.of()),
                JvmTestsFixture.classifier(), false);
        ReportInput base = ReportFixtures.jvmTests();
        String html = write(dir.resolve("allocations.html"), new ReportInput(base.summary().withTests(List.of()),
                base.timeline(), null, analysis.sites(), analysis.topDown(), analysis.bottomUp(), analysis.tests()));

        assertTrue(html.contains("id=\"tests-table\""));
        assertEquals(0, data(html).at("/tests/rows").size());
    }

    @Test
    void aHostileTestNameStaysInTheData() throws IOException {
        String html = write(dir.resolve("allocations.html"), ReportFixtures.jvmTests());

        HtmlReportTest.assertSelfContained(html);
        assertFalse(html.contains("</script><b"));
        assertTrue(data(html).get("strings").toString().contains(ReportFixtures.HOSTILE_TEST));
    }

    /** A suite of many tests, each with its own wide tree, and one leaking test with a deep one. */
    private static List<TestAnalysis> manyTests(int count, int stacksPerTest) {
        String lib = JvmTestsFixture.LIB;
        List<TestCosts> entries = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            List<StackCost> stacks = new ArrayList<>();
            for (int s = 0; s < stacksPerTest; s++) {
                stacks.add(new StackCost(List.of(new Frame("leaky_jni::f" + s, "/work/proj/src/lib.rs", s + 1, lib),
                        new Frame("leaky_jni::g" + (s % 7), "/work/proj/src/lib.rs", 100 + s % 7, lib),
                        JavaFrames.of("com.example.Many.call" + (s % 3))), 1, 100 + s, 0, 100, t == 7 ? 10 : 0,
                        t == 7 ? 1 : 0));
            }
            entries.add(new TestCosts("com.example.Many#t" + t, stacksPerTest, stacks.stream()
                    .mapToLong(StackCost::allocatedBytes).sum(), 1_000L, t == 7 ? 10L * stacksPerTest : 0,
                    t == 7 ? stacksPerTest : 0, stacks));
        }
        return ProfileAnalysis.of(JvmTestsFixture.profile(entries), JvmTestsFixture.classifier(), false).tests();
    }

    @Test
    void theTestsTreesStayWithinTheirBudget() {
        List<TestAnalysis> tests = manyTests(300, 120);

        ReportTests shown = ReportTests.of(tests, 250, 100, 5_000);

        assertEquals(300, shown.total());
        assertEquals(250, shown.rows().size(), "rows are bounded too");
        assertEquals("com.example.Many#t7", shown.rows().get(0).test(), "the leaking test first, with a tree");
        int nodes = 0;
        int withTrees = 0;
        boolean spent = false;
        for (ReportTests.Row row : shown.rows()) {
            if (row.views() == null) {
                spent = true;
                continue;
            }
            assertFalse(spent, "trees go to the first tests in the table's order");
            withTrees++;
            nodes += row.views().embeddedNodes();
            for (ReportNode tree : row.views().topDown().values()) {
                assertTrue(tree.size() <= 100, "each tree within its limit: " + tree.size());
            }
        }
        assertTrue(nodes <= 5_000, "all trees within the budget: " + nodes);
        assertTrue(withTrees > 5 && withTrees < 250, "some, not all: " + withTrees);
        // 120 stacks of 3 frames: more than 100 nodes top-down, so pruned per figure
        ReportTests.Row first = shown.rows().get(0);
        assertTrue(first.views().topDownFullSize() > 100);
        assertFalse(first.views().topDown().get("bytes") == first.views().topDown().get("leaked"),
                "pruned per figure");
    }

    @Test
    void theDefaultBudgetKeepsTheTestsPartOfThePageSmall() throws IOException {
        List<TestAnalysis> tests = manyTests(3_000, 12);
        ReportInput base = ReportFixtures.jvmTests();
        ReportInput input = new ReportInput(base.summary(), base.timeline(), base.peakTimeMillis(), base.sites(),
                base.topDown(), base.bottomUp(), tests);

        String html = write(dir.resolve("allocations.html"), input);

        JsonNode data = data(html);
        assertEquals(3_000, data.at("/tests/rows").size());
        int[] nodes = {0};
        data.at("/tests/trees").forEach(tree -> {
            for (String direction : List.of("topDown", "bottomUp")) {
                tree.get(direction).forEach(root -> collect(root, n -> nodes[0]++));
            }
        });
        assertTrue(nodes[0] <= ReportTests.NODES_FOR_ALL_TESTS, "nodes " + nodes[0]);
        assertTrue(data.at("/tests/trees").size() < 3_000, "the budget is spent before the last test");
        System.out.printf("3,000 tests, %,d with trees (%,d nodes): %,d bytes of HTML%n",
                data.at("/tests/trees").size(), nodes[0], html.length());
        assertTrue(html.length() < 3_000_000, "page size " + html.length());
    }
}
