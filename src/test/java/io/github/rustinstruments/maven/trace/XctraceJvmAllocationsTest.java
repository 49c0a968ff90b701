package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.summary.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link XctraceJvmAllocations} on hand-written exports in the documented Allocations List format
 * ({@code src/test/resources/xctrace/jvm-allocations-list.xml}, see the README there) and on small lists written by
 * the tests.
 */
class XctraceJvmAllocationsTest {
    private static final Path LIST = Path.of("src/test/resources/xctrace/jvm-allocations-list.xml");
    private static final Path MARKERS = Path.of("src/test/resources/xctrace/jvm-markers.tests");
    private static final String LIBRARY = "libleaky_jni.dylib";
    private static final Predicate<String> IS_LIBRARY = LIBRARY::equals;
    /** What JniNames gives for these symbols (trace/ does not use symbols/). */
    private static final UnaryOperator<String> JNI = caller -> caller.startsWith("Java_com_example_")
            ? "com.example." + caller.substring("Java_com_example_".length()).replace('_', '.') : null;
    private static final Frame LEAK_BLOCKS = new Frame("Java_com_example_Codec_leakBlocks", null, 0, LIBRARY);
    private static final Frame CHURN = new Frame("Java_com_example_Codec_churn", null, 0, LIBRARY);
    private static final Frame FINISH_GROW = new Frame("alloc::raw_vec::finish_grow::h8e1f2a3b4c5d6e7f", null, 0,
            LIBRARY);
    private static final Frame INIT = new Frame("leaky_jni::init::h2f4e6a8c0b1d3e5f", null, 0, LIBRARY);

    @TempDir
    Path tmp;

    @Test
    void withoutMarkersEveryHeapRowCountsAndTheLibrarysAreItsFile() throws IOException {
        Profile profile = XctraceJvmAllocations.read(LIST, IS_LIBRARY, JNI, null, 3_511L);

        // the whole process: every row but the VM region, markers-sized ones included (no markers file)
        assertEquals(14L, profile.allocations());
        assertEquals(1_540_976L, profile.allocatedBytes());
        assertEquals(12_384L, profile.leakedBytes(), "the live rows");
        assertEquals(5L, profile.leakedBlocks());
        assertEquals(3_511L, profile.durationMillis());
        // what an Allocations List cannot give is unknown, not 0
        assertNull(profile.temporaryAllocations());
        assertNull(profile.peakHeapBytes());
        assertNull(profile.peakRssBytes());
        assertNull(profile.peakTimeMillis());
        assertEquals(List.of(), profile.timeline());
        assertNull(profile.leaks());
        assertNull(profile.tests(), "no markers file");

        ScopedTotals library = profile.scope();
        assertEquals(new ScopedTotals(6, 12_736, null, null, null, 12_352, 12_352, 4, null, 4, List.of()), library);
    }

