package io.github.rustinstruments.maven.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileAnalysisTest {
    private static final String EXE = "/home/dev/rust/mylib/target/debug/memcheck";
    private static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    private static final String RAW_VEC = "/rustc/17067e9ac6d7e98f18d4b3b6e6e1f7b4ff1e1b2d/library/alloc/src/raw_vec.rs";

    private final FrameClassifier classifier = new FrameClassifier(Set.of("mylib", "memcheck"),
            List.of(Path.of("/home/dev/rust/mylib")));

    private static final Frame MALLOC = new Frame("malloc", null, 0, LIBC);
    private static final Frame RUST_ALLOC = new Frame("__rust_alloc", null, 0, EXE);
    private static final Frame GROW = new Frame("_ZN5alloc7raw_vec11finish_grow17h1234567890abcdefE", RAW_VEC, 0, EXE);
    private static final Frame PUSH = new Frame("alloc::vec::Vec<T,A>::push::h0011223344556677",
            "/rustc/17067e9ac6d7e98f18d4b3b6e6e1f7b4ff1e1b2d/library/alloc/src/vec/mod.rs", 2400, EXE);
    private static final Frame PARSE = new Frame("_ZN5mylib5parse17h0123456789abcdefE", "src/lib.rs", 42, EXE);
    private static final Frame MAIN = new Frame("memcheck::main::hfedcba9876543210", "src/main.rs", 7, EXE);
    private static final Frame START = new Frame("__libc_start_main", null, 0, LIBC);

    private static StackCost stack(long allocations, long bytes, Frame... frames) {
        return new StackCost(List.of(frames), allocations, bytes, 1, 2, 3, 4);
    }

    private static Profile profile(StackCost... stacks) {
        return new Profile("memcheck", 0L, 0L, 0L, 0L, null, 0L, 0L, null, List.of(stacks));
    }

    private static Profile sample() {
        return profile(
                stack(3, 300, MALLOC, RUST_ALLOC, GROW, PUSH, PARSE, MAIN, START),
                stack(1, 100, MALLOC, PARSE, MAIN, START),
                // equal to PARSE but a distinct instance: resolved once all the same (the cache is by value)
                stack(2, 50, MALLOC, new Frame("_ZN5mylib5parse17h0123456789abcdefE", "src/lib.rs", 42, EXE), MAIN),
                stack(7, 70, MALLOC, new Frame(null, null, 0, "/usr/lib/libfoo.so.1"), START),
                stack(9, 999));
    }

    @Test
    void framesAreDemangledAndClassifiedInnermostFirstWithTheStackCosts() {
        ProfileAnalysis analysis = ProfileAnalysis.of(sample(), classifier, false);

        ResolvedStack first = analysis.stacks().get(0);
        assertEquals(List.of("malloc", "__rust_alloc", "alloc::raw_vec::finish_grow", "alloc::vec::Vec<T,A>::push",
                "mylib::parse", "memcheck::main", "__libc_start_main"),
                first.frames().stream().map(ResolvedFrame::function).toList());
        assertEquals(List.of(FrameKind.SYSTEM, FrameKind.SYSTEM, FrameKind.RUST_RUNTIME, FrameKind.RUST_RUNTIME,
                FrameKind.USER, FrameKind.USER, FrameKind.SYSTEM),
                first.frames().stream().map(ResolvedFrame::kind).toList());
        assertEquals(new ResolvedFrame("mylib::parse", "src/lib.rs", 42, EXE, FrameKind.USER), first.frames().get(4));
        assertEquals(new Costs(3, 300, 1, 2, 3, 4), first.costs());
        assertEquals(5, analysis.stacks().size(), "one resolved stack per recorded stack, empty ones included");
        assertEquals(List.of(), analysis.stacks().get(4).frames());
    }

    @Test
    void eachDistinctFrameIsResolvedOnce() {
        ProfileAnalysis analysis = ProfileAnalysis.of(sample(), classifier, false);

        // malloc, __rust_alloc, finish_grow, push, parse, main, start, the nameless frame
        assertEquals(8, analysis.distinctFrames());
        ResolvedFrame parseInFirst = analysis.stacks().get(0).frames().get(4);
        assertSame(parseInFirst, analysis.stacks().get(1).frames().get(1));
        assertSame(parseInFirst, analysis.stacks().get(2).frames().get(1));
        assertSame(analysis.stacks().get(0).frames().get(0), analysis.stacks().get(3).frames().get(0));
    }

    @Test
    void namelessFramesShowTheirModule() {
        ProfileAnalysis analysis = ProfileAnalysis.of(sample(), classifier, false);

        assertEquals("?? in libfoo.so.1", analysis.stacks().get(3).frames().get(1).function());
        assertEquals("??", ProfileAnalysis.displayName(null, null));
        assertEquals("?? in x.dll", ProfileAnalysis.displayName("", "C:\\bin\\x.dll"));
    }

    @Test
    void hashesAreShownOnlyWhenAskedForAndNeverChangeTheClassification() {
        ProfileAnalysis hidden = ProfileAnalysis.of(sample(), classifier, false);
        ProfileAnalysis shown = ProfileAnalysis.of(sample(), classifier, true);

        ResolvedFrame parse = shown.stacks().get(1).frames().get(1);
        assertEquals("mylib::parse::h0123456789abcdef", parse.function());
        assertEquals(FrameKind.USER, parse.kind());
        assertEquals("memcheck::main::hfedcba9876543210", shown.stacks().get(1).frames().get(2).function());
        assertEquals("alloc::raw_vec::finish_grow::h1234567890abcdef",
                shown.stacks().get(0).frames().get(2).function());
        assertEquals("mylib::parse", hidden.sites().get(0).function());
        assertEquals("mylib::parse::h0123456789abcdef", shown.sites().get(0).function());
        assertTrue(shown.sites().get(0).inUserCode());
    }

    @Test
    void sitesAreTheSameAsTheAttributionOfTheProfile() {
        ProfileAnalysis analysis = ProfileAnalysis.of(sample(), classifier, false);

        List<Summary.Site> sites = analysis.sites();
        assertEquals(SiteAttribution.sitesOf(analysis.stacks()), sites);
        assertEquals(List.of("mylib::parse", "?? in libfoo.so.1"), sites.stream().map(Summary.Site::function).toList());
        Summary.Site parse = sites.get(0);
        assertEquals(6, parse.allocations());
        assertEquals(450, parse.allocatedBytes());
        assertEquals(List.of("mylib::parse (src/lib.rs:42)", "memcheck::main (src/main.rs:7)",
                "__libc_start_main"), parse.stack());
        assertSame(sites, analysis.sites());
    }

    @Test
    void treesAreBuiltOnceWithTheAllocatorFramesFolded() {
        ProfileAnalysis analysis = ProfileAnalysis.of(sample(), classifier, false);

        CallTree topDown = analysis.topDown();
        assertSame(topDown, analysis.topDown());
        assertEquals(CallTree.Direction.TOP_DOWN, topDown.direction());
        assertEquals(new Costs(22, 1519, 5, 10, 15, 20), topDown.root().total());
        assertEquals(new Costs(9, 999, 1, 2, 3, 4), topDown.root().self(), "the stack without frames");

        CallTree bottomUp = analysis.bottomUp();
        assertSame(bottomUp, analysis.bottomUp());
        assertEquals(List.of("alloc::vec::Vec<T,A>::push", "mylib::parse", "?? in libfoo.so.1"),
                bottomUp.root().children().stream().map(n -> n.frame().function()).toList());
        assertEquals(topDown.root().total(), bottomUp.root().total());
    }

    @Test
    void aProfileWithoutStacksIsEmpty() {
        ProfileAnalysis analysis = ProfileAnalysis.of(profile(), classifier, false);

        assertEquals(List.of(), analysis.stacks());
        assertEquals(List.of(), analysis.sites());
        assertEquals(1, analysis.topDown().size());
        assertEquals(0, analysis.distinctFrames());
    }

    @Test
    void aLargeProfileSharingFramesResolvesEachFrameOnce() {
        List<Frame> pool = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pool.add(new Frame("_ZN5mylib3m" + (i % 10) + "1f" + (i % 10) + "E", "src/lib.rs", i, EXE));
        }
        List<StackCost> stacks = new ArrayList<>();
        for (int s = 0; s < 50_000; s++) {
            List<Frame> frames = new ArrayList<>();
            frames.add(MALLOC);
            for (int d = 0; d < 40; d++) {
                frames.add(pool.get((s * 31 + d * 7) % pool.size()));
            }
            frames.add(MAIN);
            stacks.add(new StackCost(frames, 1, 16, 0, 0, 0, 0));
        }
        ProfileAnalysis analysis = ProfileAnalysis.of(
                new Profile("memcheck", 0L, 0L, 0L, 0L, null, 0L, 0L, null, stacks), classifier, false);

        assertEquals(302, analysis.distinctFrames());
        assertEquals(50_000 * 16L, analysis.topDown().root().total().allocatedBytes());
        assertEquals(50_000 * 16L, analysis.bottomUp().root().total().allocatedBytes());
        assertFalse(analysis.sites().isEmpty());
    }
}
