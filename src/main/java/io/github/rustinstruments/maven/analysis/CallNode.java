package io.github.rustinstruments.maven.analysis;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a {@link CallTree}: a frame reached through one particular path from the root, with what the
 * allocations below it cost. Immutable once its tree is built.
 *
 * <p>Invariant: {@code total() == self() + sum(children().total())}, for every figure of {@link Costs}.
 */
public final class CallNode {
    /** From this many children on, a node under construction indexes them by location. */
    static final int HASHED_CHILDREN = 8;

    private static final CallNode[] NONE = {};

    private final ResolvedFrame frame;
    private final boolean aggregate;
    // the total, kept as plain fields: trees can have millions of nodes
    long allocations;
    long allocatedBytes;
    long temporaryAllocations;
    long peakBytes;
    long leakedBytes;
    long leakedBlocks;
    private Costs self = Costs.ZERO;
    private List<CallNode> children = List.of();

    // only while the tree is built
    private CallNode[] building;
    private int buildingCount;
    private Map<Location, CallNode> index;

    /** A node under construction. */
    CallNode(ResolvedFrame frame) {
        this.frame = frame;
        this.aggregate = false;
    }

    /** A finished node (copies made by pruning, aggregates). */
    CallNode(ResolvedFrame frame, Costs total, Costs self, boolean aggregate) {
        this.frame = frame;
        this.aggregate = aggregate;
        this.self = self;
        addTotal(total);
    }

    /** The frame this node stands for; {@code null} for the root. */
    public ResolvedFrame frame() {
        return frame;
    }

    /** Costs of everything at and below this node (inclusive). */
    public Costs total() {
        return new Costs(allocations, allocatedBytes, temporaryAllocations, peakBytes, leakedBytes, leakedBlocks);
    }

    /**
     * Costs of the stacks whose path through the tree ends exactly at this node: top-down, what this code
     * allocated itself (after the allocator frames were folded, see {@link AllocatorFrames}); bottom-up, the
     * stacks whose outermost frame this is. For the aggregate node of a pruned tree, its total.
     */
    public Costs self() {
        return self;
    }

    /**
     * Children, most allocated bytes first (then most allocations, then by function, file and line);
     * unmodifiable. In a {@linkplain CallTree#pruned pruned} tree the aggregate node of the smaller children comes
     * last.
     */
    public List<CallNode> children() {
        return children;
    }

    /** Whether this is the synthetic {@code [N smaller entries]} node of a pruned tree. */
    public boolean isAggregate() {
        return aggregate;
    }

    @Override
    public String toString() {
        return (frame == null ? "<root>" : frame.label()) + " total=" + allocatedBytes + "B/" + allocations
                + " self=" + self.allocatedBytes() + "B/" + self.allocations();
    }

    // ------------------------------------------------------------------------------------------------
    // Construction (package-private, used by CallTree)

    void addTotal(Costs c) {
        allocations += c.allocations();
        allocatedBytes += c.allocatedBytes();
        temporaryAllocations += c.temporaryAllocations();
        peakBytes += c.peakBytes();
        leakedBytes += c.leakedBytes();
        leakedBlocks += c.leakedBlocks();
    }

    void addSelf(Costs c) {
        self = self == Costs.ZERO ? c : self.plus(c);
    }

    long get(CostType type) {
        return switch (type) {
            case ALLOCATIONS -> allocations;
            case ALLOCATED_BYTES -> allocatedBytes;
            case TEMPORARY -> temporaryAllocations;
            case PEAK_BYTES -> peakBytes;
            case LEAKED_BYTES -> leakedBytes;
        };
    }

    /** The child at {@code frame}'s location; {@code created[0]} is incremented when it had to be created. */
    CallNode child(ResolvedFrame childFrame, int[] created) {
        CallNode existing = find(childFrame);
        if (existing != null) {
            return existing;
        }
        CallNode node = new CallNode(childFrame);
        created[0]++;
        if (building == null) {
            building = new CallNode[2];
        } else if (buildingCount == building.length) {
            building = Arrays.copyOf(building, buildingCount * 2);
        }
        building[buildingCount++] = node;
        if (index != null) {
            index.put(Location.of(childFrame), node);
        } else if (buildingCount >= HASHED_CHILDREN) {
            index = new HashMap<>();
            for (int i = 0; i < buildingCount; i++) {
                index.put(Location.of(building[i].frame), building[i]);
            }
        }
        return node;
    }

    private CallNode find(ResolvedFrame childFrame) {
        if (index != null) {
            return index.get(Location.of(childFrame));
        }
        for (int i = 0; i < buildingCount; i++) {
            CallNode node = building[i];
            if (node.frame == childFrame || Location.same(node.frame, childFrame)) {
                return node;
            }
        }
        return null;
    }

    /** Ends construction of this node: sorts the children and returns them for their own freezing. */
    CallNode[] freeze(Comparator<CallNode> order) {
        if (building == null) {
            return NONE;
        }
        CallNode[] kids = buildingCount == building.length ? building : Arrays.copyOf(building, buildingCount);
        Arrays.sort(kids, order);
        children = List.of(kids);
        building = null;
        index = null;
        return kids;
    }

    void setChildren(List<CallNode> children) {
        this.children = children;
    }

    /** What siblings are merged by. */
    private record Location(String function, String file, int line) {
        static Location of(ResolvedFrame frame) {
            return new Location(frame.function(), frame.file(), frame.line());
        }

        static boolean same(ResolvedFrame a, ResolvedFrame b) {
            return a.line() == b.line() && Objects.equals(a.function(), b.function())
                    && Objects.equals(a.file(), b.file());
        }
    }
}