    @Test
    void oneStackPerResponsibleCallerAndLibraryWithTheJavaMethodOfAJniCaller() throws IOException {
        Profile profile = XctraceJvmAllocations.read(LIST, IS_LIBRARY, JNI, null, null);

        StackCost leakBlocks = stack(profile, LEAK_BLOCKS);
        assertEquals(List.of(LEAK_BLOCKS, JavaFrames.of("com.example.Codec.leakBlocks")), leakBlocks.frames());
        assertEquals(List.of(3L, 12_288L, 12_288L, 3L), figures(leakBlocks));
        assertTrue(leakBlocks.inScope());
        assertFalse(leakBlocks.possiblyCut());
        assertEquals(0, leakBlocks.temporaryAllocations());
        assertEquals(0, leakBlocks.peakBytes());
        assertEquals(List.of(CHURN, JavaFrames.of("com.example.Codec.churn")), stack(profile, CHURN).frames());
        // a caller that is no JNI method: its Java entry point is unknown, so none is made up
        assertEquals(List.of(INIT), stack(profile, INIT).frames());
        assertEquals(List.of(FINISH_GROW), stack(profile, FINISH_GROW).frames());
        assertEquals(4, profile.stacks().stream().filter(StackCost::inScope).count());

        // the JVM's own rows, a callback into the JVM included, are outside the scope
        StackCost jvm = stack(profile, new Frame("os::malloc(unsigned long, MEMFLAGS)", null, 0, "libjvm.dylib"));
        assertFalse(jvm.inScope());
        assertEquals(List.of(2L, 306_464L, 0L, 0L), figures(jvm));
        assertFalse(stack(profile, new Frame("jni_GetStringUTFChars", null, 0, "libjvm.dylib")).inScope());
        // a placeholder caller without a library is a stack without frames, outside the scope
        StackCost unknown = profile.stacks().stream().filter(s -> s.frames().isEmpty()).findFirst().orElseThrow();
        assertEquals(List.of(1L, 32L, 32L, 1L), figures(unknown));
        assertFalse(unknown.inScope());
        // the VM region is no heap allocation
        assertTrue(profile.stacks().stream().flatMap(s -> s.frames().stream())
                .noneMatch(f -> f.function() != null && f.function().contains("map_arena")));
    }

    @Test
    void markersFoundInSequenceSplitTheLibrarysAllocationsByTestAndCountNowhere() throws IOException {
        Profile profile = XctraceJvmAllocations.read(LIST, IS_LIBRARY, JNI, TestMarkers.read(MARKERS), null);

        // the four markers (305,416 to 305,440 bytes, in sequence) are left out; the 305,440-byte allocation made
        // before the first marker is out of sequence, an ordinary one
        assertEquals(10L, profile.allocations());
        assertEquals(319_264L, profile.allocatedBytes());
        assertEquals(12_384L, profile.leakedBytes());
        assertEquals(5L, profile.leakedBlocks());
        assertEquals(1, profile.stacks().stream().filter(s -> s.frames().equals(List.of(new Frame(
                "os::malloc(unsigned long, MEMFLAGS)", null, 0, "libjvm.dylib")))).count());
        assertTrue(profile.stacks().stream().noneMatch(s -> s.frames().equals(List.of(new Frame(
                "Unsafe_AllocateMemory0", null, 0, "libjvm.dylib")))), "only markers had that stack");
        assertEquals(new ScopedTotals(6, 12_736, null, null, null, 12_352, 12_352, 4, null, 4, List.of()),
                profile.scope(), "the library made no marker");

        List<TestCosts> tests = profile.tests();
        assertEquals(List.of(Summary.OUTSIDE_TESTS, "com.example.CodecTest#leaks", "com.example.CodecTest#churns"),
                tests.stream().map(TestCosts::test).toList());
        // the library's initialisation before the first test and a block allocated after the last one
        assertCosts(tests.get(0), 2, 4_160, 4_160, 2);
        assertCosts(tests.get(1), 2, 8_192, 8_192, 2);
        assertCosts(tests.get(2), 2, 384, 0, 0);
        assertEquals(List.of(List.of(LEAK_BLOCKS, JavaFrames.of("com.example.Codec.leakBlocks"))),
                tests.get(1).stacks().stream().map(StackCost::frames).toList(), "the JVM's callback is not the library's");
        assertEquals(List.of(List.of(CHURN, JavaFrames.of("com.example.Codec.churn")), List.of(FINISH_GROW)),
                tests.get(2).stacks().stream().map(StackCost::frames).toList());
        assertTrue(tests.stream().allMatch(t -> t.peakBytes() == null), "no peak from an Allocations List");
        assertTrue(tests.stream().flatMap(t -> t.stacks().stream()).allMatch(StackCost::inScope));
    }

