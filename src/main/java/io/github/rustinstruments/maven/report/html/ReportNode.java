package io.github.rustinstruments.maven.report.html;

import io.github.rustinstruments.maven.analysis.CallNode;
import io.github.rustinstruments.maven.analysis.Costs;
import io.github.rustinstruments.maven.analysis.ResolvedFrame;
import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * One node of a call tree as the HTML report embeds it: a neutral copy of a (pruned) {@link CallNode}.
 *
 * @param function  demangled function; {@code null} for the root; {@code [12 smaller entries]} for an aggregate
 * @param file      source file, {@code null} when unknown
 * @param line      source line, 0 when unknown
 * @param kind      whose code it is; {@code null} for the root
 * @param aggregate whether this node stands for several pruned nodes
 * @param total     costs of everything at and below this node
 * @param children  most important first
 */
public record ReportNode(String function, String file, int line, FrameKind kind, boolean aggregate, Costs total,
        List<ReportNode> children) {

    public ReportNode {
        Objects.requireNonNull(total, "total");
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** The root of a tree. */
    public static ReportNode root(Costs total, List<ReportNode> children) {
        return new ReportNode(null, null, 0, null, false, total, children);
    }

    /** A frame's node. */
    public static ReportNode of(ResolvedFrame frame, Costs total, List<ReportNode> children) {
        return new ReportNode(frame.function(), frame.file(), frame.line(), frame.kind(), false, total, children);
    }

    /** Copies a call-tree node and everything below it (iteratively: stacks can be thousands of frames deep). */
    public static ReportNode of(CallNode node) {
        // post-order: a node is copied once all its children are
        Deque<CallNode> work = new ArrayDeque<>();
        Deque<CallNode> order = new ArrayDeque<>();
        work.push(node);
        while (!work.isEmpty()) {
            CallNode n = work.pop();
            order.push(n);
            for (CallNode child : n.children()) {
                work.push(child);
            }
        }
        IdentityHashMap<CallNode, ReportNode> copies = new IdentityHashMap<>();
        while (!order.isEmpty()) {
            CallNode n = order.pop();
            List<ReportNode> children = new ArrayList<>(n.children().size());
            for (CallNode child : n.children()) {
                children.add(copies.remove(child));
            }
            ResolvedFrame frame = n.frame();
            copies.put(n, frame == null ? root(n.total(), children)
                    : new ReportNode(frame.function(), frame.file(), frame.line(), frame.kind(), n.isAggregate(),
                            n.total(), children));
        }
        return copies.get(node);
    }

    public boolean isRoot() {
        return function == null && !aggregate;
    }

    /** Nodes in this subtree, this one included. */
    public int size() {
        int n = 0;
        Deque<ReportNode> work = new ArrayDeque<>();
        work.push(this);
        while (!work.isEmpty()) {
            ReportNode r = work.pop();
            n++;
            r.children.forEach(work::push);
        }
        return n;
    }
}
