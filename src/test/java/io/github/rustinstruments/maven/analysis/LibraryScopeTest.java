package io.github.rustinstruments.maven.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.analysis.LibraryScope.EntryPoint;
import io.github.rustinstruments.maven.analysis.LibraryScope.Totals;
import io.github.rustinstruments.maven.analysis.LibraryScope.Via;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.PerfMap;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.ScopedTotals;
import io.github.rustinstruments.maven.trace.StackCost;
import java.io.StringReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made stacks shaped like heaptrack's in a JVM (innermost first; JIT frames have neither name nor module). */
class LibraryScopeTest {
    static final String LIB = "/home/dev/app/target/rust-instruments/release/libleaky_jni.so";
    static final String JVM = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
    static final String LIBC = "/lib/x86_64-linux-gnu/libc.so.6";
    static final String STD = "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/alloc/src/raw_vec/mod.rs";
    static final Frame JIT = new Frame(null, null, 0, null);

    @TempDir
    Path tmp;

    private final LibraryScope scope = LibraryScope.of(List.of("libleaky_jni.so"));

    static Frame lib(String function) {
        return new Frame(function, "src/lib.rs", 10, LIB);
    }

    static Frame libStd(String function) {
        return new Frame(function, STD, 400, LIB);
    }

    static Frame jvm(String function) {
        return new Frame(function, null, 0, JVM);
    }

    static Frame libc(String function) {
        return new Frame(function, "./malloc/malloc.c", 3000, LIBC);
    }

    /** The outer end of a stack that came from the JVM's main thread. */
    static List<Frame> jvmBottom() {
        return List.of(jvm("JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)"),
                jvm("jni_CallStaticVoidMethod"), libc("start_thread"), libc("clone3"));
    }

    static List<Frame> stack(List<Frame> inner, List<Frame> outer) {
        return java.util.stream.Stream.concat(inner.stream(), outer.stream()).toList();
    }

    static IntFunction<String> names(Map<Integer, String> byIndex) {
        return byIndex::get;
    }

    // ---- which allocations are the library's

    @Test
    void rustStdCompiledIntoTheLibraryCountsAsTheLibrarys() {
        List<Frame> frames = stack(List.of(libStd("alloc"), libStd("finish_grow<alloc::alloc::Global>"),
                libStd("push<u64, alloc::alloc::Global>"), lib("Java_com_example_Codec_churn"), JIT, JIT),
                jvmBottom());
        assertTrue(scope.contains(frames));
        assertEquals(0, scope.allocatingFrame(frames));
    }

    @Test
    void theJvmsMallocsDuringACallbackAreNotTheLibrarys() {
        // the library called GetStringUTFChars; the JVM allocated the copy
        List<Frame> frames = stack(List.of(jvm("os::malloc(unsigned long, MEMFLAGS, NativeCallStack const&)"),
                new Frame(null, null, 0, JVM), jvm("jni_GetStringUTFChars"), lib("utf_of"),
                lib("Java_com_example_Codec_greet"), JIT, JIT), jvmBottom());
        assertFalse(scope.contains(frames));
        assertNull(scope.entryPoint(frames));
    }

    @Test
    void allocatorPlumbingInAnotherModuleIsLookedThrough() {
        List<Frame> viaLibc = stack(List.of(libc("_int_malloc"), libc("malloc"), new Frame("__rust_alloc", null, 0, LIB),
                new Frame("alloc::alloc::alloc", STD, 95, LIB), lib("leaky::parse"),
                lib("Java_com_example_Codec_parse"), JIT), jvmBottom());
        assertTrue(scope.contains(viaLibc));
        assertEquals(4, scope.allocatingFrame(viaLibc));
        List<Frame> viaHeaptrack = stack(List.of(new Frame("heaptrack_malloc", null, 0,
                "/usr/lib/heaptrack/libheaptrack_preload.so"), lib("leaky::parse"), lib("Java_com_example_Codec_parse"),
                JIT), jvmBottom());
        assertTrue(scope.contains(viaHeaptrack));
        // the JVM calling malloc itself stays the JVM's
        List<Frame> jvmMalloc = stack(List.of(libc("malloc"), jvm("os::malloc(unsigned long)"), jvm("Arena::grow")),
                jvmBottom());
        assertFalse(scope.contains(jvmMalloc));
    }

    @Test
    void aStackOfPlumbingOnlyIsJudgedByItsInnermostFrame() {
        assertTrue(scope.contains(List.of(new Frame("__rust_alloc", null, 0, LIB))));
        assertFalse(scope.contains(List.of(libc("malloc"))));
        assertFalse(scope.contains(List.of()));
        assertEquals(-1, scope.allocatingFrame(List.of()));
    }

