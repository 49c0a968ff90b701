package io.github.rustinstruments.maven.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rustinstruments.maven.analysis.CallTree;
import io.github.rustinstruments.maven.analysis.Costs;
import io.github.rustinstruments.maven.analysis.ResolvedFrame;
import io.github.rustinstruments.maven.analysis.ResolvedStack;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.trace.HeapSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    /** The JSON the page embeds. */
    static JsonNode data(String html) throws IOException {
        Matcher m = DATA.matcher(html);
        assertTrue(m.find(), "data element");
        return JSON.readTree(m.group(1));
    }

    static String write(Path file, ReportInput input) throws IOException {
        HtmlReport.write(file, input);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    // ---- a real recording

    @Test
    void realRecordingHasEverySectionAndItsFigures() throws IOException {
        String html = write(dir.resolve("allocations.html"), ReportFixtures.realProgram());

        for (String id : List.of("headline", "heap-chart", "sites-table", "call-tree", "flame-graph", "tree-search",
                "flame-reset", "selftest-result", "report-data")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        // headline, in human units, without script: real-prog.zst's figures (see HeaptrackReaderTest)
        assertTrue(html.contains("<div class=\"label\">Peak heap</div><div class=\"value\">1.1 MiB</div>"), html);
        assertTrue(html.contains("<div class=\"label\">Allocations</div><div class=\"value\">269</div>"));
        assertTrue(html.contains("<div class=\"label\">Temporary</div><div class=\"value\">53</div>"
                + "<div class=\"note\">19.7 % of all</div>"));
        assertTrue(html.contains("<div class=\"card alert\" id=\"figure-leaked\"><div class=\"label\">Leaked</div>"
                + "<div class=\"value\">544 B</div><div class=\"note\">1 block</div>"));
        assertTrue(html.contains("<div class=\"label\">Run time</div><div class=\"value\">31 ms</div>"));
        assertTrue(html.contains("<div class=\"label\">Exit status</div><div class=\"value\">0</div>"
                + "<div class=\"note\">success</div>"));
        assertTrue(html.contains("<code>./prog</code>"));
        assertTrue(html.contains("<title>Allocations of run &#39;default&#39; \u2014 rust-instruments</title>"));

        JsonNode data = data(html);
        assertEquals(1_122_852L, data.at("/totals/peakHeapBytes").asLong());
        assertTrue(data.at("/timeline/t").size() >= 2, "time line");
        assertFalse(data.at("/timeline/rss").isNull(), "heaptrack samples RSS");
        JsonNode strings = data.get("strings");
        JsonNode topDown = data.at("/trees/topDown/bytes");
        assertEquals(-1, topDown.get(0).asInt(), "the root has no function");
        assertEquals(1_186_413L, topDown.get(5).asLong(), "the root's allocated bytes are the total");
        assertEquals(269L, topDown.get(4).asLong());
        assertEquals(544L, data.at("/trees/topDown/leaked").get(8).asLong());
        assertEquals(1_122_852L, data.at("/trees/bottomUp/peak").get(7).asLong());
        // the user's functions are in the tree, with their file and line, classified as user code
        List<String> userFunctions = new ArrayList<>();
        collect(topDown, node -> {
            if (node.get(3).asInt() == 0) {
                userFunctions.add(strings.get(node.get(0).asInt()).asText() + " "
                        + strings.get(node.get(1).asInt()).asText() + ":" + node.get(2).asInt());
            }
        });
        // recorded as /tmp/ht/prog.rs, shown relative to the user root /tmp/ht
        assertTrue(userFunctions.contains("prog::temporaries prog.rs:12"), userFunctions.toString());
        // sites: the user's first, with file:line
        JsonNode site = data.at("/sites/rows/0");
        assertEquals("prog::main", strings.get(site.get(0).asInt()).asText());
        assertEquals(1, site.get(3).asInt(), "in user code");
    }

    interface NodeVisitor {
        void visit(JsonNode node);
    }

    static void collect(JsonNode node, NodeVisitor visitor) {
        List<JsonNode> work = new ArrayList<>(List.of(node));
        while (!work.isEmpty()) {
            JsonNode n = work.remove(work.size() - 1);
            visitor.visit(n);
            if (n.size() > 10) {
                n.get(10).forEach(work::add);
            }
        }
    }

    // ---- self-containment

    @Test
    void pageLoadsNothingFromTheNetwork() throws IOException {
        String html = write(dir.resolve("allocations.html"), ReportFixtures.realProgram());

        assertSelfContained(html);
    }

    static void assertSelfContained(String html) {
        // nothing that makes a browser fetch: no src/href to another place, no external script, style sheet or font
        Matcher attribute = Pattern.compile("(?i)\\b(src|href|xlink:href|action|poster|srcset)\\s*=").matcher(html);
        assertFalse(attribute.find(), () -> "resource attribute: " + html.substring(attribute.start(),
                Math.min(html.length(), attribute.start() + 80)));
        assertFalse(Pattern.compile("(?i)https?://(?!www\\.w3\\.org/2000/svg')").matcher(html).find(),
                "no URL other than the SVG namespace name");
        assertFalse(Pattern.compile("(?i)<link\\b").matcher(html).find(), "no <link>");
        assertFalse(Pattern.compile("(?i)<(iframe|object|embed|img|audio|video)\\b").matcher(html).find());
        assertFalse(Pattern.compile("(?i)@import|url\\s*\\(").matcher(html).find(), "no CSS import or url()");
        assertFalse(Pattern.compile("\\b(fetch|XMLHttpRequest|WebSocket|EventSource|importScripts)\\b")
                .matcher(html).find(), "no network API in the script");
        Matcher scripts = Pattern.compile("(?i)<script\\b([^>]*)>").matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            String attributes = scripts.group(1).trim();
            assertTrue(attributes.isEmpty() || attributes.equals("type=\"application/json\" id=\"report-data\""),
                    attributes);
        }
        assertEquals(2, count, "the data and the inline script");
        assertEquals(2, countOf(html, "</script>"), "nothing in the data or the script closes a script element");
        assertEquals(1, countOf(html, "</style>"));
    }

    private static int countOf(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void hostileSymbolsCannotBreakOutOfTheDataOrTheMarkup() throws IOException {
        String evil = "evil::</script><script>alert(1)</script><!--";
        ResolvedFrame frame = new ResolvedFrame(evil, "src/<b>.rs", 3, "app", FrameKind.USER);
        List<ResolvedStack> stacks = List.of(new ResolvedStack(List.of(frame), new Costs(1, 10, 0, 10, 0, 0)));
        Summary.Site site = new Summary.Site(evil, "src/<b>.rs", 3, true, 1, 10, 10, 0, List.of(frame.label()));
        Summary summary = new Summary(1, "r</title><script>", "allocations", "heaptrack", "linux-x86_64",
                List.of("./app", "--name=</script>&"), 0, 5L, null,
                new Summary.Totals(1L, 10L, 0L, 10L, null, 0L, 0L), null, List.of(site));
        String html = write(dir.resolve("a.html"), new ReportInput(summary, List.of(), null, List.of(site),
                CallTree.build(stacks, CallTree.Direction.TOP_DOWN),
                CallTree.build(stacks, CallTree.Direction.BOTTOM_UP)));

        assertSelfContained(html);
        assertFalse(html.contains("<script>alert"));
        assertFalse(html.contains("<!--"));
        assertTrue(html.contains("<code>./app --name=&lt;/script&gt;&amp;</code>"));
        assertTrue(html.contains("<h1>Allocations of run &#39;r&lt;/title&gt;&lt;script&gt;&#39;</h1>"));
        JsonNode data = data(html);
        assertTrue(data.get("strings").toString().contains(evil), "the symbol survives, unescaped, in the data");
    }

    // ---- writing

    @Test
    void writesAtomicallyAndReplacesAnOldReport() throws IOException {
        Path file = dir.resolve("run/allocations.html");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");

        HtmlReport.write(file, ReportFixtures.realProgram());

        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void profileWithoutStacksOrTimeLineStillMakesAPage() throws IOException {
        Summary summary = new Summary(1, "default", "leaks", "memcheck", "linux-x86_64", null, null, null, null,
                new Summary.Totals(null, null, null, null, null, 32L, 1L),
                new Summary.LeakKinds(32L, 1L, 0L, 0L, null, null, 0L, 0L), List.of());
        String html = write(dir.resolve("leaks.html"), new ReportInput(summary, null, null, null, null, null));

        assertSelfContained(html);
        assertTrue(html.contains("<div class=\"label\">Peak heap</div><div class=\"value\">n/a</div>"));
        assertTrue(html.contains("<div class=\"label\">Definitely lost</div><div class=\"value\">32 B</div>"));
        JsonNode data = data(html);
        assertEquals(0, data.at("/trees/topDown").size());
        assertEquals(0, data.at("/timeline/t").size());
        assertTrue(data.at("/peakTimeMillis").isNull());
    }

    // ---- large profiles

    /** 100,000 distinct stacks of 20 to 60 frames (about 260,000 call-tree nodes per direction). */
    @Test
    void largeProfileStaysWellBelowAFewMegabytes() throws IOException {
        ReportInput input = ReportFixtures.synthetic(100_000, 60_000);
        int fullTopDown = input.topDown().size();
        Path file = dir.resolve("big.html");

        long started = System.nanoTime();
        HtmlReport.write(file, input);
        long millis = (System.nanoTime() - started) / 1_000_000;

        long size = Files.size(file);
        System.out.printf("large synthetic profile: 100,000 stacks, %,d top-down nodes, %,d bottom-up nodes, "
                + "60,000 samples -> %,d bytes of HTML in %d ms%n", fullTopDown, input.bottomUp().size(), size,
                millis);
        assertTrue(fullTopDown > 100_000, "a genuinely large tree: " + fullTopDown);
        assertTrue(size < 1_500_000, "HTML size " + size);
        String html = Files.readString(file);
        assertSelfContained(html);
        JsonNode data = data(html);
        for (String direction : List.of("topDown", "bottomUp")) {
            for (String weight : List.of("bytes", "peak", "leaked")) {
                int[] nodes = {0};
                collect(data.at("/trees/" + direction + "/" + weight), n -> nodes[0]++);
                assertTrue(nodes[0] <= ReportViews.MAX_NODES, direction + "/" + weight + ": " + nodes[0]);
                assertTrue(nodes[0] > 100, direction + "/" + weight + ": " + nodes[0]);
            }
        }
        assertTrue(data.at("/timeline/t").size() <= ReportData.MAX_TIMELINE_POINTS);
        assertEquals(60_000, data.at("/timeline/samples").asInt());
        assertEquals(fullTopDown, data.at("/pruning/topDownSize").asInt());
        assertTrue(data.at("/sites/rows").size() <= 8 * ReportData.SITES_PER_KEY);
    }

    // ---- parts

    @Test
    void downsamplingKeepsTheEndsAndEveryBucketsExtremes() {
        List<HeapSample> samples = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            samples.add(new HeapSample(i, i == 6_789 ? 1_000_000 : i % 100, null));
        }
        List<HeapSample> reduced = ReportData.downsample(samples, 200);

        assertTrue(reduced.size() <= 200, "size " + reduced.size());
        assertEquals(samples.get(0), reduced.get(0));
        assertEquals(samples.get(9_999), reduced.get(reduced.size() - 1));
        assertTrue(reduced.contains(samples.get(6_789)), "the spike survives");
        for (int i = 1; i < reduced.size(); i++) {
            assertTrue(reduced.get(i - 1).timeMillis() < reduced.get(i).timeMillis(), "time order");
        }
        assertEquals(samples.subList(0, 5), ReportData.downsample(samples.subList(0, 5), 200));
    }

    @Test
    void sitesKeepTheTopOfEverySortKeyInBothGroups() throws IOException {
        List<Summary.Site> sites = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // bytes rise with i, allocations fall with i: the top of each is at the other end
            sites.add(new Summary.Site("app::f" + i, "src/lib.rs", i + 1, i % 2 == 0, 1_000 - i, i * 10L,
                    i == 3 ? 1_000_000 : 0, i == 5 ? 99 : 0, List.of("app::f" + i + " (src/lib.rs:" + (i + 1) + ")")));
        }
        Summary summary = new Summary(1, "default", "allocations", "heaptrack", "linux-x86_64", List.of("x"), 0, 1L,
                null, new Summary.Totals(1L, 1L, 0L, 1L, null, 0L, 0L), null, List.of());
        String html = write(dir.resolve("s.html"), new ReportInput(summary, List.of(), null, sites, null, null));

        JsonNode data = data(html);
        assertEquals(500, data.at("/sites/total").asInt());
        assertEquals(250, data.at("/sites/user").asInt());
        JsonNode strings = data.get("strings");
        List<String> kept = new ArrayList<>();
        data.at("/sites/rows").forEach(row -> kept.add(strings.get(row.get(0).asInt()).asText()));
        assertTrue(kept.size() <= 4 * ReportData.SITES_PER_KEY && kept.size() >= 2 * ReportData.SITES_PER_KEY);
        for (String f : List.of("app::f498", "app::f499", "app::f0", "app::f1", "app::f3", "app::f5")) {
            assertTrue(kept.contains(f), f);
        }
        assertEquals("app::f499", kept.get(0), "most bytes first");
    }

    @Test
    void templatePlaceholdersAreFilledOnceAndUnknownOnesRejected() {
        assertEquals("a {{B}} c", HtmlReport.Template.fill("a {{A}} c", Map.of("A", "{{B}}")));
        assertThrows(IllegalStateException.class, () -> HtmlReport.Template.fill("{{NOPE}}", Map.of()));
    }

    @Test
    void aggregateNodesOfPrunedTreesAreMarked() {
        ResolvedFrame big = new ResolvedFrame("app::big", "src/lib.rs", 1, "app", FrameKind.USER);
        List<ResolvedStack> stacks = new ArrayList<>();
        stacks.add(new ResolvedStack(List.of(big), new Costs(1, 1_000_000, 0, 0, 0, 0)));
        for (int i = 0; i < 20; i++) {
            stacks.add(new ResolvedStack(List.of(new ResolvedFrame("app::small" + i, "src/lib.rs", 10 + i, "app",
                    FrameKind.USER)), new Costs(1, 10, 0, 0, 0, 0)));
        }
        ReportViews views = ReportViews.of(CallTree.build(stacks, CallTree.Direction.TOP_DOWN), null);

        ReportNode root = views.topDown().get("bytes");
        assertTrue(root.isRoot());
        assertNull(root.function());
        assertEquals(2, root.children().size());
        ReportNode aggregate = root.children().get(1);
        assertTrue(aggregate.aggregate());
        assertEquals("[20 smaller entries]", aggregate.function());
        assertEquals(4, ReportData.kindCode(aggregate));
        assertEquals(0, ReportData.kindCode(root.children().get(0)));
        assertEquals(200, aggregate.total().allocatedBytes());
        assertNotNull(views.bottomUp());
        assertTrue(views.bottomUp().isEmpty());
        assertTrue(HtmlReport.thresholds().contains("0.1 %"), HtmlReport.thresholds());
    }
}