    @Test
    void severalOpenWindowsShareTheirAllocationsAsOverlappingTests() throws IOException {
        Path list = write(
                marker(0), lib("Java_com_example_A_a", 100, false),
                marker(1), lib("Java_com_example_B_b", 200, true),
                marker(2), lib("Java_com_example_B_b", 300, false),
                marker(3), lib("Java_com_example_C_c", 400, false));
        TestMarkers markers = markers("0 start A#a", "1 start B#b", "2 end A#a", "3 end B#b");

        List<TestCosts> tests = XctraceJvmAllocations.read(list, IS_LIBRARY, JNI, markers, null).tests();

        assertEquals(List.of("A#a", Summary.OVERLAPPING_TESTS, "B#b", Summary.OUTSIDE_TESTS),
                tests.stream().map(TestCosts::test).toList());
        assertCosts(tests.get(0), 1, 100, 0, 0);
        assertCosts(tests.get(1), 1, 200, 200, 1);
        assertCosts(tests.get(2), 1, 300, 0, 0);
        assertCosts(tests.get(3), 1, 400, 0, 0);
    }

    @Test
    void aMarkerSizedAllocationOutOfSequenceIsAnOrdinaryOne() throws IOException {
        // inside test A's window, the library allocates exactly the size of marker 2 while marker 1 is expected
        Path list = write(
                marker(0), lib("Java_com_example_A_a", TestMarkers.sizeOf(2), true), marker(1),
                marker(2), lib("Java_com_example_B_b", 64, false), marker(3));
        TestMarkers markers = markers("0 start A#a", "1 end A#a", "2 start B#b", "3 end B#b");

        Profile profile = XctraceJvmAllocations.read(list, IS_LIBRARY, JNI, markers, null);

        assertEquals(2L, profile.allocations());
        assertEquals(TestMarkers.sizeOf(2) + 64, profile.allocatedBytes());
        assertEquals(List.of("A#a", "B#b"), profile.tests().stream().map(TestCosts::test).toList());
        assertCosts(profile.tests().get(0), 1, TestMarkers.sizeOf(2), TestMarkers.sizeOf(2), 1);
        assertCosts(profile.tests().get(1), 1, 64, 0, 0);
    }

    @Test
    void rowsAreTakenInTheOrderOfTheirIndexNotOfTheFile() throws IOException {
        List<String> rows = List.of(marker(0), lib("Java_com_example_A_a", 100, false), marker(1),
                lib("Java_com_example_A_a", 200, false));
        List<String> indexed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            indexed.add(rows.get(i).replace("/>", " index=\"" + (10 + i) + "\"/>"));
        }
        Path list = write(indexed.get(3), indexed.get(1), indexed.get(2), indexed.get(0));
        TestMarkers markers = markers("0 start A#a", "1 end A#a");

        List<TestCosts> tests = XctraceJvmAllocations.read(list, IS_LIBRARY, JNI, markers, null).tests();

