package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-test windows: the markers found in sequence and left out of every figure, the library's allocations charged
 * to the window they were made in, frees matched to the latest live allocation of their info. The figures of the
 * hand-written recording are worked out event by event in {@link #RECORDING}'s comments.
 */
class HeaptrackReaderTestWindowsTest {

    private static final String LIB = "/x/libfoo.so";

    /** Infos: 0 JVM 4096 B; 1 library 256 B; 2 library 16 B; 3-6 JVM, the sizes of markers 0-3. */
    static final String HEADER = """
            v 10400 3
            X java Main
            I 1000 100
            s c /x/libfoo.so
            s c /x/libjvm.so
            s 4 work
            s 4 grow
            s 6 direct
            i 7f0000001000 1 3
            i 7f0000002000 2 4
            i 7f0000003000 2 5
            t 1 0
            t 2 0
            t 3 0
            a 1000 2
            a 100 1
            a 10 1
            a 4a908 3
            a 4a910 3
            a 4a918 3
            a 4a920 3
            """;

    static final String RECORDING = HEADER + """
            + 1
            + 4
            - 4
            + 3
            - 3
            + 1
            + 1
            - 1
            + 2
            + 0
            + 4
            - 4
            + 5
            + 1
            - 1
            - 2
            - 5
            + 6
            """;
    // + 1   outside: 256 (never freed)
    // + 4   the size of marker 1 while marker 0 is expected: an ordinary allocation of the JVM
    // - 4   its free, ordinary
    // + 3   marker 0: one starts          - 3 its free
    // + 1   one: 256   + 1  one: 512 = its peak   - 1  one: 256 (its own latest)
    // + 2   one: 272   + 0  the JVM's 4096 (no window's: out of the scope)
    // + 4   marker 1: one ends (this info's stray allocation was freed already)   - 4 its free
    // + 5   marker 2: two starts
    // + 1   two: 256 = its peak   - 1  two: 0
    // - 2   frees one's 16 B: the latest live allocation of info 2 was one's
    // - 5   marker 2's free
    // + 6   marker 3: two ends; never freed, and still no figure's

    private static TestMarkers markers(String... events) {
        List<TestMarkers.Event> list = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            String[] e = events[i].split(" ");
            list.add(new TestMarkers.Event(i, "start".equals(e[0]), TestMarkers.sizeOf(i), e[1]));
        }
        return new TestMarkers(List.copyOf(list));
    }

    private static Profile read(String text, TestMarkers markers) throws IOException {
        return HeaptrackReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "x",
                frames -> !frames.isEmpty() && LIB.equals(frames.get(0).module()), markers);
    }

    @Test
    void theLibrarysAllocationsAreChargedToTheirTests() throws IOException {
        Profile profile = read(RECORDING, markers("start A#one", "end A#one", "start A#two", "end A#two"));

        // the markers count nowhere; the stray allocation of a marker's size does
        assertEquals(7L, profile.allocations());
        assertEquals(4L * 256 + 305_424 + 16 + 4096, profile.allocatedBytes());
        assertEquals(256L + 256 + 4096, profile.leakedBytes());
        assertEquals(3L, profile.leakedBlocks());
        assertEquals(5, profile.scope().allocations());
        assertEquals(512, profile.scope().leakedBytes());

        List<TestCosts> tests = profile.tests();
        assertEquals(List.of("(outside tests)", "A#one", "A#two"), tests.stream().map(TestCosts::test).toList());
        TestCosts outside = tests.get(0);
        TestCosts one = tests.get(1);
        TestCosts two = tests.get(2);
        assertEquals(List.of(1L, 256L, 256L, 256L, 1L), figures(outside));
        assertEquals(List.of(3L, 528L, 512L, 256L, 1L), figures(one), "the 16 B freed during two were one's");
        assertEquals(List.of(1L, 256L, 256L, 0L, 0L), figures(two));
        // the window figures add up to the library's
        assertEquals(profile.scope().allocations(), tests.stream().mapToLong(TestCosts::allocations).sum());
        assertEquals(profile.scope().allocatedBytes(), tests.stream().mapToLong(TestCosts::allocatedBytes).sum());
        assertEquals(profile.scope().leakedBytes(), tests.stream().mapToLong(TestCosts::leakedBytes).sum());

        // one stack (infos 1 and 2 share the trace), its share at one's own peak
        assertEquals(1, one.stacks().size());
        StackCost stack = one.stacks().get(0);
        assertEquals("work", stack.frames().get(0).function());
        assertEquals(3, stack.allocations());
        assertEquals(512, stack.peakBytes());
        assertEquals(512, stack.scopedPeakBytes());
        assertEquals(256, stack.leakedBytes());
    }

    @Test
    void overlappingTestsShareTheirAllocations() throws IOException {
        String text = HEADER + """
                + 3
                + 4
                + 1
                + 5
                + 2
                + 6
                """;
        Profile profile = read(text, markers("start A#one", "start A#two", "end A#one", "end A#two"));
        List<TestCosts> tests = profile.tests();
        assertEquals(List.of("(overlapping tests)", "A#two"), tests.stream().map(TestCosts::test).toList());
        assertEquals(256, tests.get(0).leakedBytes());
        assertEquals(16, tests.get(1).leakedBytes());
        assertEquals(2L, profile.allocations(), "no marker counts");
    }

    @Test
    void missingMarkersGiveNoSplit() throws IOException {
        Profile profile = read(RECORDING,
                markers("start A#one", "end A#one", "start A#two", "end A#two", "start A#three"));
        assertNull(profile.tests(), "windows after a lost marker would be wrong");
        assertEquals(5, profile.scope().allocations());
    }

    @Test
    void withoutMarkersTheFiguresAreTheSameAsWithout() throws IOException {
        Profile windowed = read(RECORDING, markers());
        Profile plain = HeaptrackReader.read(new ByteArrayInputStream(RECORDING.getBytes(StandardCharsets.US_ASCII)),
                "x", frames -> !frames.isEmpty() && LIB.equals(frames.get(0).module()));
        assertEquals(plain.allocations(), windowed.allocations());
        assertEquals(plain.leakedBytes(), windowed.leakedBytes());
        assertEquals(plain.scope(), windowed.scope());
        assertEquals(List.of("(outside tests)"), windowed.tests().stream().map(TestCosts::test).toList());
    }

    @Test
    void theMarkersFileIsReadInSequence(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jvm-1.tests");
        Files.writeString(file, TestMarkers.HEADER + "\n0 start 305416 a.B#c\n1 end 305424 a.B#c\n2 start 3054");
        TestMarkers read = TestMarkers.read(file);
        assertEquals(List.of(new TestMarkers.Event(0, true, 305_416, "a.B#c"),
                new TestMarkers.Event(1, false, 305_424, "a.B#c")), read.events(), "a last line cut short is left");
        Files.writeString(file, TestMarkers.HEADER + "\n1 start 305424 a.B#c\n2 end 305432 a.B#c\n");
        assertThrows(RecordingFormatException.class, () -> TestMarkers.read(file));
        Files.writeString(file, "0 start 305416 a.B#c\n");
        assertThrows(RecordingFormatException.class, () -> TestMarkers.read(file));
        assertEquals(305_416 + 8 * 4095, TestMarkers.sizeOf(4095));
        assertEquals(305_416, TestMarkers.sizeOf(4096), "sizes wrap");
    }

    private static List<Long> figures(TestCosts test) {
        return List.of(test.allocations(), test.allocatedBytes(), test.peakBytes(), test.leakedBytes(),
                test.leakedBlocks());
    }
}
