package io.github.rustinstruments.maven.analysis;

import static io.github.rustinstruments.maven.analysis.Stacks.costs;
import static io.github.rustinstruments.maven.analysis.Stacks.malloc;
import static io.github.rustinstruments.maven.analysis.Stacks.runtime;
import static io.github.rustinstruments.maven.analysis.Stacks.rustAlloc;
import static io.github.rustinstruments.maven.analysis.Stacks.stack;
import static io.github.rustinstruments.maven.analysis.Stacks.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.analysis.CallTree.Direction;
import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallTreeTest {

    private static final ResolvedFrame MAIN7 = user("memcheck::main", 7);
    private static final ResolvedFrame MAIN8 = user("memcheck::main", 8);
    private static final ResolvedFrame PARSE42 = user("mylib::parse", 42);
    private static final ResolvedFrame PARSE43 = user("mylib::parse", 43);
    private static final ResolvedFrame MAKE = user("mylib::make", 10);
    private static final ResolvedFrame PUSH = runtime("alloc::vec::Vec<T,A>::push");

    /**
     * main:7 -> parse:42 -> malloc (100 B), main:7 -> parse:43 -> Vec::push -> RawVec::grow_one -> __rust_alloc
     * -> malloc (300 B), main:8 -> make -> malloc (50 B), main:7 -> malloc (20 B).
     */
    private static List<ResolvedStack> sample() {
        return List.of(
                stack(1, 100, malloc(), PARSE42, MAIN7),
                stack(3, 300, malloc(), rustAlloc(), runtime("alloc::raw_vec::RawVec<T,A>::grow_one"),
                        runtime("alloc::raw_vec::finish_grow"), PUSH, PARSE43, MAIN7),
                stack(5, 50, malloc(), MAKE, MAIN8),
                stack(2, 20, malloc(), MAIN7));
    }

    private static List<String> labels(List<CallNode> nodes) {
        return nodes.stream().map(n -> n.frame().label()).toList();
    }

    @Test
    void topDownGoesFromTheOutermostFrameToTheCodeThatAllocated() {
        CallTree tree = CallTree.build(sample(), Direction.TOP_DOWN);

        assertEquals(Direction.TOP_DOWN, tree.direction());
        CallNode root = tree.root();
        assertNull(root.frame());
        assertEquals(costs(11, 470), root.total());
        assertEquals(Costs.ZERO, root.self());
        assertEquals(List.of("memcheck::main (src/main.rs:7)", "memcheck::main (src/main.rs:8)"),
                labels(root.children()));

        CallNode main7 = root.children().get(0);
        assertEquals(costs(6, 420), main7.total());
        assertEquals(costs(2, 20), main7.self(), "main:7 allocated 20 B itself");
        assertEquals(List.of("mylib::parse (src/lib.rs:43)", "mylib::parse (src/lib.rs:42)"),
                labels(main7.children()), "the same function at two lines stays two nodes, most bytes first");

        CallNode parse43 = main7.children().get(0);
        assertEquals(costs(3, 300), parse43.total());
        assertEquals(Costs.ZERO, parse43.self());
        CallNode push = parse43.children().get(0);
        assertEquals(PUSH, push.frame());
        assertEquals(costs(3, 300), push.self(), "the allocator frames below Vec::push are folded into it");
        assertEquals(List.of(), push.children());

        CallNode parse42 = main7.children().get(1);
        assertEquals(costs(1, 100), parse42.self());
        assertEquals(List.of(), parse42.children(), "malloc folded away");

        CallNode main8 = root.children().get(1);
        assertEquals(List.of("mylib::make (src/lib.rs:10)"), labels(main8.children()));

        // root, main:7, parse:43, push, parse:42, main:8, make
        assertEquals(7, tree.size());
        assertEquals(7, Stacks.checkInvariant(root));
    }

    @Test
    void bottomUpStartsAtTheCodeThatAllocatedAndGoesToItsCallers() {
        CallTree tree = CallTree.build(sample(), Direction.BOTTOM_UP);

        assertEquals(Direction.BOTTOM_UP, tree.direction());
        CallNode root = tree.root();
        assertEquals(costs(11, 470), root.total());
        assertEquals(List.of("alloc::vec::Vec<T,A>::push (library/alloc/src/raw_vec.rs:100)",
                "mylib::parse (src/lib.rs:42)", "mylib::make (src/lib.rs:10)", "memcheck::main (src/main.rs:7)"),
                labels(root.children()));

        CallNode push = root.children().get(0);
        assertEquals(costs(3, 300), push.total());
        assertEquals(Costs.ZERO, push.self());
        CallNode caller = push.children().get(0);
        assertEquals(PARSE43, caller.frame());
        CallNode outermost = caller.children().get(0);
        assertEquals(MAIN7, outermost.frame());
        assertEquals(costs(3, 300), outermost.self(), "bottom-up, a stack's path ends at its outermost frame");

        CallNode main7 = root.children().get(3);
        assertEquals(costs(2, 20), main7.total());
        assertEquals(costs(2, 20), main7.self());
        assertEquals(List.of(), main7.children());

        // root, push, parse:43, main:7, parse:42, main:7, make, main:8, main:7
        assertEquals(9, tree.size());
        assertEquals(9, Stacks.checkInvariant(root));
    }

    @Test
    void rootTotalsAreTheSumOfTheStacksForEveryFigure() {
        List<ResolvedStack> stacks = List.of(
                stack(costs(1, 10, 1, 5, 3, 1), malloc(), PARSE42, MAIN7),
                stack(costs(2, 20, 0, 7, 0, 0), malloc(), MAKE, MAIN7),
                stack(costs(4, 40, 2, 0, 40, 4)));
        for (Direction direction : Direction.values()) {
            CallTree tree = CallTree.build(stacks, direction);
            assertEquals(costs(7, 70, 3, 12, 43, 5), tree.root().total(), direction.toString());
            assertEquals(costs(4, 40, 2, 0, 40, 4), tree.root().self(), "a stack without frames ends at the root");
            Stacks.checkInvariant(tree.root());
        }
    }

    @Test
    void equalLocationsAreMergedEvenWhenTheyAreDistinctInstances() {
        ResolvedFrame parseAgain = new ResolvedFrame("mylib::parse", "src/lib.rs", 42, "/other/module",
                FrameKind.UNKNOWN);
        CallTree tree = CallTree.build(List.of(stack(1, 100, malloc(), PARSE42, MAIN7),
                stack(1, 50, malloc(), parseAgain, user("memcheck::main", 7))), Direction.TOP_DOWN);

        assertEquals(3, tree.size());
        CallNode parse = tree.root().children().get(0).children().get(0);
        assertSame(PARSE42, parse.frame(), "the first frame seen at a location represents it");
        assertEquals(costs(2, 150), parse.total());
        assertEquals(costs(2, 150), parse.self());
    }

    @Test
    void theSameFunctionInAnotherFileIsAnotherNode() {
        ResolvedFrame elsewhere = new ResolvedFrame("mylib::parse", "src/other.rs", 42, Stacks.EXE, FrameKind.USER);
        CallTree tree = CallTree.build(List.of(stack(1, 100, PARSE42, MAIN7), stack(1, 50, elsewhere, MAIN7)),
                Direction.TOP_DOWN);

        assertEquals(2, tree.root().children().get(0).children().size());
    }

    @Test
    void foldingCanBeTurnedOff() {
        CallTree tree = CallTree.build(sample(), Direction.BOTTOM_UP, false);

        assertEquals(List.of("malloc"), tree.root().children().stream().map(n -> n.frame().function()).toList());
        assertEquals(costs(11, 470), tree.root().children().get(0).total());
    }

    @Test
    void aStackOfAllocatorFramesOnlyIsKeptWhole() {
        CallTree tree = CallTree.build(List.of(stack(1, 8, malloc()), stack(1, 16, malloc(), rustAlloc())),
                Direction.TOP_DOWN);

        assertEquals(List.of("__rust_alloc", "malloc"),
                tree.root().children().stream().map(n -> n.frame().function()).toList());
        CallNode rust = tree.root().children().get(0);
        assertEquals("malloc", rust.children().get(0).frame().function());
        assertEquals(costs(1, 16), rust.children().get(0).self());
    }

    @Test
    void onlyTheInnermostRunOfAllocatorFramesIsFolded() {
        ResolvedFrame startMain = new ResolvedFrame("__libc_start_main", null, 0, Stacks.LIBC, FrameKind.SYSTEM);
        CallTree tree = CallTree.build(List.of(stack(1, 8, malloc(), MAIN7, malloc(), startMain)),
                Direction.TOP_DOWN);

        CallNode node = tree.root();
        List<String> path = new ArrayList<>();
        while (!node.children().isEmpty()) {
            node = node.children().get(0);
            path.add(node.frame().function());
        }
        assertEquals(List.of("__libc_start_main", "malloc", "memcheck::main"), path);
    }

    @Test
    void childrenAreSortedByBytesThenAllocationsThenName() {
        CallTree tree = CallTree.build(List.of(
                stack(1, 10, user("mylib::b", 1), MAIN7),
                stack(5, 10, user("mylib::c", 1), MAIN7),
                stack(1, 10, user("mylib::a", 1), MAIN7),
                stack(1, 99, user("mylib::z", 1), MAIN7)), Direction.TOP_DOWN);

        assertEquals(List.of("mylib::z", "mylib::c", "mylib::a", "mylib::b"),
                tree.root().children().get(0).children().stream().map(n -> n.frame().function()).toList());
    }

    @Test
    void manySiblingsAreFoundThroughTheIndex() {
        List<ResolvedStack> stacks = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 40; i++) {
                stacks.add(stack(1, i + 1, malloc(), user("mylib::f" + i, i), MAIN7));
            }
        }
        CallTree tree = CallTree.build(stacks, Direction.TOP_DOWN);

        CallNode main = tree.root().children().get(0);
        assertEquals(40, main.children().size());
        assertEquals(42, tree.size());
        assertEquals("mylib::f39", main.children().get(0).frame().function());
        assertEquals(costs(3, 120), main.children().get(0).total());
        Stacks.checkInvariant(tree.root());
    }

    @Test
    void deepRecursionDoesNotOverflowTheJavaStack() {
        List<ResolvedFrame> frames = new ArrayList<>();
        frames.add(malloc());
        for (int i = 0; i < 20_000; i++) {
            frames.add(user("mylib::recurse", 5));
        }
        frames.add(MAIN7);
        List<ResolvedStack> stacks = List.of(new ResolvedStack(frames, costs(1, 64)));

        for (Direction direction : Direction.values()) {
            CallTree tree = CallTree.build(stacks, direction);
            assertEquals(20_002, tree.size());
            CallTree pruned = tree.pruned(CostType.ALLOCATED_BYTES, 0.0, 100_000);
            assertEquals(20_002, pruned.size());
        }
    }

    @Test
    void childListsAreUnmodifiable() {
        CallTree tree = CallTree.build(sample(), Direction.TOP_DOWN);
        assertThrows(UnsupportedOperationException.class, () -> tree.root().children().clear());
    }

    @Test
    void anEmptyListOfStacksIsJustTheRoot() {
        CallTree tree = CallTree.build(List.of(), Direction.BOTTOM_UP);
        assertEquals(1, tree.size());
        assertEquals(Costs.ZERO, tree.root().total());
        assertEquals(List.of(), tree.root().children());
        assertEquals(1, tree.pruned(CostType.ALLOCATED_BYTES, 0.5, 2).size());
    }

    // --- pruning

    /** main -> a (600), b (300), c (60), d (30), e (10); a -> a1 (500), a2 (100). */
    private static CallTree wide() {
        return CallTree.build(List.of(
                stack(costs(1, 500, 0, 0, 5, 1), user("mylib::a1", 1), user("mylib::a", 1), MAIN7),
                stack(costs(1, 100, 0, 0, 0, 0), user("mylib::a2", 1), user("mylib::a", 1), MAIN7),
                stack(costs(1, 300, 0, 0, 7, 1), user("mylib::b", 1), MAIN7),
                stack(costs(1, 60, 0, 0, 0, 0), user("mylib::c", 1), MAIN7),
                stack(costs(1, 30, 0, 0, 0, 0), user("mylib::d", 1), MAIN7),
                stack(costs(1, 10, 0, 0, 0, 0), user("mylib::e", 1), MAIN7)), Direction.TOP_DOWN);
    }

    @Test
    void pruningByFractionAggregatesTheSmallChildrenSoTotalsStillAddUp() {
        CallTree tree = wide();
        CallTree pruned = tree.pruned(CostType.ALLOCATED_BYTES, 0.05, 1000);

        CallNode main = pruned.root().children().get(0);
        assertEquals(List.of("mylib::a", "mylib::b", "mylib::c", "[2 smaller entries]"),
                main.children().stream().map(n -> n.frame().function()).toList());
        CallNode aggregate = main.children().get(3);
        assertTrue(aggregate.isAggregate());
        assertFalse(main.children().get(0).isAggregate());
        assertEquals(new ResolvedFrame("[2 smaller entries]", null, 0, null, FrameKind.UNKNOWN), aggregate.frame());
        assertEquals(costs(2, 40), aggregate.total());
        assertEquals(costs(2, 40), aggregate.self());
        assertEquals(List.of(), aggregate.children());
        assertEquals(tree.root().total(), pruned.root().total());
        assertEquals(pruned.size(), Stacks.checkInvariant(pruned.root()));
        // root, main, a, a1, a2, b, c, aggregate
        assertEquals(8, pruned.size());
        assertEquals(9, tree.size(), "the original is unchanged");
    }

    @Test
    void pruningByNodeCountAdmitsTheLargestNodesParentsFirst() {
        CallTree pruned = wide().pruned(CostType.ALLOCATED_BYTES, 0.0, 7);

        // root, main, a, a1, a2 (the last child of a costs no node: a needs no aggregate then), b, aggregate
        assertEquals(7, pruned.size());
        CallNode main = pruned.root().children().get(0);
        assertEquals(List.of("mylib::a", "mylib::b", "[3 smaller entries]"),
                main.children().stream().map(n -> n.frame().function()).toList());
        assertEquals(List.of("mylib::a1", "mylib::a2"),
                main.children().get(0).children().stream().map(n -> n.frame().function()).toList());
        assertEquals(costs(3, 100), main.children().get(2).total());
        assertEquals(wide().root().total(), pruned.root().total());
        assertEquals(7, Stacks.checkInvariant(pruned.root()));
    }

    @Test
    void aDeepNodeOutweighingAShallowOneWinsTheLastSlot() {
        CallTree pruned = wide().pruned(CostType.ALLOCATED_BYTES, 0.0, 6);

        assertEquals(6, pruned.size());
        CallNode main = pruned.root().children().get(0);
        assertEquals(List.of("mylib::a", "[4 smaller entries]"),
                main.children().stream().map(n -> n.frame().function()).toList(), "a1 (500 B) beats b (300 B)");
        assertEquals(6, Stacks.checkInvariant(pruned.root()));
    }

    @Test
    void equalTotalsGoToTheShallowerNode() {
        CallTree tree = CallTree.build(List.of(
                stack(1, 100, user("mylib::leaf", 1), user("mylib::deep", 1), user("mylib::a", 1), MAIN7),
                stack(1, 100, user("mylib::b", 1), MAIN7),
                stack(1, 1, user("mylib::c", 1), MAIN7)), Direction.TOP_DOWN);
        // root + its aggregate slot (2), main (1), a + its aggregate slot (2), then b (1) before deep (depth 3),
        // then c, the last child of main, in place of main's aggregate (0)
        CallTree pruned = tree.pruned(CostType.ALLOCATED_BYTES, 0.0, 6);

        CallNode main = pruned.root().children().get(0);
        assertEquals(List.of("mylib::a", "mylib::b", "mylib::c"),
                main.children().stream().map(n -> n.frame().function()).toList());
        assertEquals(List.of("[1 smaller entry]"),
                main.children().get(0).children().stream().map(n -> n.frame().function()).toList());
        assertEquals(6, pruned.size());
        assertEquals(6, Stacks.checkInvariant(pruned.root()));
    }

    @Test
    void replacingAnAggregateByTheLastChildCostsNoNode() {
        CallTree tree = CallTree.build(List.of(
                stack(1, 100, user("mylib::deep", 1), user("mylib::a", 1), MAIN7)), Direction.TOP_DOWN);

        assertEquals(4, tree.pruned(CostType.ALLOCATED_BYTES, 0.0, 4).size());
        assertEquals(List.of(), tree.pruned(CostType.ALLOCATED_BYTES, 0.0, 4).root().children().get(0)
                .children().get(0).children().get(0).children());
    }

    @Test
    void theSmallestPrunedTreeIsTheRootAndOneAggregate() {
        CallTree pruned = wide().pruned(CostType.ALLOCATED_BYTES, 0.0, 2);

        assertEquals(2, pruned.size());
        assertEquals("[1 smaller entry]", pruned.root().children().get(0).frame().function());
        assertEquals(pruned.root().total(), pruned.root().children().get(0).total());
    }

    @Test
    void pruningByLeakedBytesDropsWhatDidNotLeak() {
        CallTree pruned = wide().pruned(CostType.LEAKED_BYTES, 0.01, 1000);

        CallNode main = pruned.root().children().get(0);
        assertEquals(List.of("mylib::a", "mylib::b", "[3 smaller entries]"),
                main.children().stream().map(n -> n.frame().function()).toList());
        assertEquals(List.of("mylib::a1", "[1 smaller entry]"),
                main.children().get(0).children().stream().map(n -> n.frame().function()).toList());
        assertEquals(12, pruned.root().total().leakedBytes());
        Stacks.checkInvariant(pruned.root());
    }

    @Test
    void pruningAPrunedTreeKeepsItsAggregatesAndTotals() {
        CallTree once = wide().pruned(CostType.ALLOCATED_BYTES, 0.05, 1000);
        CallTree twice = once.pruned(CostType.ALLOCATED_BYTES, 0.0, 1000);

        assertEquals(once.size(), twice.size());
        CallNode last = twice.root().children().get(0).children().get(3);
        assertTrue(last.isAggregate());
        assertEquals(once.root().total(), twice.root().total());
        Stacks.checkInvariant(twice.root());
    }

    @Test
    void nothingIsPrunedWhenEverythingFits() {
        CallTree tree = wide();
        CallTree pruned = tree.pruned(CostType.ALLOCATIONS, 0.0, 1000);

        assertEquals(tree.size(), pruned.size());
        assertTrue(pruned.root().children().get(0).children().stream().noneMatch(CallNode::isAggregate));
    }

    @Test
    void invalidPruningArgumentsAreRejected() {
        CallTree tree = wide();
        assertThrows(IllegalArgumentException.class, () -> tree.pruned(CostType.ALLOCATIONS, -0.1, 10));
        assertThrows(IllegalArgumentException.class, () -> tree.pruned(CostType.ALLOCATIONS, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> tree.pruned(CostType.ALLOCATIONS, Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> tree.pruned(CostType.ALLOCATIONS, 0.1, 1));
    }

    // --- size

    @Test
    void aLargeSyntheticProfileBuildsAndPrunes() {
        Random random = new Random(42);
        ResolvedFrame[] pool = new ResolvedFrame[400];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = user("mylib::module" + (i % 20) + "::function" + i, 10 + i % 7);
        }
        List<ResolvedStack> stacks = new ArrayList<>(50_000);
        Costs expected = Costs.ZERO;
        for (int s = 0; s < 50_000; s++) {
            int depth = 30 + random.nextInt(21);
            List<ResolvedFrame> frames = new ArrayList<>(depth + 2);
            frames.add(malloc());
            for (int d = 0; d < depth; d++) {
                // outer frames vary little, inner frames a lot, as in real programs
                int spread = 2 + d * 8;
                frames.add(pool[random.nextInt(Math.min(spread, pool.length))]);
            }
            frames.add(MAIN7);
            java.util.Collections.reverse(frames.subList(1, frames.size()));
            Costs c = costs(1 + random.nextInt(5), 16 + random.nextInt(4096), random.nextInt(2), random.nextInt(64),
                    random.nextInt(8), random.nextInt(2));
            expected = expected.plus(c);
            stacks.add(new ResolvedStack(frames, c));
        }

        for (Direction direction : Direction.values()) {
            CallTree tree = CallTree.build(stacks, direction);
            assertEquals(expected, tree.root().total());
            assertTrue(tree.size() > 10_000, "size " + tree.size());
            CallTree pruned = tree.pruned(CostType.ALLOCATED_BYTES, 0.001, 2000);
            assertTrue(pruned.size() <= 2000, "size " + pruned.size());
            assertEquals(expected, pruned.root().total());
            assertEquals(pruned.size(), Stacks.checkInvariant(pruned.root()));
        }
    }
}
