package io.github.rustinstruments.maven.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.symbols.RustDemangler;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Stacks recorded innermost first, as heaptrack gives them: allocator and std frames above the user's. */
class SiteAttributionTest {
    private static final String EXE = "/home/dev/rust/mylib/target/rust-instruments/cargo/release/memcheck";
    private static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    private static final String RUSTC = "/rustc/17067e9ac6d7e98f18d4b3b6e6e1f7b4ff1e1b2d/";
    private static final String REGISTRY = "/home/dev/.cargo/registry/src/index.crates.io-6f17d22bba15001f/";

    private final FrameClassifier classifier = new FrameClassifier(Set.of("mylib", "memcheck"),
            List.of(Path.of("/home/dev/rust/mylib")));

    private static Frame malloc() {
        return new Frame("malloc", null, 0, LIBC);
    }

    private static Frame rustAlloc() {
        return new Frame("__rust_alloc", null, 0, EXE);
    }

    private static Frame frame(String function, String file, int line) {
        return new Frame(function, file, line, EXE);
    }

    private static StackCost stack(long allocations, long bytes, long peak, long leaked, Frame... frames) {
        return new StackCost(List.of(frames), allocations, bytes, 0, peak, leaked, leaked > 0 ? 1 : 0);
    }

    private static Profile profile(StackCost... stacks) {
        return new Profile("memcheck", 0L, 0L, 0L, 0L, null, 0L, 0L, null, List.of(stacks));
    }

    /** Two stacks reach mylib::parse at src/lib.rs:42, one half-demangled, one mangled; others go elsewhere. */
    private static Profile sample() {
        StackCost throughGrowOne = stack(10, 1000, 400, 100, malloc(), rustAlloc(),
                frame("alloc::raw_vec::RawVec<T,A>::grow_one", RUSTC + "library/alloc/src/raw_vec.rs", 567),
                frame("mylib::parse::h0123456789abcdef", "src/lib.rs", 42),
                frame("memcheck::main", "src/main.rs", 7),
                frame("std::rt::lang_start::{{closure}}", "library/std/src/rt.rs", 199),
                new Frame("__libc_start_main", null, 0, LIBC));
        StackCost throughFinishGrow = stack(5, 3000, 1000, 0, malloc(), rustAlloc(),
                frame("_ZN5alloc7raw_vec11finish_grow17h1234567890abcdefE", "library/alloc/src/raw_vec.rs", 0),
                frame("_ZN5mylib5parse17h0123456789abcdefE", "src/lib.rs", 42),
                frame("mylib::helper", "src/lib.rs", 80),
                frame("memcheck::main", "src/main.rs", 9));
        StackCost make = stack(50, 2000, 0, 0, malloc(), frame("mylib::make::hfedcba9876543210", "src/lib.rs", 10),
                frame("memcheck::main", "src/main.rs", 8));
        StackCost build = stack(70, 2000, 0, 0, malloc(), frame("mylib::build", "src/lib.rs", 20),
                frame("memcheck::main", "src/main.rs", 11));
        StackCost thirdParty = stack(1, 5000, 0, 0, malloc(),
                frame("alloc::raw_vec::RawVec<T,A>::grow_one", RUSTC + "library/alloc/src/raw_vec.rs", 567),
                frame("serde_json::de::from_str", REGISTRY + "serde_json-1.0.128/src/de.rs", 12),
                frame("std::rt::lang_start::{{closure}}", "library/std/src/rt.rs", 199));
        StackCost onlySystem = stack(2, 10, 0, 0, malloc(), new Frame("__libc_start_main", null, 0, LIBC));
        StackCost unknownFrame = stack(1, 1, 0, 0, malloc(), new Frame(null, null, 0, "/usr/lib/libfoo.so.1"));
        StackCost empty = stack(999, 99999, 0, 0);
        return profile(throughGrowOne, throughFinishGrow, make, build, thirdParty, onlySystem, unknownFrame, empty);
    }

    @Test
    void classifierAndDemanglerBehaveAsTheAttributionExpects() {
        assertEquals("mylib::make", RustDemangler.demangle("mylib::make::h0123456789abcdef"));
        assertEquals("mylib::parse", RustDemangler.demangle("_ZN5mylib5parse17h0123456789abcdefE"));
        assertEquals(FrameKind.USER, classifier.classify("mylib::parse", "src/lib.rs", EXE));
        assertEquals(FrameKind.RUST_RUNTIME, classifier.classify("alloc::raw_vec::RawVec<T,A>::grow_one",
                RUSTC + "library/alloc/src/raw_vec.rs", EXE));
        assertEquals(FrameKind.RUST_RUNTIME, classifier.classify("std::rt::lang_start::{{closure}}", null, EXE));
        assertEquals(FrameKind.RUST_RUNTIME, classifier.classify("core::ptr::drop_in_place<mylib::Foo>", null, EXE));
        assertEquals(FrameKind.SYSTEM, classifier.classify("malloc", null, LIBC));
        assertEquals(FrameKind.SYSTEM, classifier.classify("malloc", null, null));
    }

