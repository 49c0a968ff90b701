package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A call tree over resolved stacks, as heaptrack's and Instruments' call trees show it.
 *
 * <ul>
 *   <li>{@link Direction#TOP_DOWN}: root → outermost frame ({@code main}, {@code _start}) → ... → the code that
 *       allocated;</li>
 *   <li>{@link Direction#BOTTOM_UP}: root → the code that allocated → its caller → ... → outermost frame.</li>
 * </ul>
 * Before a stack is added, the innermost run of allocator frames ({@code malloc}, {@code __rust_alloc},
 * {@code alloc::raw_vec::finish_grow}, ...) is folded away (see {@link AllocatorFrames}), so the leaves of a
 * top-down tree and the first level of a bottom-up tree are the code that asked for memory.
 *
 * <p>A node's {@linkplain CallNode#total() total} is the sum of the stacks whose path goes through it, its
 * {@linkplain CallNode#self() self} the sum of those whose path ends there, so that total = self + the children's
 * totals in both directions. Top-down, a path ends at the innermost (allocating) frame, so self is "allocated by
 * this code itself". Bottom-up, a path ends at the outermost frame, so self is only non-zero where stacks stop
 * (usually {@code _start} or a thread's entry); what a function allocated itself is the total of its node on the
 * first level. A stack with no frames adds to the root's self.
 *
 * <p>Siblings are merged when they are the same location: same function name, file and line (as heaptrack's
 * location view does). The same function called from two lines of its caller therefore appears twice, each with
 * its own line; this keeps file:line exact for every node. (The flame graph in {@link FoldedStacks} merges by
 * function name only.)
 *
 * <p>Building is linear in the total number of frames; each node finds its children through a small list or,
 * from {@value #HASHED_CHILDREN} children on, a hash map. Trees are immutable.
 */
public final class CallTree {
    public enum Direction { TOP_DOWN, BOTTOM_UP }

    /** From this many children on, a node under construction indexes them by location. */
    static final int HASHED_CHILDREN = 8;

    private static final Comparator<CallNode> BY_BYTES = Comparator
            .comparingLong((CallNode n) -> n.total().allocatedBytes()).reversed()
            .thenComparing(Comparator.comparingLong((CallNode n) -> n.total().allocations()).reversed())
            .thenComparing(n -> n.frame().function(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(n -> n.frame().file(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(n -> n.frame().line());

    private final CallNode root;
    private final Direction direction;
    private final int size;

    private CallTree(CallNode root, Direction direction, int size) {
        this.root = root;
        this.direction = direction;
        this.size = size;
    }

    /** Builds the tree with the allocator frames folded (see the class comment). */
    public static CallTree build(List<ResolvedStack> stacks, Direction direction) {
        return build(stacks, direction, true);
    }

    /**
     * Builds the tree.
     *
     * @param stacks              resolved stacks, frames innermost first
     * @param direction           top-down or bottom-up
     * @param foldAllocatorFrames whether to fold the innermost allocator frames first (see {@link AllocatorFrames})
     */
    public static CallTree build(List<ResolvedStack> stacks, Direction direction, boolean foldAllocatorFrames) {
        Objects.requireNonNull(direction, "direction");
        Builder root = new Builder(null);
        int[] count = {1};
        for (ResolvedStack stack : stacks) {
            Costs costs = stack.costs();
            List<ResolvedFrame> frames = foldAllocatorFrames ? AllocatorFrames.fold(stack.frames()) : stack.frames();
            root.addTotal(costs);
            Builder node = root;
            int n = frames.size();
            for (int k = 0; k < n; k++) {
                ResolvedFrame frame = frames.get(direction == Direction.TOP_DOWN ? n - 1 - k : k);
                node = node.child(frame, count);
                node.addTotal(costs);
            }
            node.addSelf(costs); // the path of this stack ends here
        }
        return new CallTree(freeze(root), direction, count[0]);
    }

    /** The synthetic root ({@link CallNode#frame()} is {@code null}); its total is the sum of every stack. */
    public CallNode root() {
        return root;
    }

    public Direction direction() {
        return direction;
    }

    /** Number of nodes, the root included. */
    public int size() {
        return size;
    }

    /**
     * A smaller copy for display: keeps the nodes whose total for {@code type} is at least {@code minFraction} of
     * the root's (and above zero when {@code minFraction > 0}), at most {@code maxNodes} nodes in all.
     *
     * <p>Nodes are admitted largest first (by {@code type}, ties to the shallower node), a node only after its
     * parent, so the heavy paths and the top levels survive. The children a node loses are replaced by one
     * aggregate child labelled {@code [N smaller entries]} (function set, no file, kind
     * {@link FrameKind#UNKNOWN}, {@link CallNode#isAggregate()}), placed after its kept siblings, whose total
     * and self are the sum of the totals of what it replaces; so every node's total still equals its self plus
     * its children's totals, for every figure, and the root's total is unchanged. Aggregate nodes count towards
     * {@code maxNodes}.
     *
     * @param type        the figure that decides
     * @param minFraction 0..1
     * @param maxNodes    at least 2 (the root and one aggregate node)
     */
    public CallTree pruned(CostType type, double minFraction, int maxNodes) {
        Objects.requireNonNull(type, "type");
        if (!(minFraction >= 0 && minFraction <= 1)) {
            throw new IllegalArgumentException("minFraction must be between 0 and 1, not " + minFraction);
        }
        if (maxNodes < 2) {
            throw new IllegalArgumentException("maxNodes must be at least 2, not " + maxNodes);
        }
        double threshold = minFraction * root.total().get(type);
        Map<CallNode, List<CallNode>> kept = new HashMap<>();
        kept.put(root, new ArrayList<>());
        // the root's aggregate slot is reserved while it has children that are not (yet) kept
        int used = 1 + (root.children().isEmpty() ? 0 : 1);
        Map<CallNode, Integer> missing = new HashMap<>(); // kept node -> children not kept so far
        missing.put(root, root.children().size());
        PriorityQueue<Candidate> queue = new PriorityQueue<>();
        long sequence = 0;
        for (CallNode child : root.children()) {
            if (passes(child, type, threshold, minFraction)) {
                queue.add(new Candidate(child, root, 1, sequence++, child.total().get(type)));
            }
        }
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            int left = missing.get(c.parent) - 1;
            int cost = 1 + (c.node.children().isEmpty() ? 0 : 1) - (left == 0 ? 1 : 0);
            if (used + cost > maxNodes) {
                continue; // goes into its parent's aggregate
            }
            used += cost;
            missing.put(c.parent, left);
            kept.get(c.parent).add(c.node);
            kept.put(c.node, new ArrayList<>());
            missing.put(c.node, c.node.children().size());
            for (CallNode child : c.node.children()) {
                if (passes(child, type, threshold, minFraction)) {
                    queue.add(new Candidate(child, c.node, c.depth + 1, sequence++, child.total().get(type)));
                }
            }
        }
        int[] count = {0};
        CallNode copy = copyPruned(root, kept, count);
        return new CallTree(copy, direction, count[0]);
    }

    private static boolean passes(CallNode node, CostType type, double threshold, double minFraction) {
        long value = node.total().get(type);
        return value >= threshold && (minFraction <= 0 || value > 0);
    }

    private record Candidate(CallNode node, CallNode parent, int depth, long sequence, long value)
            implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            int c = Long.compare(o.value, value);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(depth, o.depth);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** Copies the kept nodes (iteratively: stacks can be thousands of frames deep). */
    private static CallNode copyPruned(CallNode original, Map<CallNode, List<CallNode>> kept, int[] count) {
        CallNode rootCopy = new CallNode(original.frame(), original.total(), original.self(), null, false);
        count[0]++;
        Deque<CallNode[]> work = new ArrayDeque<>();
        work.push(new CallNode[] {original, rootCopy});
        while (!work.isEmpty()) {
            CallNode[] pair = work.pop();
            CallNode from = pair[0];
            CallNode to = pair[1];
            List<CallNode> keptChildren = kept.get(from);
            List<CallNode> children = new ArrayList<>(keptChildren.size() + 1);
            for (CallNode child : keptChildren) {
                CallNode childCopy = new CallNode(child.frame(), child.total(), child.self(), null, false);
                count[0]++;
                children.add(childCopy);
                work.push(new CallNode[] {child, childCopy});
            }
            int dropped = from.children().size() - keptChildren.size();
            if (dropped > 0) {
                Costs rest = Costs.ZERO;
                for (CallNode child : from.children()) {
                    if (!kept.containsKey(child)) {
                        rest = rest.plus(child.total());
                    }
                }
                String label = "[" + dropped + (dropped == 1 ? " smaller entry]" : " smaller entries]");
                children.add(new CallNode(new ResolvedFrame(label, null, 0, null, FrameKind.UNKNOWN), rest, rest,
                        List.of(), true));
                count[0]++;
            }
            to.setChildren(Collections.unmodifiableList(children));
        }
        return rootCopy;
    }

    /** Turns the builders into immutable nodes, children sorted (iteratively). */
    private static CallNode freeze(Builder root) {
        CallNode rootNode = root.toNode();
        Deque<Object[]> work = new ArrayDeque<>();
        work.push(new Object[] {root, rootNode});
        while (!work.isEmpty()) {
            Object[] pair = work.pop();
            Builder from = (Builder) pair[0];
            CallNode to = (CallNode) pair[1];
            if (from.children == null) {
                to.setChildren(List.of());
                continue;
            }
            List<Object[]> pairs = new ArrayList<>(from.children.size());
            for (Builder child : from.children) {
                pairs.add(new Object[] {child, child.toNode()});
            }
            pairs.sort((a, b) -> BY_BYTES.compare((CallNode) a[1], (CallNode) b[1]));
            List<CallNode> children = new ArrayList<>(pairs.size());
            for (Object[] childPair : pairs) {
                children.add((CallNode) childPair[1]);
                work.push(childPair);
            }
            to.setChildren(Collections.unmodifiableList(children));
            from.children = null; // let the builders go as soon as possible
            from.index = null;
        }
        return rootNode;
    }

    /** A node under construction: mutable sums, children found by location. */
    private static final class Builder {
        final ResolvedFrame frame;
        long allocations;
        long allocatedBytes;
        long temporaryAllocations;
        long peakBytes;
        long leakedBytes;
        long leakedBlocks;
        Costs self = Costs.ZERO;
        List<Builder> children;
        Map<Location, Builder> index;

        Builder(ResolvedFrame frame) {
            this.frame = frame;
        }

        void addTotal(Costs c) {
            allocations += c.allocations();
            allocatedBytes += c.allocatedBytes();
            temporaryAllocations += c.temporaryAllocations();
            peakBytes += c.peakBytes();
            leakedBytes += c.leakedBytes();
            leakedBlocks += c.leakedBlocks();
        }

        void addSelf(Costs c) {
            self = self.plus(c);
        }

        /** The child at {@code frame}'s location, created when absent. */
        Builder child(ResolvedFrame frame, int[] count) {
            Builder existing = find(frame);
            if (existing != null) {
                return existing;
            }
            Builder created = new Builder(frame);
            count[0]++;
            if (children == null) {
                children = new ArrayList<>(2);
            }
            children.add(created);
            if (index != null) {
                index.put(Location.of(frame), created);
            } else if (children.size() >= HASHED_CHILDREN) {
                index = new HashMap<>();
                for (Builder b : children) {
                    index.put(Location.of(b.frame), b);
                }
            }
            return created;
        }

        private Builder find(ResolvedFrame frame) {
            if (children == null) {
                return null;
            }
            if (index != null) {
                return index.get(Location.of(frame));
            }
            for (int i = 0, n = children.size(); i < n; i++) {
                Builder b = children.get(i);
                if (b.frame == frame || sameLocation(b.frame, frame)) {
                    return b;
                }
            }
            return null;
        }

        CallNode toNode() {
            Costs total = new Costs(allocations, allocatedBytes, temporaryAllocations, peakBytes, leakedBytes,
                    leakedBlocks);
            return new CallNode(frame, total, self, null, false);
        }
    }

    private static boolean sameLocation(ResolvedFrame a, ResolvedFrame b) {
        return a.line() == b.line() && Objects.equals(a.function(), b.function()) && Objects.equals(a.file(), b.file());
    }

    /** What siblings are merged by. */
    private record Location(String function, String file, int line) {
        static Location of(ResolvedFrame frame) {
            return new Location(frame.function(), frame.file(), frame.line());
        }
    }
}
