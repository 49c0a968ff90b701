package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading with a scope (the allocations of a library inside a JVM), the addresses of unnamed frames and the marking
 * of stacks heaptrack may have cut. The expected figures of the hand-written recording are worked out event by
 * event in {@link #JVM}'s comments.
 */
class HeaptrackReaderScopeTest {

    private static final String LIB = "/x/libfoo.so";
    private static final String JVM_MODULE = "/x/libjvm.so";

    /**
     * A library (info 1: 256 B, info 2: 16 B, both from {@code work} in libfoo.so) and the JVM (info 0: 4096 B from
     * {@code grow} in libjvm.so), each called from JIT code heaptrack could not place. Live bytes of the process (L)
     * and of the library (S) after each event, peaks P and SP.
     */
    static final String JVM = """
            v 10400 3
            X java Main
            I 1000 100
            s c /x/libfoo.so
            s c /x/libjvm.so
            s 4 work
            s 4 grow
            i 7f0000001000 1 3
            i 7f0000002000 2 4
            i 7fe000000100
            i 7fe000000200
            t 3 0
            t 1 1
            t 4 0
            t 2 3
            a 1000 4
            a 100 2
            a 10 2
            + 0
            - 0
            c a
            + 1
            + 0
            - 1
            c 14
            + 2
            + 1
            c 1e
            - 2
            + 0
            - 0
            + 0
            """;
    // + 0   L 4096 = P
    // - 0   L 0      temporary (heaptrack: the latest '+' was info 0)
    // c a   t 10: S 0
    // + 1   L 256, S 256 = SP
    // + 0   L 4352 = P
    // - 1   L 4096, S 0; not temporary for heaptrack (the JVM's '+ 0' came between), temporary for the scope
    // c 14  t 20: S 0
    // + 2   L 4112, S 16
    // + 1   L 4368 = P, S 272 = SP (at t 20)
    // c 1e  t 30: S 272
    // - 2   L 4352, S 256
    // + 0   L 8448 = P (at t 30), S 256
    // - 0   L 4352   temporary
    // + 0   L 8448, not above P
    // end: the JVM's 2 x 4096 and the library's 256 live

    private static Profile read(String text, Predicate<List<Frame>> scope) throws IOException {
        return HeaptrackReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "x", scope);
    }

    private static Profile read(String text) throws IOException {
        return HeaptrackReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "x");
    }

    private static boolean inLib(List<Frame> frames) {
        return !frames.isEmpty() && LIB.equals(frames.get(0).module());
    }

    @Test
    void theScopesFiguresAreFollowedWhileReading() throws IOException {
        Profile profile = read(JVM, HeaptrackReaderScopeTest::inLib);

        // the process, as without a scope
        assertEquals(7L, profile.allocations());
        assertEquals(4L * 4096 + 2 * 256 + 16, profile.allocatedBytes());
        assertEquals(2L, profile.temporaryAllocations());
        assertEquals(8448L, profile.peakHeapBytes());
        assertEquals(30L, profile.peakTimeMillis());
        assertEquals(2L * 4096 + 256, profile.leakedBytes());

        ScopedTotals scope = profile.scope();
        assertEquals(3, scope.allocations());
        assertEquals(2 * 256 + 16, scope.allocatedBytes());
        assertEquals(1, scope.temporaryAllocations(), "'- 1' right after the library's '+ 1'");
        assertEquals(272, scope.peakBytes(), "reached while the process was below its own peak");
        assertEquals(20L, scope.peakTimeMillis());
        assertEquals(256, scope.liveBytesAtEnd());
        assertEquals(256, scope.leakedBytes());
        assertEquals(1, scope.leakedBlocks());
        assertEquals(256, scope.bytesAtProcessPeak());
        assertEquals(1, scope.stacks());
        assertEquals(List.of(new HeapSample(10, 0, null), new HeapSample(20, 272, null), new HeapSample(30, 272, null),
                new HeapSample(30, 256, null)), scope.timeline());

        // in the order the traces first appear in 'a' records
        StackCost jvm = profile.stacks().get(0);
        StackCost lib = profile.stacks().get(1);
        assertEquals(List.of("grow"), List.of(jvm.frames().get(0).function()));
        assertTrue(lib.inScope());
        assertFalse(jvm.inScope());
        assertEquals(256, lib.peakBytes(), "at the process's peak");
        assertEquals(272, lib.scopedPeakBytes(), "at the library's peak");
        assertEquals(8192, jvm.peakBytes());
        assertEquals(0, jvm.scopedPeakBytes());
    }

    @Test
    void withoutAScopeNothingChangesButTheScopeFields() throws IOException {
        Profile scoped = read(JVM, HeaptrackReaderScopeTest::inLib);
        Profile plain = read(JVM);

        assertNull(plain.scope());
        assertEquals(plain, withoutScope(scoped));
        for (StackCost stack : plain.stacks()) {
            assertFalse(stack.inScope());
            assertEquals(0, stack.scopedPeakBytes());
        }
    }

    /** The profile as read without a scope: no scope figures, no stack in scope. */
    private static Profile withoutScope(Profile p) {
        List<StackCost> stacks = p.stacks().stream().map(s -> new StackCost(s.frames(), s.allocations(),
                s.allocatedBytes(), s.temporaryAllocations(), s.peakBytes(), s.leakedBytes(), s.leakedBlocks(), false,
                0, s.possiblyCut())).toList();
        return new Profile(p.command(), p.allocations(), p.allocatedBytes(), p.temporaryAllocations(),
                p.peakHeapBytes(), p.peakRssBytes(), p.leakedBytes(), p.leakedBlocks(), p.durationMillis(), stacks,
                p.peakTimeMillis(), p.timeline(), p.leaks());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rust-small.txt", "quirks.txt", "attach-midway.txt", "format2.txt", "real-prog.zst"})
    void aScopeOfEverythingIsTheWholeProcess(String fixture) throws IOException {
        Path file = fixture(fixture);
        Profile profile = HeaptrackReader.read(file, frames -> true);
        ScopedTotals all = profile.scope();

        assertEquals(withoutScope(profile), HeaptrackReader.read(file));
        assertEquals(profile.allocations(), all.allocations());
        assertEquals(profile.allocatedBytes(), all.allocatedBytes());
        assertEquals(profile.temporaryAllocations(), all.temporaryAllocations(), "heaptrack's rule on all events");
        assertEquals(profile.peakHeapBytes(), all.peakBytes());
        assertEquals(profile.peakTimeMillis(), all.peakTimeMillis());
        assertEquals(profile.leakedBytes(), all.leakedBytes());
        assertEquals(profile.leakedBlocks(), all.leakedBlocks());
        assertEquals(profile.peakHeapBytes(), all.bytesAtProcessPeak());
        assertEquals(profile.stacks().size(), all.stacks());
        assertEquals(profile.timeline().stream().map(HeapSample::heapBytes).toList(),
                all.timeline().stream().map(HeapSample::heapBytes).toList());
        for (StackCost stack : profile.stacks()) {
            assertTrue(stack.inScope());
            assertEquals(stack.peakBytes(), stack.scopedPeakBytes());
        }

        Profile none = HeaptrackReader.read(file, frames -> false);
        assertEquals(new ScopedTotals(0, 0, 0L, 0L, none.scope().peakTimeMillis(), 0, 0, 0, 0L, 0,
                none.scope().timeline()), none.scope());
        assertTrue(none.scope().timeline().stream().allMatch(s -> s.heapBytes() == 0 && s.rssBytes() == null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rust-small.txt", "quirks.txt", "real-prog.zst"})
    void lineByLineAndBufferedReadingAgreeWithAScope(String fixture) throws IOException {
        // a few bytes at a time: every event goes through the general path instead of the hot loop
        byte[] text = decompressedText(fixture(fixture));
        Profile buffered = HeaptrackReader.read(new ByteArrayInputStream(text), "x", everyOther());
        Profile trickled = HeaptrackReader.read(new ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        }, "x", everyOther());

        assertEquals(buffered, trickled);
        assertTrue(buffered.scope().allocations() > 0 && buffered.scope().allocations() < buffered.allocations(),
                "a scope of some stacks, not all");
        assertEquals(buffered, HeaptrackReader.read(fixture(fixture), everyOther()));
    }

    /** A scope of the first, third, ... trace asked: the same traces however the text arrives. */
    private static Predicate<List<Frame>> everyOther() {
        AtomicInteger asked = new AtomicInteger();
        return frames -> asked.getAndIncrement() % 2 == 0;
    }

    @Test
    void theScopeIsAskedOncePerTraceWithItsFrames() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        List<List<Frame>> asked = new ArrayList<>();
        Profile profile = read(JVM, frames -> {
            calls.incrementAndGet();
            asked.add(frames);
            return inLib(frames);
        });

        assertEquals(2, calls.get(), "three infos, two traces");
        assertEquals(profile.stacks().stream().map(StackCost::frames).toList(), asked);
    }

    @Test
    void anExceptionOfTheScopeIsThrownAsItIs() {
        IllegalStateException thrown = new IllegalStateException("scope failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(JVM, frames -> {
            throw thrown;
        }));
        assertSame(thrown, e);
    }

    // ---- addresses

    @Test
    void unnamedFramesKeepTheirAddressNamedOnesDoNot() throws IOException {
        Profile profile = read(JVM + "i 7f0000003000 1\nt 5 0\na 8 5\n+ 3\n");

        assertEquals(List.of(new Frame("work", null, 0, LIB), new Frame(null, null, 0, null, 0x7fe000000100L)),
                profile.stacks().get(1).frames());
        assertEquals(new Frame(null, null, 0, null, 0x7fe000000200L), profile.stacks().get(0).frames().get(1));
        // a module but no function: heaptrack could not name it either
        assertEquals(List.of(new Frame(null, null, 0, LIB, 0x7f0000003000L)), profile.stacks().get(2).frames());
        assertEquals(new Frame(null, null, 0, null), profile.stacks().get(1).frames().get(1).withoutAddress());
    }

    @Test
    void namedFramesOfTheSameFunctionAndLineAreEqualWhateverTheirAddress() throws IOException {
        String text = "v 10400 3\nX ./p\ns 4 /x/p\ns 1 f\ni 1000 1 2\ni 1004 1 2\nt 1 0\nt 2 0\na 8 1\na 8 2\n+ 0\n+ 1\n";
        Profile profile = read(text);

        assertEquals(2, profile.stacks().size());
        assertEquals(profile.stacks().get(0).frames(), profile.stacks().get(1).frames());
    }

    // ---- stacks heaptrack may have cut

    @Test
    void aTraceAsDeepAsHeaptrackRecordsIsPossiblyCut() throws IOException {
        assertEquals(List.of(false), cut(61, false));
        assertEquals(List.of(true), cut(62, false));
        assertEquals(List.of(false), cut(62, true), "it reaches main: nothing of interest is missing");
    }

    @Test
    void operatorNewCountsTowardsTheDepthHeaptrackRecorded() throws IOException {
        // 61 frames and operator new: heaptrack unwound 62, so the trace may be cut though 61 frames remain
        StringBuilder text = new StringBuilder("v 10400 3\nX ./p\ns 4 /x/p\ns 1 f\ns 1b operator new(unsigned long)\n"
                + "i 1000 1 2\ni 2000 1 3\n");
        for (int i = 0; i < 61; i++) {
            text.append("t 1 ").append(Integer.toHexString(i)).append('\n');
        }
        text.append("t 2 3d\na 8 3e\n+ 0\n");
        StackCost stack = read(text.toString()).stacks().get(0);

        assertEquals(61, stack.frames().size());
        assertTrue(stack.possiblyCut());
    }

    /** Whether the stack of a chain of {@code depth} trace nodes is marked, {@code main} outermost or not. */
    private static List<Boolean> cut(int depth, boolean main) throws IOException {
        StringBuilder text = new StringBuilder("v 10400 3\nX ./p\ns 4 /x/p\ns 1 f\ns 4 main\ni 1000 1 2\ni 2000 1 3\n");
        text.append(main ? "t 2 0\n" : "t 1 0\n");
        for (int i = 1; i < depth; i++) {
            text.append("t 1 ").append(Integer.toHexString(i)).append('\n');
        }
        text.append("a 8 ").append(Integer.toHexString(depth)).append("\n+ 0\n");
        Profile profile = read(text.toString());
        assertEquals(depth, profile.stacks().get(0).frames().size());
        return profile.stacks().stream().map(StackCost::possiblyCut).toList();
    }

    @Test
    void theJvmRecordingsCutStacksAreThoseOfHeaptracksDeepestTraces() throws IOException, URISyntaxException {
        Path jni = Path.of(getClass().getResource("/jvm-fixture/recordings/jni.zst").toURI());
        List<StackCost> stacks = HeaptrackReader.read(jni).stacks();

        // README of the fixture: 253 allocation infos, each on a trace of its own, are 62 instruction pointers deep
        assertEquals(253, stacks.stream().filter(StackCost::possiblyCut).count());
        assertEquals(HeaptrackReader.MAX_TRACE_IPS, maxDepth(decompressedText(jni)));
    }

    /** The deepest trace, counted straight from the text. */
    private static int maxDepth(byte[] text) {
        List<Integer> depth = new ArrayList<>(List.of(0));
        for (String line : new String(text, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.startsWith("t ")) {
                depth.add(depth.get(Integer.parseInt(line.split(" ")[2], 16)) + 1);
            }
        }
        return depth.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static byte[] decompressedText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".zst")) {
            try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            }
        }
        return bytes;
    }

    private static Path fixture(String name) {
        try {
            return Path.of(HeaptrackReaderScopeTest.class.getResource("/heaptrack/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