    @Test
    void sitesAreTheInnermostUserFramesSortedByBytes() {
        List<Summary.Site> sites = sites(sample());

        assertEquals(List.of("serde_json::de::from_str", "mylib::parse", "mylib::build", "mylib::make", "malloc",
                "?? in libfoo.so.1"), sites.stream().map(Summary.Site::function).toList());
        assertEquals(List.of(5000L, 4000L, 2000L, 2000L, 10L, 1L),
                sites.stream().map(Summary.Site::allocatedBytes).toList());
    }

    @Test
    void costsOfStacksReachingTheSameUserFrameAreAdded() {
        Summary.Site parse = find(sites(sample()), "mylib::parse");

        assertEquals("src/lib.rs", parse.file());
        assertEquals(42, parse.line());
        assertTrue(parse.inUserCode());
        assertEquals(15, parse.allocations());
        assertEquals(4000, parse.allocatedBytes());
        assertEquals(1400, parse.peakBytes());
        assertEquals(100, parse.leakedBytes());
    }

    @Test
    void theHeaviestStackRepresentsTheSiteFromTheSiteOutwards() {
        Summary.Site parse = find(sites(sample()), "mylib::parse");

        assertEquals(List.of("mylib::parse (src/lib.rs:42)", "mylib::helper (src/lib.rs:80)",
                "memcheck::main (src/main.rs:9)"), parse.stack());
    }

    @Test
    void equalBytesAreOrderedByAllocations() {
        List<Summary.Site> sites = sites(sample());

        Summary.Site build = sites.get(2);
        Summary.Site make = sites.get(3);
        assertEquals("mylib::build", build.function());
        assertEquals(70, build.allocations());
        assertEquals("mylib::make", make.function());
        assertEquals(50, make.allocations());
        assertEquals(List.of("mylib::make (src/lib.rs:10)", "memcheck::main (src/main.rs:8)"), make.stack());
    }

    @Test
    void withoutUserFramesAThirdPartyFrameIsPreferredOverTheRuntime() {
        Summary.Site serde = find(sites(sample()), "serde_json::de::from_str");

        assertFalse(serde.inUserCode());
        assertEquals("serde_json-1.0.128/src/de.rs", serde.file(), "the registry path shortened to the package");
        assertEquals(12, serde.line());
        assertEquals(List.of("serde_json::de::from_str (serde_json-1.0.128/src/de.rs:12)",
                "std::rt::lang_start::{{closure}} (std/src/rt.rs:199)"), serde.stack());
    }

    @Test
    void aStackOfRuntimeFramesOnlyFallsBackToTheInnermostRuntimeFrame() {
        List<Summary.Site> sites = sites(profile(stack(3, 300, 0, 0, malloc(), rustAlloc(),
                frame("alloc::raw_vec::RawVec<T,A>::grow_one", RUSTC + "library/alloc/src/raw_vec.rs", 0),
                frame("std::rt::lang_start::{{closure}}", "library/std/src/rt.rs", 199))));

        assertEquals(1, sites.size());
        Summary.Site site = sites.get(0);
        assertEquals("alloc::raw_vec::RawVec<T,A>::grow_one", site.function());
        assertFalse(site.inUserCode());
        assertEquals(null, site.line(), "line 0 means unknown");
        assertEquals("alloc::raw_vec::RawVec<T,A>::grow_one (alloc/src/raw_vec.rs)", site.stack().get(0));
    }

    @Test
    void systemOnlyAndNamelessFramesStillBecomeSites() {
        List<Summary.Site> sites = sites(sample());

        Summary.Site malloc = find(sites, "malloc");
        assertFalse(malloc.inUserCode());
        assertEquals(null, malloc.file());
        assertEquals(null, malloc.line());
        assertEquals(List.of("malloc", "__libc_start_main"), malloc.stack());
        Summary.Site nameless = find(sites, "?? in libfoo.so.1");
        assertFalse(nameless.inUserCode());
    }

    @Test
    void emptyStacksAreSkipped() {
        List<Summary.Site> sites = sites(sample());

        assertTrue(sites.stream().noneMatch(site -> site.allocatedBytes() >= 99999), sites.toString());
        assertEquals(4000 + 2000 + 2000 + 5000 + 10 + 1,
                sites.stream().mapToLong(Summary.Site::allocatedBytes).sum());
    }

    @Test
    void theSameFunctionAtAnotherLineIsAnotherSite() {
        List<Summary.Site> sites = sites(profile(
                stack(1, 100, 0, 0, malloc(), frame("mylib::parse", "src/lib.rs", 42)),
                stack(1, 200, 0, 0, malloc(), frame("mylib::parse", "src/lib.rs", 43))));

        assertEquals(2, sites.size());
        assertEquals(43, sites.get(0).line());
        assertEquals(42, sites.get(1).line());
    }

