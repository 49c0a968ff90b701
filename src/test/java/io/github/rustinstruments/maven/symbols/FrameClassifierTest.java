package io.github.rustinstruments.maven.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameClassifierTest {

    private static final String BINARY = "/home/u/ws/target/release/demo";
    private static final String RUSTC = "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/";

    private final FrameClassifier classifier = new FrameClassifier(
            Set.of("demo", "memcheck", "my-lib"), List.of(Path.of("/home/u/ws"), Path.of("/home/u/ws/crates/demo")));

    private static Arguments frame(FrameKind kind, String function, String file, String module) {
        return arguments(kind, function, file, module);
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                // the user's crates, whatever the (relative, ambiguous) file says
                frame(FrameKind.USER, "demo::make", "src/lib.rs", BINARY),
                frame(FrameKind.USER, "demo::make::{closure#0}", "src/lib.rs", BINARY),
                frame(FrameKind.USER, "<demo::Foo as core::fmt::Display>::fmt", "src/lib.rs", BINARY),
                frame(FrameKind.USER, "<demo::Foo<u8>>::push_all", null, BINARY),
                frame(FrameKind.USER, "<u8 as demo::Widen>::widen", null, BINARY),
                frame(FrameKind.USER, "memcheck::main", "src/main.rs", BINARY),
                frame(FrameKind.USER, "my_lib::parse", "src/parse.rs", BINARY), // "my-lib" as a package name
                // mangled and half-demangled names are demangled first
                frame(FrameKind.USER, "_ZN4demo4main17h38e95565b6f46d0eE", null, BINARY),
                frame(FrameKind.USER, "demo::make::h52403682f56ce9e7", "src/lib.rs", BINARY),
                frame(FrameKind.USER, "demo::make::_$u7b$$u7b$closure$u7d$$u7d$::h5b892d73d76b87ea", null, BINARY),
                frame(FrameKind.USER, "_RNCNvCs2ndz2m94zur_4demo4main0B3_", null, BINARY),
                // any code whose absolute file is in the workspace: C helpers, path dependencies
                frame(FrameKind.USER, "helper_fill", "/home/u/ws/csrc/helper.c", BINARY),
                frame(FrameKind.USER, "ws_util::join", "/home/u/ws/crates/ws-util/src/lib.rs", BINARY),
                frame(FrameKind.USER, null, "/home/u/ws/crates/demo/src/lib.rs", BINARY),

                // the standard library and its dependencies
                frame(FrameKind.RUST_RUNTIME, "std::rt::lang_start_internal", RUSTC + "library/std/src/rt.rs", BINARY),
                frame(FrameKind.RUST_RUNTIME, "_RINvNtCsjrHSEGnQ3l9_3std5panic12catch_unwindNCNvNtB4_2rt19lang_start_"
                        + "internal0iEB4_", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "<alloc::vec::Vec<T>>::push", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "_$LT$alloc..vec..Vec$LT$T$GT$$GT$::push::h0123456789abcdef", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "alloc::raw_vec::finish_grow", "src/raw_vec.rs", BINARY),
                frame(FrameKind.RUST_RUNTIME, "core::ptr::drop_in_place::<demo::Foo>", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "<alloc::vec::Vec<demo::Foo> as core::ops::drop::Drop>::drop", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "<&demo::Foo as core::fmt::Debug>::fmt", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "<hashbrown::raw::RawTable<(u64, u64)>>::reserve_rehash", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "<[u8]>::to_vec", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "__rustc::rust_begin_unwind", null, BINARY),
                frame(FrameKind.RUST_RUNTIME, "gimli::read::unit::parse_attribute", null, BINARY),
                // by file alone
                frame(FrameKind.RUST_RUNTIME, null, RUSTC + "library/alloc/src/raw_vec/mod.rs", BINARY),
                frame(FrameKind.RUST_RUNTIME, "??", "library/std/src/thread/mod.rs", BINARY),
                frame(FrameKind.RUST_RUNTIME, null, "/rust/deps/hashbrown-0.16.1/src/raw/mod.rs", BINARY),
                frame(FrameKind.RUST_RUNTIME, null, "/home/u/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/"
                        + "rustlib/src/rust/library/core/src/ptr/mod.rs", BINARY),

                // C runtime, loader, profiler, allocator entry points
                frame(FrameKind.SYSTEM, "__libc_start_main_impl", null, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
                frame(FrameKind.SYSTEM, "__libc_start_call_main", null, null),
                frame(FrameKind.SYSTEM, "_start", null, BINARY),
                frame(FrameKind.SYSTEM, "malloc", null, "/usr/lib/x86_64-linux-gnu/heaptrack/libheaptrack_preload.so"),
                frame(FrameKind.SYSTEM, "malloc", null, null),
                frame(FrameKind.SYSTEM, "calloc", null, null),
                frame(FrameKind.SYSTEM, "realloc", null, null),
                frame(FrameKind.SYSTEM, "free", null, null),
                frame(FrameKind.SYSTEM, "operator new(unsigned long)", null, "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"),
                frame(FrameKind.SYSTEM, "operator new[](unsigned long)", null, null),
                frame(FrameKind.SYSTEM, "__rust_alloc", null, BINARY),
                frame(FrameKind.SYSTEM, "__rust_realloc", null, BINARY),
                frame(FrameKind.SYSTEM, "__rdl_alloc", null, BINARY),
                frame(FrameKind.SYSTEM, "__rustc::__rust_alloc", null, BINARY),
                frame(FrameKind.SYSTEM, "_RNvCsfLfy6EI15iL_7___rustc12___rust_alloc", null, BINARY),
                frame(FrameKind.SYSTEM, "_RNvCsfLfy6EI15iL_7___rustc11___rdl_alloc", RUSTC + "library/std/src/alloc.rs",
                        BINARY),
                frame(FrameKind.SYSTEM, "std::alloc::__default_lib_allocator::__rdl_alloc", null, BINARY),
                frame(FrameKind.SYSTEM, "start_thread", null, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
                frame(FrameKind.SYSTEM, "_dl_start_user", null, "/lib64/ld-linux-x86-64.so.2"),
                frame(FrameKind.SYSTEM, null, null, "linux-vdso.so.1"),
                frame(FrameKind.SYSTEM, null, null, "[vdso]"),
                frame(FrameKind.SYSTEM, "_Unwind_RaiseException", null, "/lib/x86_64-linux-gnu/libgcc_s.so.1"),
                frame(FrameKind.SYSTEM, "__pthread_create_2_1", null, "/usr/lib/x86_64-linux-gnu/libc-2.31.so"),
                frame(FrameKind.SYSTEM, "_malloc_zone_malloc", null, "/usr/lib/system/libsystem_malloc.dylib"),
                // the module wins: a libc frame is never the user's
                frame(FrameKind.SYSTEM, "demo::looks_like_user", null, "/usr/lib/x86_64-linux-gnu/libc.so.6"),

                // everything else
                frame(FrameKind.UNKNOWN, "serde_json::de::from_str", "/home/u/.cargo/registry/src/index.crates.io-"
                        + "1949cf8c6b5b557f/serde_json-1.0.140/src/de.rs", BINARY),
                frame(FrameKind.UNKNOWN, "rand::rngs::thread::rng", "src/rngs/thread.rs", BINARY),
                frame(FrameKind.UNKNOWN, "<rand::rngs::ThreadRng as rand_core::RngCore>::next_u64", null, BINARY),
                frame(FrameKind.UNKNOWN, "main", "src/main.rs", BINARY),
                frame(FrameKind.UNKNOWN, "gen_table", "/home/u/ws/target/release/build/demo-1234/out/table.rs", BINARY),
                frame(FrameKind.UNKNOWN, "helper", "/home/u/other/helper.c", "/home/u/other/libmemcheck.so"),
                frame(FrameKind.UNKNOWN, "??", null, BINARY),
                frame(FrameKind.UNKNOWN, null, null, null));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void classifies(FrameKind expected, String function, String file, String module) {
        assertEquals(expected, classifier.classify(function, file, module));
    }

    @Test
    void userCratesWinOverRuntimeNames() {
        FrameClassifier memchrDevelopers = new FrameClassifier(Set.of("memchr"), List.of(Path.of("/home/u/memchr")));
        assertEquals(FrameKind.USER, memchrDevelopers.classify("memchr::memchr::fallback::find", "src/lib.rs", BINARY));
        assertEquals(FrameKind.USER,
                memchrDevelopers.classify("<memchr::memmem::Finder>::find", "/home/u/memchr/src/memmem/mod.rs", BINARY));
    }

    @Test
    void registryUnderAUserRootIsNotTheUsers() {
        FrameClassifier homeRoot = new FrameClassifier(Set.of("demo"), List.of(Path.of("/home/u")));
        assertEquals(FrameKind.UNKNOWN, homeRoot.classify("serde::de::Visitor::visit_str",
                "/home/u/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/serde-1.0.219/src/de/mod.rs", BINARY));
        assertEquals(FrameKind.UNKNOWN, homeRoot.classify("gitdep::f",
                "/home/u/.cargo/git/checkouts/gitdep-123/abc/src/lib.rs", BINARY));
        assertEquals(FrameKind.USER, homeRoot.classify("c_helper", "/home/u/project/csrc/helper.c", BINARY));
    }

    @Test
    void aTargetDirectoryAboveTheRootDoesNotMatter() {
        // the generated harness crate may live in Maven's target/ directory: only target/ below a root is excluded
        Path harness = Path.of("/home/u/proj/target/rust-instruments/harness");
        FrameClassifier withHarness = new FrameClassifier(Set.of(), List.of(harness));
        assertEquals(FrameKind.USER, withHarness.classify("rust_instruments_harness::main",
                harness.resolve("src/main.rs").toString(), BINARY));
        assertEquals(FrameKind.UNKNOWN, withHarness.classify("build_script_build::main",
                harness.resolve("target/release/build/x/out/gen.rs").toString(), BINARY));
    }

    @Test
    void toleratesNullsAndEmptyConfiguration() {
        FrameClassifier empty = new FrameClassifier(null, null);
        assertEquals(FrameKind.UNKNOWN, empty.classify(null, null, null));
        assertEquals(FrameKind.RUST_RUNTIME, empty.classify("core::fmt::write", null, null));
        assertEquals(FrameKind.UNKNOWN, empty.classify("demo::make", "/home/u/ws/src/lib.rs", BINARY));
    }

    @Test
    void noMangleEntryPointWithARelativeFileOfTheCrateIsUserCode(@org.junit.jupiter.api.io.TempDir Path crate)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(crate.resolve("src"));
        java.nio.file.Files.writeString(crate.resolve("src/lib.rs"), "");
        FrameClassifier classifier = new FrameClassifier(Set.of("text_index"), List.of(crate));

        // a JNI function: #[no_mangle], so no crate in its name; cargo records local files relative to the crate
        assertEquals(FrameKind.USER, classifier.classify("Java_demo_Index_leakyCount", "src/lib.rs", "/x/memcheck"));
        // the same name with a file the crate does not have, or glibc's relative sources, is not the user's
        assertEquals(FrameKind.UNKNOWN, classifier.classify("Java_demo_Index_leakyCount", "src/other.rs", null));
        assertEquals(FrameKind.UNKNOWN, classifier.classify("init_tables", "./elf/dl-init.c", "/x/memcheck"));
        // a relative path may not climb out of the crate
        assertEquals(FrameKind.UNKNOWN, classifier.classify("helper", "../".repeat(40) + "etc/passwd", null));
    }
}
