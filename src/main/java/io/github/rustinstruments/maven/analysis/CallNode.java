package io.github.rustinstruments.maven.analysis;

import java.util.List;

// PLACEHOLDER API, being implemented; replace this file entirely.
public final class CallNode {
    /** The frame this node stands for; {@code null} for the root. */
    public ResolvedFrame frame() {
        throw new UnsupportedOperationException();
    }

    /** Costs of everything at and below this node (inclusive). */
    public Costs total() {
        throw new UnsupportedOperationException();
    }

    /** Costs of allocations whose stack ends exactly at this node. */
    public Costs self() {
        throw new UnsupportedOperationException();
    }

    /** Children, most allocated bytes first. */
    public List<CallNode> children() {
        throw new UnsupportedOperationException();
    }
}