    @Test
    void aRepresentativeStackKeepsEveryRecordedFrameFromTheSiteOut() {
        List<Frame> frames = new ArrayList<>(List.of(malloc()));
        IntStream.range(0, 40).forEach(depth -> frames.add(frame("mylib::recurse", "src/lib.rs", 100 + depth)));
        List<Summary.Site> sites = sites(profile(new StackCost(frames, 1, 64, 0, 0, 0, 0)));

        assertEquals(40, sites.get(0).stack().size(), "memcheck's 40 callers, not a 12-frame excerpt");
        assertEquals("mylib::recurse (src/lib.rs:100)", sites.get(0).stack().get(0));
        assertEquals("mylib::recurse (src/lib.rs:139)", sites.get(0).stack().get(39));
    }

    @Test
    void aRunawayRecursionIsCutAtTheStackDepth() {
        List<Frame> frames = new ArrayList<>(List.of(malloc()));
        IntStream.range(0, 300).forEach(depth -> frames.add(frame("mylib::recurse", "src/lib.rs", 100 + depth)));
        List<Summary.Site> sites = sites(profile(new StackCost(frames, 1, 64, 0, 0, 0, 0)));

        assertEquals(SiteAttribution.STACK_DEPTH, sites.get(0).stack().size());
    }

    @Test
    void aLibraryBuiltAsAPathDependencyIsShownRelativeToItsCrateAndStdShortened() {
        // cargo records a path dependency's files (the library under the harness) as absolute paths
        List<Summary.Site> sites = sites(profile(stack(1, 64, 0, 0, malloc(),
                frame("alloc::raw_vec::RawVec<T,A>::grow_one", RUSTC + "library/alloc/src/raw_vec.rs", 567),
                frame("mylib::string::push", "/home/dev/rust/mylib/src/string.rs", 906),
                frame("memcheck::main", "src/main.rs", 7))));

        assertEquals("src/string.rs", sites.get(0).file());
        assertEquals(906, sites.get(0).line());
        assertEquals("alloc::raw_vec::RawVec<T,A>::grow_one (alloc/src/raw_vec.rs:567)",
                ProfileAnalysis.of(profile(stack(1, 64, 0, 0, malloc(), frame("alloc::raw_vec::RawVec<T,A>::grow_one",
                        RUSTC + "library/alloc/src/raw_vec.rs", 567))), classifier, false).sites().get(0).stack().get(0));
        assertEquals(List.of("mylib::string::push (src/string.rs:906)", "memcheck::main (src/main.rs:7)"),
                sites.get(0).stack());
    }

    @Test
    void aThreadLocalInitialiserIsPlacedAtTheUsersLineNotStdsMacro() {
        // thread_local! expands a closure into the user's crate whose file is std's
        List<Summary.Site> sites = sites(profile(stack(1, 1536, 0, 0, malloc(),
                frame("std::sys::thread_local::native::lazy::Storage<T,D>::get_or_init",
                        RUSTC + "library/std/src/sys/thread_local/native/lazy.rs", 62),
                frame("mylib::intern::NAMES::{{constant}}::{{closure}}",
                        RUSTC + "library/std/src/sys/thread_local/native/mod.rs", 68),
                frame("std::thread::local::LocalKey<T>::with", RUSTC + "library/std/src/thread/local.rs", 477),
                frame("mylib::intern::intern", "src/intern.rs", 7),
                frame("memcheck::main", "src/main.rs", 12))));

        Summary.Site site = sites.get(0);
        assertEquals("mylib::intern::NAMES::{{constant}}::{{closure}}", site.function());
        assertEquals("src/intern.rs", site.file(), "the user's line that reached the initialiser");
        assertEquals(7, site.line());
        assertEquals("mylib::intern::NAMES::{{constant}}::{{closure}} (std/src/sys/thread_local/native/mod.rs:68)",
                site.stack().get(0), "the stack still says where the frame's code came from");
    }

    @Test
    void aStdExpandedUserFrameWithNoUserCallerKeepsItsShortenedFile() {
        List<Summary.Site> sites = sites(profile(stack(1, 8, 0, 0, malloc(),
                frame("mylib::intern::NAMES::{{constant}}::{{closure}}",
                        RUSTC + "library/std/src/sys/thread_local/native/mod.rs", 68))));

        assertEquals("std/src/sys/thread_local/native/mod.rs", sites.get(0).file());
        assertEquals(68, sites.get(0).line());
    }

    @Test
    void aProfileWithoutStacksHasNoSites() {
        assertEquals(List.of(), sites(profile()));
        assertEquals(6, sites(sample()).size(), "while the sample has six");
    }

