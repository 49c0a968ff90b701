package io.github.rustinstruments.maven.analysis;

import java.util.List;

/** The top-down and bottom-up call trees of a set of stacks, each built on first use (a report may need neither). */
final class CallTrees {
    private final List<ResolvedStack> stacks;
    private CallTree topDown;
    private CallTree bottomUp;

    CallTrees(List<ResolvedStack> stacks) {
        this.stacks = stacks;
    }

    CallTree topDown() {
        if (topDown == null) {
            topDown = CallTree.build(stacks, CallTree.Direction.TOP_DOWN);
        }
        return topDown;
    }

    CallTree bottomUp() {
        if (bottomUp == null) {
            bottomUp = CallTree.build(stacks, CallTree.Direction.BOTTOM_UP);
        }
        return bottomUp;
    }
}