    @Test
    void anUnnamedInnermostFrameIsNotTheLibrarys() {
        assertFalse(scope.contains(List.of(JIT, lib("Java_com_example_Codec_churn"))));
    }

    // ---- modules

    @Test
    void modulesMatchByFileName() {
        assertTrue(scope.isLibraryModule(LIB));
        assertTrue(scope.isLibraryModule("libleaky_jni.so"));
        assertTrue(scope.isLibraryModule("/tmp/junit123/java.library.path/libleaky_jni.so"));
        assertTrue(scope.isLibraryModule("/opt/app/libleaky_jni.so (deleted)"), "rebuilt while the JVM ran");
        assertFalse(scope.isLibraryModule("/opt/app/libleaky_jni.so.bak"));
        assertFalse(scope.isLibraryModule("/opt/app/libleaky_jni_test.so"));
        assertFalse(scope.isLibraryModule("/opt/app/libother.so"));
        assertFalse(scope.isLibraryModule(JVM));
        assertFalse(scope.isLibraryModule(null));
        assertFalse(scope.isLibraryModule("/opt/app/"));
    }

    @Test
    void modulesMayBeGivenAsPathsOrLibraryNames() {
        LibraryScope byPath = LibraryScope.of(List.of("/home/dev/app/target/release/libleaky_jni.so"));
        assertTrue(byPath.isLibraryModule("/elsewhere/libleaky_jni.so"));
        LibraryScope byName = LibraryScope.of(List.of("leaky_jni"));
        assertTrue(byName.isLibraryModule(LIB));
        assertTrue(byName.isLibraryModule("/Users/dev/app/libleaky_jni.dylib"));
        assertTrue(byName.isLibraryModule("C:\\app\\leaky_jni.dll"));
        assertFalse(byName.isLibraryModule("/opt/libleaky_jni2.so"));
        LibraryScope two = LibraryScope.of(List.of("liba.so", "libb.so"));
        assertTrue(two.isLibraryModule("/x/liba.so"));
        assertTrue(two.isLibraryModule("/x/libb.so"));
        assertEquals(Set.of("liba.so", "libb.so"), two.fileNames());
        assertThrows(IllegalArgumentException.class, () -> LibraryScope.of(List.of("/")));
    }

    @Test
    void aLinkedLibraryFileAlsoMatchesTheFileItLeadsTo() throws IOException {
        Path real = Files.createFile(tmp.resolve("libleaky_jni-1.2.so"));
        Path link = Files.createSymbolicLink(tmp.resolve("libleaky_jni.so"), real);
        LibraryScope linked = LibraryScope.ofFiles(List.of(link));
        assertTrue(linked.isLibraryModule("/proc-maps/path/libleaky_jni-1.2.so"));
        assertTrue(linked.isLibraryModule("/somewhere/libleaky_jni.so"));
        assertTrue(LibraryScope.ofFiles(List.of(tmp.resolve("libmissing.so"))).isLibraryModule("libmissing.so"));
    }

    // ---- entry points

    @Test
    void theJniFrameNamesTheJavaMethod() {
        List<Frame> frames = stack(List.of(libStd("alloc"), libStd("from_elem<u8>"),
                lib("Java_com_example_Codec_leakBlocks"), JIT, JIT, JIT), jvmBottom());
        assertEquals(new EntryPoint("com.example.Codec.leakBlocks", Via.JNI, null), scope.entryPoint(frames));
        // interpreted caller: the interpreter's blob holds the native call and the caller
        assertEquals(new EntryPoint("com.example.Codec.leakBlocks", Via.JNI, PerfMap.INTERPRETED),
                scope.entryPoint(frames, names(Map.of(3, PerfMap.INTERPRETED, 4, PerfMap.INTERPRETED))));
    }

    @Test
    void aCompiledCallerIsNamedPastTheNativeWrapperAndStubs() {
        List<Frame> frames = stack(List.of(libStd("alloc"), lib("Java_com_example_Codec_churn"), JIT, JIT, JIT, JIT),
                jvmBottom());
        IntFunction<String> java = names(Map.of(
                2, "com.example.Codec.churn(int)", // the compiled wrapper of the native method itself
                3, "com.example.Main.hot(int)",
                4, PerfMap.INTERPRETED));
        assertEquals(new EntryPoint("com.example.Codec.churn", Via.JNI, "com.example.Main.hot(int)"),
                scope.entryPoint(frames, java));
        // a stub (index 2 unknown) is passed over too
        assertEquals("com.example.Main.hot(int)",
                scope.entryPoint(frames, names(Map.of(3, "com.example.Main.hot(int)"))).javaCaller());
    }