    @Test
    void resolvedStacksAreAttributedWithoutAClassifier() {
        ResolvedFrame malloc = new ResolvedFrame("malloc", null, 0, LIBC, FrameKind.SYSTEM);
        ResolvedFrame serde = new ResolvedFrame("serde_json::de::from_str", "de.rs", 12, EXE, FrameKind.UNKNOWN);
        ResolvedFrame grow = new ResolvedFrame("alloc::raw_vec::finish_grow", "raw_vec.rs", 0, EXE,
                FrameKind.RUST_RUNTIME);
        ResolvedFrame parse = new ResolvedFrame("mylib::parse", "src/lib.rs", 42, EXE, FrameKind.USER);
        List<Summary.Site> sites = SiteAttribution.sitesOf(List.of(
                new ResolvedStack(List.of(malloc, grow, serde, parse), new Costs(2, 200, 0, 20, 10, 1)),
                new ResolvedStack(List.of(malloc, grow, serde), new Costs(1, 50, 0, 0, 0, 0)),
                new ResolvedStack(List.of(malloc, grow), new Costs(1, 40, 0, 0, 0, 0)),
                new ResolvedStack(List.of(malloc), new Costs(1, 30, 0, 0, 0, 0)),
                new ResolvedStack(List.of(), new Costs(1, 1000, 0, 0, 0, 0))));

        assertEquals(List.of(
                new Summary.Site("mylib::parse", "src/lib.rs", 42, true, 2, 200, 20, 10,
                        List.of("mylib::parse (src/lib.rs:42)")),
                new Summary.Site("serde_json::de::from_str", "de.rs", 12, false, 1, 50, 0, 0,
                        List.of("serde_json::de::from_str (de.rs:12)")),
                new Summary.Site("alloc::raw_vec::finish_grow", "raw_vec.rs", null, false, 1, 40, 0, 0,
                        List.of("alloc::raw_vec::finish_grow (raw_vec.rs)")),
                new Summary.Site("malloc", null, null, false, 1, 30, 0, 0, List.of("malloc"))), sites);
    }

    @Test
    void withHashesShownSitesOfTheSameFunctionStayOneSite() {
        List<Summary.Site> sites = ProfileAnalysis.of(sample(), classifier, true).sites();

        Summary.Site parse = find(sites, "mylib::parse::h0123456789abcdef");
        assertEquals(4000, parse.allocatedBytes(), "the mangled and the half-demangled symbol carry the same hash");
        assertTrue(parse.inUserCode());
        assertEquals(6, sites.size());
    }

    private static Summary.Site find(List<Summary.Site> sites, String function) {
        return sites.stream().filter(site -> site.function().equals(function)).findFirst()
                .orElseThrow(() -> new AssertionError("no site " + function + " in " + sites));
    }

    @Test
    void aLeakCheckersSitesHaveUnknownAllocationFigures() {
        List<Frame> frames = List.of(malloc(), frame("mylib::parse", "src/lib.rs", 42));
        ResolvedStack stack = ProfileAnalysis.of(profile(new StackCost(frames, 2, 64, 0, 0, 64, 2)), classifier, false)
                .stacks().get(0);

        Summary.Site site = SiteAttribution.sitesOf(List.of(stack), false).get(0);

        assertEquals("mylib::parse", site.function());
        assertEquals(64, site.leakedBytes());
        assertNull(site.allocations(), "memcheck and leaks see leaked blocks only");
        assertNull(site.allocatedBytes());
        assertNull(site.peakBytes());
        assertEquals(2L, SiteAttribution.sitesOf(List.of(stack), true).get(0).allocations());
    }

    @Test
    void withoutAHeapPeakTheSitesShareOfItIsUnknown() {
        // Instruments' Allocations gives no peak: its stacks' peak bytes are zeros that mean nothing
        List<Frame> frames = List.of(malloc(), frame("mylib::parse", "src/lib.rs", 42));
        Profile noPeak = new Profile(null, 2L, 64L, null, null, null, 64L, 2L, null,
                List.of(new StackCost(frames, 2, 64, 0, 0, 64, 2)));

        Summary.Site site = sites(noPeak).get(0);

        assertNull(site.peakBytes());
        assertEquals(2L, site.allocations());
        assertEquals(64L, site.allocatedBytes());
        assertEquals(64L, site.leakedBytes());
        Profile withPeak = new Profile(null, 2L, 64L, null, 64L, null, 64L, 2L, null,
                List.of(new StackCost(frames, 2, 64, 0, 0, 64, 2)));
        assertEquals(0L, sites(withPeak).get(0).peakBytes(), "known, and 0 at the peak");
    }

    private List<Summary.Site> sites(Profile profile) {
        return ProfileAnalysis.of(profile, classifier, false).sites();
    }
}
