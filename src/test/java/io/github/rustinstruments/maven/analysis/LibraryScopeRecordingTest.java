package io.github.rustinstruments.maven.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.rustinstruments.maven.analysis.LibraryScope.EntryPoint;
import io.github.rustinstruments.maven.analysis.LibraryScope.Totals;
import io.github.rustinstruments.maven.analysis.LibraryScope.Via;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.PerfMap;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real heaptrack recordings of the fixture library inside a JVM (src/test/resources/jvm-fixture, README there):
 * the library-scoped figures are what the Java programs make the library do, the whole process is far more, and
 * every library stack names its Java entry point.
 */
class LibraryScopeRecordingTest {
    private static final String JNI_LEAK = "Java_com_example_jvmfixture_Leaky_leakBlocks (lib.rs)";

    private static Profile jni;
    private static Profile ffm;
    /** The same recordings read with the library's scope. */
    private static Profile jniScoped;
    private static Profile ffmScoped;

    private final LibraryScope scope = LibraryScope.of(List.of("libleaky_jni.so"));

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        jni = HeaptrackReader.read(recording("jni.zst"));
        ffm = HeaptrackReader.read(recording("ffm.zst"));
        LibraryScope library = LibraryScope.of(List.of("libleaky_jni.so"));
        jniScoped = library.read(recording("jni.zst"));
        ffmScoped = library.read(recording("ffm.zst"));
    }

    private static PerfMap perfMap(String name) throws IOException, URISyntaxException {
        return PerfMap.read(recording(name));
    }

    // ---- read with the scope: the library's own peak

    @Test
    void theJniLibrarysPeakIsItsLeakAndItsLargestVecOnTop() {
        Totals totals = scope.totals(jniScoped);
        assertEquals(10 * 4096, totals.leakedBytes());
        assertEquals(10, totals.leakedBlocks());
        // leakBlocks first, then churn(n) with n up to 31: its Vec grows to 32 u64s (256 B); heaptrack writes a
        // realloc as the free of the old block, then the new one, so one Vec buffer is live at a time; greet's
        // strings come to less
        assertEquals(40_960L + 256, totals.peakBytes());
        assertTrue(totals.peakBytes() >= totals.leakedBytes());
        assertTrue(totals.peakBytes() <= jniScoped.peakHeapBytes());
        assertEquals(jniScoped.scope().peakTimeMillis(), totals.peakTimeMillis());
        assertTrue(totals.peakTimeMillis() <= jniScoped.durationMillis());
        // the leak was live at the process's peak too
        assertEquals(40_960, totals.bytesAtProcessPeak());
        assertEquals(0, totals.possiblyCutStacks(), "the JNI frame survives heaptrack's cut");
        // the scoped read agrees with the sums over the stacks where those are exact
        Totals summed = scope.totals(jni);
        assertEquals(List.of(summed.allocations(), summed.allocatedBytes(), summed.leakedBytes(), summed.leakedBlocks(),
                        summed.bytesAtProcessPeak(), (long) summed.stacks()),
                List.of(totals.allocations(), totals.allocatedBytes(), totals.leakedBytes(), totals.leakedBlocks(),
                        totals.bytesAtProcessPeak(), (long) totals.stacks()));
        assertNull(summed.peakBytes(), "not known from the stacks");
        // per stack: the bytes live at the library's peak add up to it
        assertEquals(totals.peakBytes(), jniScoped.stacks().stream().mapToLong(StackCost::scopedPeakBytes).sum());
    }

    @Test
    void theFfmLibrarysPeakMustBeStreamedItIsNothingAtTheProcesssPeak() {
        Totals totals = scope.totals(ffmScoped);
        assertEquals(3_000, totals.leakedBytes());
        assertEquals(3, totals.leakedBlocks());
        // the JVM's own peak came before FfmMain called the library at all
        assertEquals(0, totals.bytesAtProcessPeak());
        // leaky_leak's 3 x 1000 B, then leaky_sum(n) with n up to 31 collects 31 i64s (248 B) at a time
        assertEquals(3_000L + 31 * 8, totals.peakBytes());
        assertTrue(totals.peakBytes() <= ffmScoped.peakHeapBytes());
        assertTrue(totals.peakTimeMillis() > ffmScoped.peakTimeMillis(), "after the process's peak");
        // leaky_sum allocates and frees its Vec with nothing of the library's in between
        assertEquals(20_000, totals.temporaryAllocations());
    }

    @Test
    void readingWithTheScopeLeavesTheWholeProcessAsItWas() {
        for (Profile[] pair : List.of(new Profile[] {jni, jniScoped}, new Profile[] {ffm, ffmScoped})) {
            Profile plain = pair[0];
            Profile scoped = pair[1];
            assertNull(plain.scope());
            assertEquals(List.of(plain.allocations(), plain.allocatedBytes(), plain.temporaryAllocations(),
                    plain.peakHeapBytes(), plain.leakedBytes(), plain.leakedBlocks(), plain.peakTimeMillis()),
                    List.of(scoped.allocations(), scoped.allocatedBytes(), scoped.temporaryAllocations(),
                    scoped.peakHeapBytes(), scoped.leakedBytes(), scoped.leakedBlocks(), scoped.peakTimeMillis()));
            assertEquals(plain.timeline(), scoped.timeline());
            assertEquals(plain.stacks().size(), scoped.stacks().size());
            for (int i = 0; i < plain.stacks().size(); i++) {
                StackCost a = plain.stacks().get(i);
                StackCost b = scoped.stacks().get(i);
                assertEquals(a.frames(), b.frames());
                assertEquals(a.peakBytes(), b.peakBytes());
                assertEquals(scope.contains(b.frames()), b.inScope());
            }
        }
    }

    @Test
    void aProfileReadWithAnotherScopeIsRefused() throws IOException, URISyntaxException {
        Profile everything = HeaptrackReader.read(recording("ffm.zst"), frames -> true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scope.totals(everything));
        assertTrue(e.getMessage().contains("another scope"), e.getMessage());
    }

    @Test
    void cutStacksAreTheJvmsOwn() {
        long cut = jniScoped.stacks().stream().filter(StackCost::possiblyCut).count();
        assertEquals(253, cut, "the fixture README's count");
        assertTrue(jniScoped.stacks().stream().filter(StackCost::possiblyCut).noneMatch(StackCost::inScope));
        assertTrue(ffmScoped.stacks().stream().anyMatch(StackCost::possiblyCut));
        assertTrue(ffmScoped.stacks().stream().filter(StackCost::possiblyCut).noneMatch(StackCost::inScope));
    }

    // ---- JIT frames named from the perf map, by the addresses the reader keeps

    @Test
    void theCompiledJavaCallerOfChurnIsNamedFromThePerfMap() throws IOException, URISyntaxException {
        PerfMap map = perfMap("jni-perf.map");
        Map<String, Long> callers = new TreeMap<>();
        for (StackCost stack : jniScoped.stacks()) {
            EntryPoint entry = scope.entryPoint(stack.frames(), map);
            if (entry != null && entry.method().equals("com.example.jvmfixture.Leaky.churn")) {
                callers.merge(String.valueOf(entry.javaCaller()), stack.allocations(), Long::sum);
            }
        }
        // churn's 78,750 allocations: Main.hot(int) compiled by the time most of them ran, interpreted before
        assertEquals(Set.of("com.example.jvmfixture.Main.hot(int)", PerfMap.INTERPRETED), callers.keySet());
        assertEquals(1_250 * 3 + 18_750 * 4, callers.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(callers.get("com.example.jvmfixture.Main.hot(int)") > callers.get(PerfMap.INTERPRETED), callers
                .toString());
        // without the map the same stacks have no caller
        for (StackCost stack : jniScoped.stacks()) {
            if (stack.inScope()) {
                assertNull(scope.entryPoint(stack.frames(), PerfMap.empty()).javaCaller());
            }
        }
    }

    @Test
    void unnamedFramesCarryAddressesTheMapCoversInPart() throws IOException, URISyntaxException {
        PerfMap map = perfMap("jni-perf.map");
        Set<Long> addresses = new java.util.HashSet<>();
        for (StackCost stack : jniScoped.stacks()) {
            for (Frame frame : stack.frames()) {
                if (frame.function() == null) {
                    assertTrue(frame.hasAddress(), frame.toString());
                    addresses.add(frame.address());
                } else {
                    assertEquals(0, frame.address(), frame.toString());
                }
            }
        }
        long named = addresses.stream().filter(a -> map.lookup(a) != null).count();
        assertTrue(named > 0 && named < addresses.size(), named + " of " + addresses.size());
    }

    private static Path recording(String name) throws URISyntaxException {
        return Path.of(LibraryScopeRecordingTest.class.getResource("/jvm-fixture/recordings/" + name).toURI());
    }

    /** Library-scoped [allocations, bytes, leaked bytes, leaked blocks] per entry point. */
    private Map<EntryPoint, long[]> byEntryPoint(Profile profile) {
        Map<EntryPoint, long[]> sums = new HashMap<>();
        for (StackCost stack : profile.stacks()) {
            EntryPoint entry = scope.entryPoint(stack.frames());
            assertEquals(scope.contains(stack.frames()), entry != null, "an entry point exactly for library stacks");
            if (entry != null) {
                long[] sum = sums.computeIfAbsent(entry, e -> new long[4]);
                sum[0] += stack.allocations();
                sum[1] += stack.allocatedBytes();
                sum[2] += stack.leakedBytes();
                sum[3] += stack.leakedBlocks();
            }
        }
        return sums;
    }

    @Test
    void theJniLibrarysLeakIsExactlyWhatMainLeaks() {
        Totals totals = scope.totals(jni);
        // Main: Leaky.leakBlocks(10, 4096)
        assertEquals(10 * 4096, totals.leakedBytes());
        assertEquals(10, totals.leakedBlocks());
        // the JVM leaks megabytes of its own at exit
        assertTrue(jni.leakedBytes() > 100L * totals.leakedBytes(), "process leaked " + jni.leakedBytes());
        assertTrue(jni.allocations() > totals.allocations());
        assertTrue(scope.appearsIn(jni));
    }

    @Test
    void everyJniStackOfTheLibraryNamesItsJavaMethod() {
        Map<EntryPoint, long[]> sums = byEntryPoint(jni);
        Map<String, Via> methods = new TreeMap<>();
        sums.keySet().forEach(e -> methods.put(e.method(), e.via()));
        assertEquals(Map.of(
                "com.example.jvmfixture.Leaky.leakBlocks", Via.JNI,
                "com.example.jvmfixture.Leaky.churn", Via.JNI,
                "com.example.jvmfixture.Leaky.greet(java.lang.String)", Via.JNI,
                "com.example.jvmfixture.Leaky.greet(java.lang.String, int)", Via.JNI), methods,
                "forget_release allocates nothing itself: its leak is the JVM's");
        long[] leak = sums.get(new EntryPoint("com.example.jvmfixture.Leaky.leakBlocks", Via.JNI, null));
        assertEquals(List.of(10L, 40_960L, 40_960L, 10L), List.of(leak[0], leak[1], leak[2], leak[3]));
        // churn(n), n = 16..31, pushes n u64s into a new Vec: 4, 8, 16 (and 32 when n > 16) elements, each growth
        // a realloc, which heaptrack counts as an allocation; 20,000 calls, n = 16 for one in 16
        long[] churn = sums.get(new EntryPoint("com.example.jvmfixture.Leaky.churn", Via.JNI, null));
        assertEquals(1_250 * 3 + 18_750 * 4, churn[0]);
        assertEquals(1_250 * (32 + 64 + 128) + 18_750 * (32 + 64 + 128 + 256), churn[1]);
        assertEquals(0, churn[2]);
    }

    @Test
    void theJvmsOwnLeakDuringACallbackStaysOutOfScope() {
        // forget_release never calls ReleaseStringUTFChars: the JVM's copy of the string leaks
        List<StackCost> callback = jni.stacks().stream().filter(s -> s.frames().stream()
                .anyMatch(f -> "Java_com_example_jvmfixture_Leaky_00024Inner_forget_1release".equals(f.function())))
                .toList();
        assertFalse(callback.isEmpty());
        assertEquals(38, callback.stream().mapToLong(StackCost::leakedBytes).sum(), "the string and its NUL");
        for (StackCost stack : callback) {
            assertFalse(scope.contains(stack.frames()));
            assertNull(scope.entryPoint(stack.frames()));
            assertTrue(stack.frames().get(0).module().endsWith("/libjvm.so"), stack.frames().get(0).toString());
        }
    }

    @Test
    void anFfmDowncallIsScopedAndNamedByItsExport() {
        Totals totals = scope.totals(ffm);
        // FfmMain: leaky_leak(3, 1000)
        assertEquals(3_000, totals.leakedBytes());
        assertEquals(3, totals.leakedBlocks());
        assertTrue(ffm.leakedBytes() > 1000L * totals.leakedBytes(), "process leaked " + ffm.leakedBytes());
        Map<EntryPoint, long[]> sums = byEntryPoint(ffm);
        assertEquals(Set.of(new EntryPoint("leaky_leak", Via.DOWNCALL, null),
                new EntryPoint("leaky_sum", Via.DOWNCALL, null)), sums.keySet());
        // leaky_sum(n), n = 16..31, collects n i64s into an exactly sized Vec; 20,000 calls
        long[] sum = sums.get(new EntryPoint("leaky_sum", Via.DOWNCALL, null));
        assertEquals(20_000, sum[0]);
        assertEquals(1_250L * (16 + 31) * 16 / 2 * 8, sum[1]);
    }

    @Test
    void aLibraryTheJvmNeverLoadedDoesNotAppear() {
        LibraryScope other = LibraryScope.of(List.of("libnot_loaded.so"));
        assertFalse(other.appearsIn(jni));
        assertEquals(0, other.totals(jni).allocations());
    }

    // ---- checked independently: heaptrack_print's own leaked stacks

    @Test
    void heaptrackPrintAgrees() throws IOException, InterruptedException, URISyntaxException {
        assumeTrue(ProcessRunner.findExecutable("heaptrack_print", null).isPresent(), "heaptrack_print is not on PATH");
        Map<String, Long> leaked = flameGraphLeaks(recording("jni.zst"));
        long all = 0;
        long throughLeakBlocks = 0;
        long throughAnyJniMethod = 0;
        for (Map.Entry<String, Long> line : leaked.entrySet()) {
            all += line.getValue();
            List<String> frames = List.of(line.getKey().split(";"));
            if (frames.contains(JNI_LEAK)) {
                throughLeakBlocks += line.getValue();
            }
            if (frames.stream().anyMatch(f -> f.startsWith("Java_com_example_jvmfixture_"))) {
                throughAnyJniMethod += line.getValue();
            }
        }
        assertEquals(throughLeakBlocks, scope.totals(jni).leakedBytes());
        assertEquals(40_998, throughAnyJniMethod, "the library's 40,960 and the JVM's 38 during forget_release");
        assertEquals(all, jni.leakedBytes(), "the reader's process figure is heaptrack's");
        assertEquals(all, jniScoped.leakedBytes(), "also read with the scope");
        assertEquals(throughLeakBlocks, scope.totals(jniScoped).leakedBytes());

        Map<String, Long> ffmLeaked = flameGraphLeaks(recording("ffm.zst"));
        long throughExports = ffmLeaked.entrySet().stream()
                .filter(e -> List.of(e.getKey().split(";")).stream().anyMatch(f -> f.startsWith("leaky_")))
                .mapToLong(Map.Entry::getValue).sum();
        assertEquals(throughExports, scope.totals(ffm).leakedBytes());
        assertEquals(throughExports, scope.totals(ffmScoped).leakedBytes());
        assertEquals(ffmLeaked.values().stream().mapToLong(Long::longValue).sum(), ffmScoped.leakedBytes());
    }

    /** {@code heaptrack_print --flamegraph-cost-type leaked -F}: stack (outermost first) to leaked bytes. */
    private Map<String, Long> flameGraphLeaks(Path recording) throws IOException, InterruptedException {
        Path out = tmp.resolve(recording.getFileName() + ".folded");
        Process process = new ProcessBuilder("heaptrack_print", "--flamegraph-cost-type", "leaked", "-F",
                out.toString(), recording.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("heaptrack_print.log").toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "heaptrack_print timed out");
        assertEquals(0, process.exitValue(), Files.readString(tmp.resolve("heaptrack_print.log")));
        Map<String, Long> stacks = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            int space = line.lastIndexOf(' ');
            stacks.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1)), Long::sum);
        }
        return stacks;
    }
}
