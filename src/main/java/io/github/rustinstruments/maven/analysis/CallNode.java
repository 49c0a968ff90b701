package io.github.rustinstruments.maven.analysis;

import java.util.List;

/**
 * One node of a {@link CallTree}: a frame reached through one particular path from the root, with what the
 * allocations below it cost. Immutable.
 *
 * <p>Invariant: {@code total() == self() + sum(children().total())}, for every figure of {@link Costs}.
 */
public final class CallNode {
    private final ResolvedFrame frame;
    private final Costs total;
    private final Costs self;
    private final boolean aggregate;
    private List<CallNode> children;

    CallNode(ResolvedFrame frame, Costs total, Costs self, List<CallNode> children, boolean aggregate) {
        this.frame = frame;
        this.total = total;
        this.self = self;
        this.children = children;
        this.aggregate = aggregate;
    }

    /** The frame this node stands for; {@code null} for the root. */
    public ResolvedFrame frame() {
        return frame;
    }

    /** Costs of everything at and below this node (inclusive). */
    public Costs total() {
        return total;
    }

    /**
     * Costs of allocations whose stack ends exactly at this node (after the allocator frames were folded, see
     * {@link AllocatorFrames}). For the aggregate node of a pruned tree this equals its total.
     */
    public Costs self() {
        return self;
    }

    /**
     * Children, most allocated bytes first (then most allocations, then by label); unmodifiable. In a
     * {@linkplain CallTree#pruned pruned} tree the aggregate node of the smaller children comes last.
     */
    public List<CallNode> children() {
        return children;
    }

    /** Whether this is the synthetic {@code [N smaller entries]} node of a pruned tree. */
    public boolean isAggregate() {
        return aggregate;
    }

    /** Set once while the tree is frozen. */
    void setChildren(List<CallNode> children) {
        this.children = children;
    }

    @Override
    public String toString() {
        return (frame == null ? "<root>" : frame.label()) + " total=" + total.allocatedBytes() + "B/"
                + total.allocations() + " self=" + self.allocatedBytes() + "B/" + self.allocations();
    }
}
