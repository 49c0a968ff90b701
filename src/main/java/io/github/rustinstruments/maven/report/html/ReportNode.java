package io.github.rustinstruments.maven.report.html;

import io.github.rustinstruments.maven.analysis.CallNode;
import io.github.rustinstruments.maven.analysis.Costs;
import io.github.rustinstruments.maven.analysis.ResolvedFrame;
import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One node of a call tree as the HTML report embeds it: a neutral copy of a (pruned) {@link CallNode}.
 *
 * @param function  demangled function; {@code null} for the root; {@code [12 smaller entries]} for an aggregate
 * @param file      source file, {@code null} when unknown
 * @param line      source line, 0 when unknown
 * @param kind      whose code it is; {@code null} for the root
 * @param total     costs of everything at and below this node
 * @param children  most important first
 */
public record ReportNode(String function, String file, int line, FrameKind kind, Costs total,
        List<ReportNode> children) {

    public ReportNode {
        Objects.requireNonNull(total, "total");
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** The root of a tree. */
    public static ReportNode root(Costs total, List<ReportNode> children) {
        return new ReportNode(null, null, 0, null, total, children);
    }

    /** Copies a call-tree node and everything below it. */
    public static ReportNode of(CallNode node) {
        List<ReportNode> children = new ArrayList<>(node.children().size());
        for (CallNode child : node.children()) {
            children.add(of(child));
        }
        ResolvedFrame frame = node.frame();
        if (frame == null) {
            return root(node.total(), children);
        }
        return new ReportNode(frame.function(), frame.file(), frame.line(), frame.kind(), node.total(), children);
    }

    public boolean isRoot() {
        return function == null;
    }

    /**
     * Whether this node stands for several pruned nodes ({@code [12 smaller entries]}): no Rust or C symbol starts
     * with {@code [}.
     */
    public boolean isAggregate() {
        return function != null && file == null && function.startsWith("[") && function.endsWith("]");
    }

    /** Nodes in this subtree, this one included. */
    public int size() {
        int n = 1;
        for (ReportNode child : children) {
            n += child.size();
        }
        return n;
    }
}
