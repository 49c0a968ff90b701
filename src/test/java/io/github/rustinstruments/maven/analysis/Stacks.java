package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.List;

/** Hand-made resolved frames and stacks for the analysis tests. */
final class Stacks {
    static final String EXE = "/home/dev/rust/mylib/target/debug/memcheck";
    static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";

    private Stacks() {}

    static ResolvedFrame malloc() {
        return new ResolvedFrame("malloc", null, 0, LIBC, FrameKind.SYSTEM);
    }

    static ResolvedFrame rustAlloc() {
        return new ResolvedFrame("__rust_alloc", null, 0, EXE, FrameKind.SYSTEM);
    }

    static ResolvedFrame runtime(String function) {
        return new ResolvedFrame(function, "library/alloc/src/raw_vec.rs", 100, EXE, FrameKind.RUST_RUNTIME);
    }

    static ResolvedFrame user(String function, int line) {
        return new ResolvedFrame(function, function.startsWith("memcheck") ? "src/main.rs" : "src/lib.rs", line, EXE,
                FrameKind.USER);
    }

    static Costs costs(long allocations, long bytes) {
        return new Costs(allocations, bytes, 0, 0, 0, 0);
    }

    static Costs costs(long allocations, long bytes, long temporary, long peak, long leaked, long leakedBlocks) {
        return new Costs(allocations, bytes, temporary, peak, leaked, leakedBlocks);
    }

    /** {@code frames} innermost first. */
    static ResolvedStack stack(Costs costs, ResolvedFrame... frames) {
        return new ResolvedStack(List.of(frames), costs);
    }

    static ResolvedStack stack(long allocations, long bytes, ResolvedFrame... frames) {
        return stack(costs(allocations, bytes), frames);
    }

    static Costs sum(List<ResolvedStack> stacks) {
        Costs sum = Costs.ZERO;
        for (ResolvedStack s : stacks) {
            sum = sum.plus(s.costs());
        }
        return sum;
    }

    /** Checks total = self + children's totals everywhere below {@code node}; returns the number of nodes. */
    static int checkInvariant(CallNode node) {
        Costs children = Costs.ZERO;
        int count = 1;
        for (CallNode child : node.children()) {
            children = children.plus(child.total());
            count += checkInvariant(child);
        }
        if (!node.self().plus(children).equals(node.total())) {
            throw new AssertionError("total != self + children at " + node + ": " + node.total() + " vs "
                    + node.self() + " + " + children);
        }
        return count;
    }
}
