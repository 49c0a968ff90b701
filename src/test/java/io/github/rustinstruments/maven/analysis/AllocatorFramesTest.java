package io.github.rustinstruments.maven.analysis;

import static io.github.rustinstruments.maven.analysis.Stacks.malloc;
import static io.github.rustinstruments.maven.analysis.Stacks.rustAlloc;
import static io.github.rustinstruments.maven.analysis.Stacks.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AllocatorFramesTest {

    private static ResolvedFrame system(String function, String module) {
        return new ResolvedFrame(function, null, 0, module, FrameKind.SYSTEM);
    }

    private static ResolvedFrame runtime(String function) {
        return new ResolvedFrame(function, "library/alloc/src/x.rs", 1, Stacks.EXE, FrameKind.RUST_RUNTIME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "_int_malloc",
        "__libc_malloc", "operator new(unsigned long)", "malloc(size_t)", "__rust_alloc", "__rust_realloc",
        "__rdl_alloc", "__rg_alloc_zeroed", "__rustc::__rust_alloc", "__rustc[5224e6b81cd82a8f]::__rust_alloc",
        "__rust_alloc::h0123456789abcdef"})
    void systemAllocationFunctionsAreFolded(String function) {
        assertTrue(AllocatorFrames.isAllocatorFrame(system(function, Stacks.LIBC)), function);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alloc::alloc::alloc", "alloc::alloc::exchange_malloc", "alloc::alloc::realloc",
        "<alloc::alloc::Global as core::alloc::Allocator>::allocate", "alloc::alloc::Global::alloc_impl",
        "alloc::raw_vec::RawVec<T,A>::grow_one", "alloc::raw_vec::finish_grow",
        "alloc::raw_vec::RawVecInner<A>::reserve::do_reserve_and_handle",
        "<std::alloc::System as core::alloc::global::GlobalAlloc>::alloc", "std::sys::alloc::unix::realloc_fallback",
        "std::sys::pal::unix::alloc::<impl core::alloc::global::GlobalAlloc for std::alloc::System>::alloc",
        "alloc[f15a878b47eb696b]::raw_vec::finish_grow", "alloc::raw_vec::finish_grow::h1234567890abcdef"})
    void runtimeAllocationGlueIsFolded(String function) {
        assertTrue(AllocatorFrames.isAllocatorFrame(runtime(function)), function);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alloc::vec::Vec<T,A>::push", "alloc::boxed::Box<T>::new",
        "<alloc::string::String as core::convert::From<&str>>::from", "hashbrown::raw::RawTable<T,A>::reserve_rehash",
        "std::rt::lang_start_internal"})
    void otherRuntimeFramesAreKept(String function) {
        assertFalse(AllocatorFrames.isAllocatorFrame(runtime(function)), function);
    }

    @Test
    void otherSystemFramesAndUserFramesAreKept() {
        assertFalse(AllocatorFrames.isAllocatorFrame(system("__libc_start_main", Stacks.LIBC)));
        assertFalse(AllocatorFrames.isAllocatorFrame(system("fopen", Stacks.LIBC)));
        assertFalse(AllocatorFrames.isAllocatorFrame(user("mylib::malloc", 3)), "a user function named like one");
        assertFalse(AllocatorFrames.isAllocatorFrame(
                new ResolvedFrame("malloc", null, 0, "libmine.so", FrameKind.UNKNOWN)), "only SYSTEM frames");
        assertTrue(AllocatorFrames.isAllocatorFrame(system("heaptrack_malloc", "/usr/lib/heaptrack/libheaptrack_preload.so")));
        assertFalse(AllocatorFrames.isAllocatorFrame(null));
    }

    @Test
    void onlyTheInnermostRunIsFoldedAndNeverAWholeStack() {
        ResolvedFrame parse = user("mylib::parse", 42);
        ResolvedFrame grow = runtime("alloc::raw_vec::finish_grow");
        assertEquals(3, AllocatorFrames.foldedCount(List.of(malloc(), rustAlloc(), grow, parse, malloc())));
        assertEquals(List.of(parse), AllocatorFrames.fold(List.of(malloc(), rustAlloc(), grow, parse)));
        assertEquals(0, AllocatorFrames.foldedCount(List.of(malloc(), rustAlloc())));
        assertEquals(List.of(malloc()), AllocatorFrames.fold(List.of(malloc())));
        assertEquals(0, AllocatorFrames.foldedCount(List.of(parse, malloc())));
        assertEquals(0, AllocatorFrames.foldedCount(List.of()));
    }

    @Test
    void memchecksUnknownInlinedFramesAreFoldedOnlyInsideTheAllocatorRun() {
        // valgrind names a GlobalAlloc inlined into __rust_alloc "UnknownInlinedFun" (at the harness's main.rs)
        ResolvedFrame inlined = new ResolvedFrame(AllocatorFrames.UNKNOWN_INLINED, "memcheck/src/main.rs", 139,
                Stacks.EXE, FrameKind.USER);
        ResolvedFrame library = new ResolvedFrame("leaky_lib::intern", "src/lib.rs", 12, Stacks.EXE, FrameKind.USER);
        ResolvedFrame shim = system("__rust_alloc", Stacks.EXE);

        assertEquals(3, AllocatorFrames.foldedCount(List.of(system("malloc", Stacks.LIBC), inlined, shim, library)));
        assertEquals(0, AllocatorFrames.foldedCount(List.of(inlined, library)),
                "an unnamed inlined frame that does not follow an allocator is the caller's code");
        assertEquals(1, AllocatorFrames.foldedCount(List.of(system("malloc", Stacks.LIBC), library, inlined)));
    }

    @Test
    void whatLiesInwardOfTheAllocatorShimIsPlumbingEvenInTheUsersFile() {
        // valgrind 3.19 on a harness with a counting GlobalAlloc: the shim is placed at #[global_allocator]'s line
        ResolvedFrame counting = new ResolvedFrame("alloc", "src/main.rs", 63, Stacks.EXE, FrameKind.USER);
        ResolvedFrame shim = new ResolvedFrame("__rustc::__rust_alloc", "src/main.rs", 8, Stacks.EXE, FrameKind.USER);
        ResolvedFrame library = new ResolvedFrame("leakylib::leak_names", "src/lib.rs", 7, Stacks.EXE,
                FrameKind.USER);

        assertEquals(3, AllocatorFrames.foldedCount(List.of(system("malloc", Stacks.LIBC), counting, shim, library)));
        assertEquals(0, AllocatorFrames.foldedCount(List.of(counting, library)),
                "without a shim a user's function named alloc is the user's");
    }
}
