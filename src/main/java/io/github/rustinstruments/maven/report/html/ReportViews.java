package io.github.rustinstruments.maven.report.html;

import io.github.rustinstruments.maven.analysis.CallTree;
import io.github.rustinstruments.maven.analysis.CostType;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pruned trees the page embeds: for each direction, one tree per figure the page can weight by, pruned by that
 * figure so that what matters for it survives (a leak of 0.01 % of the allocated bytes is still 100 % of the leaks).
 *
 * @param topDown          weight name ({@code bytes}, {@code peak}, {@code leaked}) to pruned top-down tree
 * @param bottomUp         the same for the bottom-up tree
 * @param topDownFullSize  nodes in the unpruned top-down tree (shown on the page), -1 when unknown
 * @param bottomUpFullSize nodes in the unpruned bottom-up tree, -1 when unknown
 */
public record ReportViews(Map<String, ReportNode> topDown, Map<String, ReportNode> bottomUp, int topDownFullSize,
        int bottomUpFullSize) {

    /**
     * Nodes whose figure is below this fraction of the root's are folded into an aggregate node
     * ({@code [n smaller entries]}): 0.1 %, about one pixel of a 1000-pixel-wide flame graph.
     */
    public static final double MIN_FRACTION = 0.001;

    /**
     * At most this many nodes per embedded tree. Six trees (two directions, three figures) of at most 2,500 nodes
     * keep the page under 1 MB (about 0.8 MB for a synthetic profile of 100,000 distinct stacks, 20 to 60 frames
     * deep, see {@code HtmlReportTest}), and it stays responsive with every node expanded.
     */
    public static final int MAX_NODES = 2500;

    /** The figures a tree or flame graph is weighted by, with their names on the page. */
    static final Map<String, CostType> WEIGHTS = weights();

    public ReportViews {
        topDown = topDown == null ? Map.of() : Map.copyOf(topDown);
        bottomUp = bottomUp == null ? Map.of() : Map.copyOf(bottomUp);
    }

    private static Map<String, CostType> weights() {
        Map<String, CostType> weights = new LinkedHashMap<>();
        weights.put("bytes", CostType.ALLOCATED_BYTES);
        weights.put("peak", CostType.PEAK_BYTES);
        weights.put("leaked", CostType.LEAKED_BYTES);
        return weights;
    }

    /** Prunes both trees by each figure; a {@code null} tree gives no views. */
    public static ReportViews of(CallTree topDown, CallTree bottomUp) {
        return new ReportViews(prune(topDown), prune(bottomUp), topDown == null ? -1 : topDown.size(),
                bottomUp == null ? -1 : bottomUp.size());
    }

    /**
     * One test's trees, at most {@code maxNodes} nodes each: a tree that small already is kept whole, one copy for
     * every figure (its nodes are not pruned by any); a larger one is pruned as the run's are.
     */
    static ReportViews ofTest(CallTree topDown, CallTree bottomUp, int maxNodes) {
        return new ReportViews(whole(topDown, maxNodes), whole(bottomUp, maxNodes), topDown.size(), bottomUp.size());
    }

    private static Map<String, ReportNode> whole(CallTree tree, int maxNodes) {
        if (tree.size() > maxNodes) {
            Map<String, ReportNode> views = new LinkedHashMap<>();
            WEIGHTS.forEach((name, type) ->
                    views.put(name, ReportNode.of(tree.pruned(type, MIN_FRACTION, maxNodes).root())));
            return views;
        }
        ReportNode all = ReportNode.of(tree.root());
        Map<String, ReportNode> views = new LinkedHashMap<>();
        WEIGHTS.keySet().forEach(name -> views.put(name, all));
        return views;
    }

    /** Nodes embedded for these views: a tree shared by several figures counts once. */
    int embeddedNodes() {
        int n = 0;
        for (Map<String, ReportNode> views : List.of(topDown, bottomUp)) {
            Set<ReportNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (ReportNode tree : views.values()) {
                if (seen.add(tree)) {
                    n += tree.size();
                }
            }
        }
        return n;
    }

    private static Map<String, ReportNode> prune(CallTree tree) {
        Map<String, ReportNode> views = new LinkedHashMap<>();
        if (tree != null) {
            WEIGHTS.forEach((name, type) ->
                    views.put(name, ReportNode.of(tree.pruned(type, MIN_FRACTION, MAX_NODES).root())));
        }
        return views;
    }
}