    @Test
    void theCallerIsLookedForOnlyInTheGeneratedCodeNextToTheEntry() {
        // named native code right after the JNI frame: no Java caller to name
        List<Frame> frames = stack(List.of(lib("leaky::f"), lib("Java_com_example_Codec_run")), jvmBottom());
        assertEquals(new EntryPoint("com.example.Codec.run", Via.JNI, null),
                scope.entryPoint(frames, index -> "com.example.Never.asked()"));
    }

    @Test
    void overloadedAndEscapedSymbolsAreDecoded() {
        List<Frame> frames = List.of(lib("alloc"), lib("Java_com_example_Codec_00024Inner_greet__Ljava_lang_String_2I"),
                JIT);
        assertEquals("com.example.Codec$Inner.greet(java.lang.String, int)", scope.entryPoint(frames).method());
    }

    @Test
    void theNearestJniFrameWinsWhenCallsNest() {
        // Java -> Codec.outer (native) -> callback into Java -> Codec.inner (native) -> allocation
        List<Frame> frames = stack(List.of(lib("alloc"), lib("Java_com_example_Codec_inner"), JIT, JIT,
                jvm("JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)"),
                jvm("jni_CallVoidMethodV"), lib("Java_com_example_Codec_outer"), JIT), jvmBottom());
        assertEquals("com.example.Codec.inner", scope.entryPoint(frames).method());
    }

    @Test
    void anFfmDowncallIsNamedByTheExportedFunction() {
        List<Frame> frames = stack(List.of(libStd("alloc"), libStd("collect<alloc::vec::Vec<i64>>"), lib("leaky_sum"),
                JIT, JIT, JIT, JIT), jvmBottom());
        IntFunction<String> java = names(Map.of(
                // 3: nep_invoker_blob, a stub
                4, "java.lang.invoke.LambdaForm$MH/0x000000002804f400.invoke(java.lang.Object, int)",
                5, "com.example.Ffm.sumAll(int)",
                6, PerfMap.INTERPRETED));
        assertEquals(new EntryPoint("leaky_sum", Via.DOWNCALL, "com.example.Ffm.sumAll(int)"),
                scope.entryPoint(frames, java));
        assertEquals(new EntryPoint("leaky_sum", Via.DOWNCALL, null), scope.entryPoint(frames));
    }

    @Test
    void theOutermostNamedLibraryFrameIsTheExport() {
        // an unsymbolised library frame outermost: the nearest named one inward
        List<Frame> frames = List.of(lib("alloc"), lib("leaky_sum"), new Frame(null, null, 0, LIB), JIT);
        assertEquals("leaky_sum", scope.entryPoint(frames).method());
        // legacy-mangled Rust names are shown demangled
        List<Frame> mangled = List.of(lib("alloc"), lib("_ZN5leaky6worker17h0123456789abcdefE"), JIT);
        assertEquals("leaky::worker", scope.entryPoint(mangled).method());
    }

    @Test
    void aThreadOfTheLibraryIsNoJavaEntry() {
        List<Frame> frames = List.of(libStd("alloc"), lib("leaky::worker::run"),
                libStd("std::sys::pal::unix::thread::Thread::new::thread_start"), libc("start_thread"), libc("clone3"));
        assertEquals(new EntryPoint("std::sys::pal::unix::thread::Thread::new::thread_start", Via.NATIVE, null),
                scope.entryPoint(frames));
    }

    @Test
    void aStackCutInsideTheLibraryHasNoKnownEntry() {
        List<Frame> frames = List.of(libStd("alloc"), lib("leaky::recurse"), lib("leaky::recurse"));
        assertEquals(new EntryPoint("leaky::recurse", Via.UNKNOWN, null), scope.entryPoint(frames));
    }

    // ---- totals

    @Test
    void totalsCountOnlyTheLibrarysStacks() {
        List<Frame> leak = stack(List.of(libStd("alloc"), lib("Java_com_example_Codec_leakBlocks"), JIT), jvmBottom());
        List<Frame> churn = stack(List.of(libStd("alloc"), lib("Java_com_example_Codec_churn"), JIT), jvmBottom());
        List<Frame> callback = stack(List.of(jvm("os::malloc(unsigned long)"), jvm("jni_GetStringUTFChars"),
                lib("Java_com_example_Codec_greet"), JIT), jvmBottom());
        List<Frame> jvmOnly = stack(List.of(jvm("Arena::grow")), jvmBottom());
        Profile profile = new Profile("java Main", 1200L, 90_000L, 40L, 70_000L, null, 20_038L, 13L, 500L, List.of(
                new StackCost(leak, 10, 40_960, 0, 40_960, 40_960, 10),
                new StackCost(churn, 1000, 20_000, 30, 512, 0, 0),
                new StackCost(callback, 90, 4_000, 10, 100, 38, 1),
                new StackCost(jvmOnly, 100, 25_040, 0, 28_428, -20_960, 2)));
        assertEquals(new Totals(1010, 60_960, 30, 40_960, 10, 41_472, 2), scope.totals(profile));
        assertTrue(scope.appearsIn(profile));
        assertFalse(LibraryScope.of(List.of("libnever_loaded.so")).appearsIn(profile));
        assertEquals(new Totals(0, 0, 0, 0, 0, 0, 0), LibraryScope.of(List.of("libnever_loaded.so")).totals(profile));
    }

