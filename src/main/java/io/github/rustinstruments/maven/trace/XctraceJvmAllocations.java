package io.github.rustinstruments.maven.trace;

import io.github.rustinstruments.maven.summary.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One test JVM's allocations as Instruments' Allocations List gives them, read with a native library's scope and,
 * when the JVM wrote them, its test markers ({@link TestMarkers}). The list is the track detail
 * <pre>
 * xcrun xctrace export --input jvm-&lt;n&gt;.trace --xpath '/trace-toc/run[@number="1"]/tracks/track[@name="Allocations"]/details/detail[@name="Allocations List"]'
 * </pre>
 * whose rows are read by attribute name ({@code address, category, live, responsible-caller, size, identifier,
 * responsible-library, timestamp, index}; see {@link XctraceExportReader}). One row is one allocation; rows of
 * {@code VM: ...} categories are virtual memory regions, not heap allocations, and are left out of everything.
 *
 * <h2>What a row gives, and what it cannot</h2>
 * A row has the allocation's size, whether it was still {@code live} when the recording ended, and one frame: the
 * responsible caller and its library (Instruments' first frame outside the allocator). So:
 * <ul>
 *   <li>allocations and allocated bytes: the rows; leaked bytes and blocks: the rows with {@code live="true"}
 *       (recorded with {@code --launch}, the recording ends when the JVM exits, so "live at the end" is "never freed
 *       by exit", as heaptrack's "leaked");</li>
 *   <li>the library's allocations are the rows whose {@code responsible-library} is one of its files (the
 *       {@code libraryModule} test, e.g. {@code libmylib.dylib}): Rust std compiled into the library counts, the
 *       JVM's own mallocs during a JNI callback (responsible library {@code libjvm.dylib}) do not;</li>
 *   <li>one {@link StackCost} per distinct (responsible caller, responsible library), frame
 *       {@code Frame(responsible-caller, null, 0, responsible-library)} (placeholders and bare addresses as in
 *       {@link XctraceExportReader}). When a library row's responsible caller is a Java method's native code (the
 *       {@code javaMethodOf} answer: a JNI method symbol such as {@code Java_com_example_Codec_leakBlocks}), that
 *       Java method is added as the stack's outermost frame ({@link JavaFrames}): that is where Java called in. Any
 *       other caller's Java entry point is unknown, since the row has no outer frames, and none is added;</li>
 *   <li>{@code null}, never 0: the peak of live bytes, the process's and the library's (a row says whether its block
 *       was freed, not when: live bytes over time cannot be followed), its time and the time line; temporary
 *       allocations (heaptrack's "freed before the next allocation" needs the time of the free); peak RSS; the
 *       library's live bytes at the process's peak. {@link StackCost#peakBytes()} and
 *       {@link StackCost#temporaryAllocations()} are 0 there, as the profile's {@code null} says they are unknown.</li>
 * </ul>
 *
 * <h2>Test markers</h2>
 * With markers, the rows are taken in the order of their {@code index} (file order when any row that matters has
 * none; the {@code timestamp} is not used: its exported form is a display text). A row whose size is that of the next
 * marker the JVM's markers file lists ({@link TestMarkers#sizeOf}) is that marker, in sequence: a marker-sized
 * allocation out of sequence is an ordinary allocation. Markers count in no figure, the whole process's included.
 * Each library allocation goes to the test whose window (between its start and end markers) is open; to
 * {@link Summary#OUTSIDE_TESTS} when none is, to {@link Summary#OVERLAPPING_TESTS} when several are. The windows
 * with at least one of the library's allocations are listed, in the order they first allocated, as heaptrack's
 * reader lists them. {@link Profile#tests()} is {@code null} when not every marker was found (a JVM that died in a
 * test, a marker allocation not recorded): the windows would be wrong. Per test, as for the whole JVM, the peak is
 * {@code null}.
 *
 * <p>Memory: without markers the rows are added up as they stream by. With markers, only the rows whose order
 * matters are kept (the library's and those of a marker's size band, {@link TestMarkers#inBand}): a few numbers each.
 */
public final class XctraceJvmAllocations {

    private XctraceJvmAllocations() {}

    /**
     * Reads an exported Allocations List.
     *
     * @param allocationsList the exported detail
     * @param libraryModule   whether a {@code responsible-library} is one of the library's files
     * @param javaMethodOf    the Java method a library's responsible caller implements (a JNI method's), or
     *                        {@code null} when it is none
     * @param markers         the JVM's test markers, or {@code null} when it wrote none
     * @param durationMillis  the recording's duration (from its table of contents), or {@code null}
     * @return the whole process's profile, with the library's figures in {@link Profile#scope()}, its stacks marked
     *         {@link StackCost#inScope()}, and with markers found, {@link Profile#tests()}
     * @throws RecordingFormatException the file is not an exported Allocations List, or is cut off
     */
    public static Profile read(Path allocationsList, Predicate<String> libraryModule,
            UnaryOperator<String> javaMethodOf, TestMarkers markers, Long durationMillis) throws IOException {
        Reading reading = new Reading(libraryModule, javaMethodOf,
                markers != null && !markers.events().isEmpty() ? markers : null);
        XctraceExportReader.forEachListRow(allocationsList, reading::row);
        return reading.finish(durationMillis);
    }

    /** A distinct (responsible caller, responsible library), and its costs outside markers. */
    private static final class Stack {
        final List<Frame> frames;
        final boolean inScope;
        long allocations;
        long bytes;
        long leakedBytes;
        long leakedBlocks;

        Stack(List<Frame> frames, boolean inScope) {
            this.frames = frames;
            this.inScope = inScope;
        }

        void add(long size, boolean live) {
            allocations++;
            bytes += size;
            if (live) {
                leakedBytes += size;
                leakedBlocks++;
            }
        }

        StackCost cost() {
            return new StackCost(frames, allocations, bytes, 0, 0, leakedBytes, leakedBlocks, inScope, 0, false);
        }
    }

    /** The library's allocations in one test's window (or outside tests, or in overlapping ones). */
    private static final class Window {
        final String test;
        final Map<Stack, Stack> stacks = new LinkedHashMap<>();

        Window(String test) {
            this.test = test;
        }

        void add(Stack stack, long size, boolean live) {
            stacks.computeIfAbsent(stack, s -> new Stack(s.frames, true)).add(size, live);
        }

        TestCosts costs() {
            long allocations = 0;
            long bytes = 0;
            long leaked = 0;
            long blocks = 0;
            List<StackCost> costs = new ArrayList<>(stacks.size());
            for (Stack stack : stacks.values()) {
                allocations += stack.allocations;
                bytes += stack.bytes;
                leaked += stack.leakedBytes;
                blocks += stack.leakedBlocks;
                costs.add(stack.cost());
            }
            return new TestCosts(test, allocations, bytes, null, leaked, blocks, List.copyOf(costs));
        }
    }

    /** One pass over the rows, then the ordered walk over the rows kept for the markers. */
    private static final class Reading {
        private final Predicate<String> libraryModule;
        private final UnaryOperator<String> javaMethodOf;
        private final TestMarkers markers;
        private final Map<List<Frame>, Stack> stacks = new LinkedHashMap<>();
        private long allocations;
        private long bytes;
        private long leakedBytes;
        private long leakedBlocks;
        private long libraryAllocations;
        private long libraryBytes;
        private long libraryLeakedBytes;
        private long libraryLeakedBlocks;

        // the rows kept for the markers, in file order
        private int kept;
        private long[] index = new long[0];
        private long[] size = new long[0];
        private Stack[] stackOf = new Stack[0];
        private final BitSet live = new BitSet();
        private boolean allIndexed = true;
        private boolean inOrder = true;

        Reading(Predicate<String> libraryModule, UnaryOperator<String> javaMethodOf, TestMarkers markers) {
            this.libraryModule = libraryModule;
            this.javaMethodOf = javaMethodOf;
            this.markers = markers;
        }

        void row(XctraceExportReader.ListRow row) {
            if (row.isVmRegion()) {
                return;
            }
            Stack stack = stackOf(row);
            if (markers != null && (stack.inScope || TestMarkers.inBand(row.size()))) {
                keep(row, stack);
            } else {
                count(stack, row.size(), row.live());
            }
        }

        private Stack stackOf(XctraceExportReader.ListRow row) {
            List<Frame> frames = row.frames();
            Stack stack = stacks.get(frames);
            if (stack == null) {
                boolean inScope = libraryModule.test(row.responsibleLibrary());
                List<Frame> shown = frames;
                String java = inScope && row.responsibleCaller() != null
                        ? javaMethodOf.apply(row.responsibleCaller()) : null;
                if (java != null) {
                    shown = List.of(frames.get(0), JavaFrames.of(java));
                }
                stack = new Stack(shown, inScope);
                stacks.put(frames, stack);
            }
            return stack;
        }

        private void keep(XctraceExportReader.ListRow row, Stack stack) {
            if (kept == size.length) {
                int capacity = Math.max(1024, kept * 2);
                index = Arrays.copyOf(index, capacity);
                size = Arrays.copyOf(size, capacity);
                stackOf = Arrays.copyOf(stackOf, capacity);
            }
            if (row.index() == null) {
                allIndexed = false;
            } else if (kept > 0 && row.index() < index[kept - 1]) {
                inOrder = false;
            }
            index[kept] = row.index() == null ? -1 : row.index();
            size[kept] = row.size();
            stackOf[kept] = stack;
            live.set(kept, row.live());
            kept++;
        }

        private void count(Stack stack, long bytesOfRow, boolean liveAtEnd) {
            stack.add(bytesOfRow, liveAtEnd);
            allocations++;
            bytes += bytesOfRow;
            if (liveAtEnd) {
                leakedBytes += bytesOfRow;
                leakedBlocks++;
            }
            if (stack.inScope) {
                libraryAllocations++;
                libraryBytes += bytesOfRow;
                if (liveAtEnd) {
                    libraryLeakedBytes += bytesOfRow;
                    libraryLeakedBlocks++;
                }
            }
        }

        Profile finish(Long durationMillis) {
            List<TestCosts> tests = markers == null ? null : walkMarkers();
            List<StackCost> costs = new ArrayList<>(stacks.size());
            int libraryStacks = 0;
            for (Stack stack : stacks.values()) {
                if (stack.allocations == 0) {
                    continue; // only markers had it
                }
                costs.add(stack.cost());
                if (stack.inScope) {
                    libraryStacks++;
                }
            }
            ScopedTotals library = new ScopedTotals(libraryAllocations, libraryBytes, null, null, null,
                    libraryLeakedBytes, libraryLeakedBytes, libraryLeakedBlocks, null, libraryStacks, List.of());
            return new Profile(null, allocations, bytes, null, null, null, leakedBytes, leakedBlocks, durationMillis,
                    List.copyOf(costs), null, List.of(), null, library, tests);
        }

        /** The kept rows in order: the markers found, and the library's rows counted per window. */
        private List<TestCosts> walkMarkers() {
            MarkerSequence sequence = new MarkerSequence(markers);
            Map<String, Window> windows = new LinkedHashMap<>();
            for (int i : order()) {
                long bytesOfRow = size[i];
                if (sequence.isNextMarker(bytesOfRow)) {
                    continue;
                }
                Stack stack = stackOf[i];
                boolean liveAtEnd = live.get(i);
                count(stack, bytesOfRow, liveAtEnd);
                if (stack.inScope) {
                    windows.computeIfAbsent(sequence.window(), Window::new).add(stack, bytesOfRow, liveAtEnd);
                }
            }
            if (!sequence.complete()) {
                return null;
            }
            List<TestCosts> tests = new ArrayList<>(windows.size());
            windows.values().forEach(window -> tests.add(window.costs()));
            return List.copyOf(tests);
        }

        /** The kept rows by {@code index} when all have one, else in file order. */
        private int[] order() {
            if (!allIndexed || inOrder) {
                int[] order = new int[kept];
                Arrays.setAll(order, i -> i);
                return order;
            }
            Integer[] boxed = new Integer[kept];
            Arrays.setAll(boxed, i -> i);
            Arrays.sort(boxed, Comparator.comparingLong((Integer i) -> index[i]).thenComparingInt(i -> i));
            return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        }
    }
}
