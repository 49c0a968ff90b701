package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * from {@value CallNode#HASHED_CHILDREN} children on, a hash map. Trees are immutable.
 */
public final class CallTree {
    public enum Direction { TOP_DOWN, BOTTOM_UP }

    private static final Comparator<CallNode> BY_BYTES = Comparator
            .comparingLong((CallNode n) -> n.allocatedBytes).reversed()
            .thenComparing(Comparator.comparingLong((CallNode n) -> n.allocations).reversed())
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
        CallNode root = new CallNode(null);
        int[] count = {1};
        for (ResolvedStack stack : stacks) {
            Costs costs = stack.costs();
            List<ResolvedFrame> frames = foldAllocatorFrames ? AllocatorFrames.fold(stack.frames()) : stack.frames();
            root.addTotal(costs);
            CallNode node = root;
            int n = frames.size();
            for (int k = 0; k < n; k++) {
                ResolvedFrame frame = frames.get(direction == Direction.TOP_DOWN ? n - 1 - k : k);
                node = node.child(frame, count);
                node.addTotal(costs);
            }
            node.addSelf(costs); // the path of this stack ends here
        }
        // freeze iteratively: stacks can be thousands of frames deep
        Deque<CallNode> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            for (CallNode child : work.pop().freeze(BY_BYTES)) {
                work.push(child);
            }
        }
        return new CallTree(root, direction, count[0]);
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
     * <p>Nodes are admitted best first: largest {@code type} total first, ties to the shallower node, and a node
     * only after its parent. Since a node's total is never below its children's, the top levels are admitted
     * before what hangs below them and the heaviest paths survive down to the code that allocated; a deep node
     * outweighing a shallow sibling of its ancestor wins the slot (it is the wider box of a flame graph). Kept
     * children keep their original order. The children a node loses are replaced by one
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
        double threshold = minFraction * root.get(type);
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
                queue.add(new Candidate(child, root, 1, sequence++, child.get(type)));
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
                    queue.add(new Candidate(child, c.node, c.depth + 1, sequence++, child.get(type)));
                }
            }
        }
        int[] count = {0};
        CallNode copy = copyPruned(root, kept, count);
        return new CallTree(copy, direction, count[0]);
    }

    private static boolean passes(CallNode node, CostType type, double threshold, double minFraction) {
        long value = node.get(type);
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
        CallNode rootCopy = new CallNode(original.frame(), original.total(), original.self(), false);
        count[0]++;
        Deque<CallNode[]> work = new ArrayDeque<>();
        work.push(new CallNode[] {original, rootCopy});
        while (!work.isEmpty()) {
            CallNode[] pair = work.pop();
            CallNode from = pair[0];
            CallNode to = pair[1];
            List<CallNode> children = new ArrayList<>(kept.get(from).size() + 1);
            Costs rest = Costs.ZERO;
            int dropped = 0;
            for (CallNode child : from.children()) { // in the original order
                if (kept.containsKey(child)) {
                    CallNode childCopy = new CallNode(child.frame(), child.total(), child.self(),
                            child.isAggregate());
                    count[0]++;
                    children.add(childCopy);
                    work.push(new CallNode[] {child, childCopy});
                } else {
                    rest = rest.plus(child.total());
                    dropped++;
                }
            }
            if (dropped > 0) {
                String label = "[" + dropped + (dropped == 1 ? " smaller entry]" : " smaller entries]");
                children.add(new CallNode(new ResolvedFrame(label, null, 0, null, FrameKind.UNKNOWN), rest, rest,
                        true));
                count[0]++;
            }
            to.setChildren(List.copyOf(children));
        }
        return rootCopy;
    }
}