        assertEquals(List.of("A#a", Summary.OUTSIDE_TESTS), tests.stream().map(TestCosts::test).toList());
        assertCosts(tests.get(0), 1, 100, 0, 0);
        assertCosts(tests.get(1), 1, 200, 0, 0);
    }

    @Test
    void onlyWindowsWithAllocationsAreListedInTheOrderTheyFirstAllocated() throws IOException {
        Path list = write(marker(0), marker(1), marker(2), lib("Java_com_example_B_b", 64, true), marker(3),
                lib("Java_com_example_C_c", 8, false));
        TestMarkers markers = markers("0 start A#a", "1 end A#a", "2 start B#b", "3 end B#b");

        List<TestCosts> tests = XctraceJvmAllocations.read(list, IS_LIBRARY, JNI, markers, null).tests();

        assertEquals(List.of("B#b", Summary.OUTSIDE_TESTS), tests.stream().map(TestCosts::test).toList(),
                "test A allocated nothing in the library");
        assertCosts(tests.get(0), 1, 64, 64, 1);
    }

    @Test
    void markersNotAllFoundGiveNoTestsForTheWindowsWouldBeWrong() throws IOException {
        // the JVM died in test B: its end marker never came
        Path list = write(marker(0), marker(1), marker(2), lib("Java_com_example_B_b", 64, true));
        TestMarkers markers = markers("0 start A#a", "1 end A#a", "2 start B#b", "3 end B#b");

        Profile profile = XctraceJvmAllocations.read(list, IS_LIBRARY, JNI, markers, null);

        assertNull(profile.tests());
        assertEquals(1L, profile.allocations(), "the markers found still count nowhere");
        assertEquals(1L, profile.scope().allocations());
    }

    @Test
    void markersNotFoundInTheRecordingGiveNoTests() throws IOException {
        Path list = write(lib("Java_com_example_A_a", 100, false), jvm(TestMarkers.sizeOf(1)));

        Profile profile = XctraceJvmAllocations.read(list, IS_LIBRARY, JNI, markers("0 start A#a", "1 end A#a"), null);

        assertNull(profile.tests());
        assertEquals(2L, profile.allocations(), "marker 1 alone is out of sequence: an ordinary allocation");
    }

    @Test
    void anotherDetailIsRefused() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> XctraceJvmAllocations.read(
                Path.of("src/test/resources/xctrace/jvm-allocations-statistics.xml"), IS_LIBRARY, JNI, null, null));
        assertTrue(e.getMessage().contains("is not the Allocations List detail"), e.getMessage());
    }

    // ---- helpers

    private static void assertCosts(TestCosts costs, long allocations, long bytes, long leakedBytes,
            long leakedBlocks) {
        assertEquals(List.of(allocations, bytes, leakedBytes, leakedBlocks), List.of(costs.allocations(),
                costs.allocatedBytes(), costs.leakedBytes(), costs.leakedBlocks()), costs.test());
        assertNull(costs.peakBytes());
    }

    private static StackCost stack(Profile profile, Frame innermost) {
        return profile.stacks().stream().filter(s -> !s.frames().isEmpty() && s.frames().get(0).equals(innermost))
                .findFirst().orElseThrow(() -> new AssertionError("no stack of " + innermost));
    }

    private static List<Long> figures(StackCost stack) {
        return List.of(stack.allocations(), stack.allocatedBytes(), stack.leakedBytes(), stack.leakedBlocks());
    }

    private TestMarkers markers(String... events) throws IOException {
        StringBuilder text = new StringBuilder(TestMarkers.HEADER + "\n");
        for (String event : events) {
            String[] parts = event.split(" ", 3);
            text.append(parts[0]).append(' ').append(parts[1]).append(' ')
                    .append(TestMarkers.sizeOf(Integer.parseInt(parts[0]))).append(' ').append(parts[2]).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("jvm-1.tests"), text);
        return TestMarkers.read(file);
    }

    /** The listener's marker block of event {@code sequence}, allocated by the JVM. */
    private static String marker(int sequence) {
        return jvm(TestMarkers.sizeOf(sequence)).replace("os::malloc", "Unsafe_AllocateMemory0");
    }

    private static String jvm(long size) {
        return row("os::malloc", "libjvm.dylib", size, false);
    }

    private static String lib(String caller, long size, boolean live) {
        return row(caller, LIBRARY, size, live);
    }

    private static String row(String caller, String library, long size, boolean live) {
        return "<row address=\"0x600000c00000\" category=\"Malloc " + size + " Bytes\" live=\"" + live
                + "\" responsible-caller=\"" + caller + "\" size=\"" + size + "\" identifier=\"1\""
                + " responsible-library=\"" + library + "\" timestamp=\"00:00.100.000\"/>";
    }

    /** An Allocations List export of these rows; rows without an index get none (file order). */
    private Path write(String... rows) throws IOException {
        return Files.writeString(tmp.resolve("list.xml"), "<?xml version=\"1.0\"?>\n<trace-query-result>\n"
                + "<node xpath='//trace-toc[1]/run[1]/tracks[1]/track[1]/details[1]/detail[2]'>"
                + String.join("\n", rows) + "\n</node></trace-query-result>\n");
    }
}
