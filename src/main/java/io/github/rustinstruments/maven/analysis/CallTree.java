package io.github.rustinstruments.maven.analysis;

import java.util.List;

// PLACEHOLDER API, being implemented; replace this file entirely.
public final class CallTree {
    public enum Direction { TOP_DOWN, BOTTOM_UP }

    public static CallTree build(List<ResolvedStack> stacks, Direction direction) {
        throw new UnsupportedOperationException();
    }

    public CallNode root() {
        throw new UnsupportedOperationException();
    }

    public Direction direction() {
        throw new UnsupportedOperationException();
    }

    public CallTree pruned(CostType type, double minFraction, int maxNodes) {
        throw new UnsupportedOperationException();
    }

    public int size() {
        throw new UnsupportedOperationException();
    }
}
