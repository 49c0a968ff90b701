package io.github.rustinstruments.maven.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rustinstruments.maven.analysis.Costs;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.trace.HeapSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The data the page's script reads, as compact JSON: every string (function, file, stack line) once in a table,
 * referred to by index; tree nodes and sites as arrays.
 *
 * <pre>
 * { "strings": [...],
 *   "totals": {...the summary's totals...}, "peakTimeMillis": n|null, "durationMillis": n|null,
 *   "timeline": { "t": [...], "heap": [...], "rss": [...]|null, "points": n, "samples": n },
 *   "sites": { "total": n, "user": n, "rows": [[fn, file, line, user, allocations, bytes, peak, leaked, [stack]]] },
 *   "trees": { "topDown": {"bytes": node, "peak": node, "leaked": node}, "bottomUp": {...} },
 *   "pruning": { "minFraction": f, "maxNodes": n, "topDownSize": n, "bottomUpSize": n },
 *   "tests": null | { "total": n, "nodesPerTree": n,
 *     "rows": [[name, special, allocations, bytes, peak|null, leaked, leakedBlocks, tree, [site...]]],
 *     "trees": [{ "topDown": {"bytes": node, "peak": node, "leaked": node} | {"all": node}, "bottomUp": {...},
 *                 "topDownSize": n, "bottomUpSize": n }] } }
 * node: [fn, file, line, kind, allocations, bytes, temporary, peak, leaked, leakedBlocks, [children]?]
 * site of a test: [fn, file, line, leaked, bytes, javaEntryPoint]
 * </pre>
 * A string index of -1 means none (the root's function, an unknown file); kind is 0 user, 1 Rust runtime, 2 system,
 * 3 other, 4 an aggregate of pruned nodes, 5 Java, -1 the root. A test row's {@code special} is 0 for a test, 1 for
 * the allocations outside tests, 2 for those of overlapping tests; its {@code tree} indexes {@code trees}, -1 when
 * the page has no tree for it ({@link ReportTests}). A test's tree small enough to be kept whole is embedded once
 * per direction, as {@code all}, for every figure.
 */
final class ReportData {
    /** Timelines longer than this are reduced to the minimum and maximum of equal time buckets. */
    static final int MAX_TIMELINE_POINTS = 2000;

    /**
     * Sites embedded per group (user code, other code) and per sort key: the table shows the first 100 rows for any
     * sort, so the union of each key's top entries is all it can ever show.
     */
    static final int SITES_PER_KEY = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Integer> strings = new HashMap<>();
    private final ArrayNode stringTable = NODES.arrayNode();

    private ReportData() {}

    static ObjectNode build(Summary summary, List<HeapSample> timeline, Long peakTimeMillis, List<Summary.Site> sites,
            ReportViews views) {
        return build(summary, timeline, peakTimeMillis, sites, views, null);
    }

    /** @param tests the run's tests, {@code null} when it is not split per test */
    static ObjectNode build(Summary summary, List<HeapSample> timeline, Long peakTimeMillis, List<Summary.Site> sites,
            ReportViews views, ReportTests tests) {
        return new ReportData().encode(summary, timeline, peakTimeMillis, sites, views, tests);
    }

    private ObjectNode encode(Summary summary, List<HeapSample> timeline, Long peakTimeMillis,
            List<Summary.Site> sites, ReportViews views, ReportTests tests) {
        ObjectNode root = NODES.objectNode();
        root.set("strings", stringTable);
        root.put("kind", summary.kind());
        root.set("totals", HtmlSafeJson.MAPPER.valueToTree(summary.totals() == null
                ? new Summary.Totals(null, null, null, null, null, null, null) : summary.totals()));
        putNullable(root, "peakTimeMillis", peakTimeMillis);
        putNullable(root, "durationMillis", summary.durationMillis());
        root.set("timeline", timeline(timeline));
        root.set("sites", sites(sites));
        ObjectNode trees = root.putObject("trees");
        trees.set("topDown", trees(views.topDown()));
        trees.set("bottomUp", trees(views.bottomUp()));
        ObjectNode pruning = root.putObject("pruning");
        pruning.put("minFraction", ReportViews.MIN_FRACTION);
        pruning.put("maxNodes", ReportViews.MAX_NODES);
        pruning.put("topDownSize", views.topDownFullSize());
        pruning.put("bottomUpSize", views.bottomUpFullSize());
        if (tests == null) {
            root.putNull("tests");
        } else {
            root.set("tests", tests(tests));
        }
        return root;
    }

    // ---- tests

    private ObjectNode tests(ReportTests tests) {
        ObjectNode node = NODES.objectNode();
        node.put("total", tests.total());
        node.put("nodesPerTree", ReportTests.NODES_PER_TREE);
        ArrayNode rows = node.putArray("rows");
        ArrayNode trees = node.putArray("trees");
        for (ReportTests.Row test : tests.rows()) {
            ArrayNode row = rows.addArray();
            row.add(string(test.test()));
            row.add(test.isTest() ? 0 : Summary.OUTSIDE_TESTS.equals(test.test()) ? 1 : 2);
            row.add(test.allocations());
            row.add(test.allocatedBytes());
            if (test.peak() == null) {
                row.addNull();
            } else {
                row.add(test.peak());
            }
            row.add(test.leakedBytes());
            row.add(test.leakedBlocks());
            if (test.views() == null) {
                row.add(-1);
            } else {
                row.add(trees.size());
                ObjectNode tree = trees.addObject();
                tree.set("topDown", testTrees(test.views().topDown()));
                tree.set("bottomUp", testTrees(test.views().bottomUp()));
                tree.put("topDownSize", test.views().topDownFullSize());
                tree.put("bottomUpSize", test.views().bottomUpFullSize());
            }
            ArrayNode sites = row.addArray();
            for (Summary.Site site : test.topSites()) {
                ArrayNode s = sites.addArray();
                s.add(string(site.function()));
                s.add(string(site.file()));
                s.add(site.line() == null ? 0 : site.line());
                s.add(site.leakedBytes());
                s.add(site.allocatedBytesOrZero());
                s.add(string(site.javaEntryPoint()));
            }
        }
        return node;
    }

    /** One figure's tree each, or {@code all} when every figure has the same (whole) tree. */
    private ObjectNode testTrees(Map<String, ReportNode> views) {
        ReportNode first = views.get(ReportViews.WEIGHTS.keySet().iterator().next());
        boolean shared = first != null && ReportViews.WEIGHTS.keySet().stream().allMatch(w -> views.get(w) == first);
        if (!shared) {
            return trees(views);
        }
        ObjectNode node = NODES.objectNode();
        node.set("all", node(first));
        return node;
    }

    private int string(String s) {
        if (s == null) {
            return -1;
        }
        return strings.computeIfAbsent(s, k -> {
            stringTable.add(k);
            return stringTable.size() - 1;
        });
    }

    private static void putNullable(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    // ---- time line

    static ObjectNode timeline(List<HeapSample> samples) {
        List<HeapSample> points = downsample(samples, MAX_TIMELINE_POINTS);
        ObjectNode node = NODES.objectNode();
        ArrayNode t = node.putArray("t");
        ArrayNode heap = node.putArray("heap");
        boolean anyRss = points.stream().anyMatch(s -> s.rssBytes() != null);
        ArrayNode rss = anyRss ? node.putArray("rss") : null;
        if (!anyRss) {
            node.putNull("rss");
        }
        for (HeapSample s : points) {
            t.add(s.timeMillis());
            heap.add(s.heapBytes());
            if (rss != null) {
                if (s.rssBytes() == null) {
                    rss.addNull();
                } else {
                    rss.add(s.rssBytes());
                }
            }
        }
        node.put("points", points.size());
        node.put("samples", samples.size());
        return node;
    }

    /**
     * At most {@code max} samples: the first and the last, and for each of {@code max / 2 - 1} equal spans of the
     * samples in between, the ones with the lowest and the highest heap, in time order; so no peak is lost.
     */
    static List<HeapSample> downsample(List<HeapSample> samples, int max) {
        if (samples.size() <= max) {
            return samples;
        }
        List<HeapSample> out = new ArrayList<>(max);
        out.add(samples.get(0));
        int inner = samples.size() - 2;
        int buckets = max / 2 - 1;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) inner * b / buckets);
            int to = 1 + (int) ((long) inner * (b + 1) / buckets);
            if (from >= to) {
                continue;
            }
            int min = from;
            int maxAt = from;
            for (int i = from + 1; i < to; i++) {
                long heap = samples.get(i).heapBytes();
                if (heap < samples.get(min).heapBytes()) {
                    min = i;
                }
                if (heap > samples.get(maxAt).heapBytes()) {
                    maxAt = i;
                }
            }
            out.add(samples.get(Math.min(min, maxAt)));
            if (min != maxAt) {
                out.add(samples.get(Math.max(min, maxAt)));
            }
        }
        out.add(samples.get(samples.size() - 1));
        return out;
    }

    // ---- sites

    private ObjectNode sites(List<Summary.Site> sites) {
        List<Summary.Site> user = sites.stream().filter(Summary.Site::inUserCode).toList();
        List<Summary.Site> other = sites.stream().filter(s -> !s.inUserCode()).toList();
        Set<Summary.Site> kept = new LinkedHashSet<>();
        for (List<Summary.Site> group : List.of(user, other)) {
            for (ToLongFunction<Summary.Site> key : List.<ToLongFunction<Summary.Site>>of(
                    Summary.Site::allocatedBytesOrZero, Summary.Site::allocationsOrZero, Summary.Site::peakBytesOrZero,
                    Summary.Site::leakedBytes)) {
                group.stream().sorted(Comparator.comparingLong(key).reversed()).limit(SITES_PER_KEY)
                        .forEach(kept::add);
            }
        }
        ObjectNode node = NODES.objectNode();
        node.put("total", sites.size());
        node.put("user", user.size());
        ArrayNode rows = node.putArray("rows");
        kept.stream().sorted(Comparator.comparingLong(Summary.Site::allocatedBytesOrZero).reversed()).forEach(site -> {
            ArrayNode row = rows.addArray();
            row.add(string(site.function()));
            row.add(string(site.file()));
            row.add(site.line() == null ? 0 : site.line());
            row.add(site.inUserCode() ? 1 : 0);
            row.add(site.allocations());
            row.add(site.allocatedBytes());
            row.add(site.peakBytes());
            row.add(site.leakedBytes());
            ArrayNode stack = row.addArray();
            if (site.stack() != null) {
                site.stack().forEach(line -> stack.add(string(line)));
            }
        });
        return node;
    }

    // ---- trees

    private ObjectNode trees(Map<String, ReportNode> views) {
        ObjectNode node = NODES.objectNode();
        for (String weight : ReportViews.WEIGHTS.keySet()) {
            ReportNode tree = views.get(weight);
            if (tree != null) {
                node.set(weight, node(tree));
            }
        }
        return node;
    }

    private ArrayNode node(ReportNode tree) {
        // iterative: a deep stack must not overflow the Java stack
        ArrayNode root = encodeOne(tree);
        List<ReportNode> pending = new ArrayList<>();
        List<ArrayNode> targets = new ArrayList<>();
        pending.add(tree);
        targets.add(root);
        while (!pending.isEmpty()) {
            ReportNode current = pending.remove(pending.size() - 1);
            ArrayNode target = targets.remove(targets.size() - 1);
            if (current.children().isEmpty()) {
                continue;
            }
            ArrayNode children = target.addArray();
            for (ReportNode child : current.children()) {
                ArrayNode encoded = encodeOne(child);
                children.add(encoded);
                pending.add(child);
                targets.add(encoded);
            }
        }
        return root;
    }

    private ArrayNode encodeOne(ReportNode n) {
        ArrayNode a = NODES.arrayNode();
        a.add(string(n.function()));
        a.add(string(n.file()));
        a.add(n.line());
        a.add(kindCode(n));
        Costs c = n.total();
        a.add(c.allocations());
        a.add(c.allocatedBytes());
        a.add(c.temporaryAllocations());
        a.add(c.peakBytes());
        a.add(c.leakedBytes());
        a.add(c.leakedBlocks());
        return a;
    }

    static int kindCode(ReportNode n) {
        if (n.isRoot()) {
            return -1;
        }
        if (n.aggregate()) {
            return 4;
        }
        FrameKind kind = n.kind() == null ? FrameKind.UNKNOWN : n.kind();
        return switch (kind) {
            case USER -> 0;
            case RUST_RUNTIME -> 1;
            case SYSTEM -> 2;
            case UNKNOWN -> 3;
            case JAVA -> 5;
        };
    }
}