    // ---- generated code named through the perf map by address

    @Test
    void unnamedFramesAreLookedUpInThePerfMapByTheirAddress() throws IOException {
        PerfMap map = PerfMap.read(new StringReader("""
                0x7f0000001000 0x100 Interpreter
                0x7f0000002000 0x80 int com.example.Codec.churn(int)
                0x7f0000003000 0x80 int com.example.Main.hot(int)
                0x7f0000004000 0x40 StubRoutines (1)
                """));
        List<Frame> frames = stack(List.of(libStd("alloc"), lib("Java_com_example_Codec_churn"),
                jit(0x7f0000002010L), jit(0x7f0000004004L), jit(0x7f0000003020L), jit(0x7f0000001050L)), jvmBottom());
        assertEquals(new EntryPoint("com.example.Codec.churn", Via.JNI, "com.example.Main.hot(int)"),
                scope.entryPoint(frames, map));
        // an address the map does not cover (code thrown away before exit) names nothing; the next frame is asked
        List<Frame> gone = stack(List.of(libStd("alloc"), lib("Java_com_example_Codec_churn"), jit(0x7f0000009000L),
                jit(0x7f0000001050L)), jvmBottom());
        assertEquals(PerfMap.INTERPRETED, scope.entryPoint(gone, map).javaCaller());
        // frames without an address (other profilers) name nothing either
        List<Frame> noAddress = stack(List.of(libStd("alloc"), lib("Java_com_example_Codec_churn"), JIT), jvmBottom());
        assertNull(scope.entryPoint(noAddress, map).javaCaller());
    }

    static Frame jit(long address) {
        return new Frame(null, null, 0, null, address);
    }

    // ---- totals of a profile read with the scope

    @Test
    void aProfileReadWithTheScopeGivesTheStreamedFigures() {
        List<Frame> leak = stack(List.of(libStd("alloc"), lib("Java_com_example_Codec_leakBlocks"), JIT), jvmBottom());
        List<Frame> cut = List.of(libStd("alloc"), lib("leaky::recurse"), lib("leaky::recurse"));
        List<Frame> jvmOnly = stack(List.of(jvm("Arena::grow")), jvmBottom());
        ScopedTotals streamed = new ScopedTotals(11, 41_000, 0L, 45_000L, 120L, 40_960, 40_960, 10, 40_960L, 2,
                List.of());
        Profile profile = new Profile("java Main", 111L, 66_000L, 0L, 70_000L, null, 60_960L, 12L, 500L, List.of(
                new StackCost(leak, 10, 40_960, 0, 40_960, 40_960, 10, true, 40_960, false),
                new StackCost(cut, 1, 40, 0, 0, 0, 0, true, 4_040, true),
                new StackCost(jvmOnly, 100, 25_000, 0, 29_040, 20_000, 2, false, 0, false)),
                100L, List.of(), null, streamed, null);
        assertEquals(new Totals(11, 41_000, 0L, 40_960, 10, 40_960L, 2, 45_000L, 120L, 1), scope.totals(profile));
        // without the scope's figures: sums over the stacks, no peak of the library's own
        assertEquals(new Totals(11, 41_000, 0L, 40_960, 10, 40_960L, 2, null, null, 1),
                scope.totals(profile.withScope(null)));
        // read with another scope: the stacks' inScope disagree
        Profile other = new Profile("java Main", 100L, 25_000L, 0L, 29_040L, null, 20_000L, 2L, 500L, List.of(
                new StackCost(jvmOnly, 100, 25_000, 0, 29_040, 20_000, 2, true, 29_040, false)),
                100L, List.of(), null, new ScopedTotals(100, 25_000, 0L, 29_040L, 100L, 20_000, 20_000, 2, 29_040L, 1,
                List.of()), null);
        assertThrows(IllegalArgumentException.class, () -> scope.totals(other));
    }
}
