package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.symbols.RustDemangler;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.MacLeaksReportReader.Report;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MacLeaksReportReader} on hand-written reports in the documented format of macOS {@code leaks}
 * (src/test/resources/macos-leaks/README.md: not captured on a Mac).
 */
class MacLeaksReportReaderTest {
    private static final String MALLOC = "libsystem_malloc.dylib";
    private static final Frame MALLOC_LEGACY =
            new Frame("_malloc_zone_malloc_instrumented_or_legacy", null, 0, MALLOC);
    private static final Frame MALLOC_ZONE = new Frame("_malloc_zone_malloc", null, 0, MALLOC);
    private static final Frame START = new Frame("start", null, 0, "dyld");

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(MacLeaksReportReaderTest.class.getResource("/macos-leaks/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Profile parse(String text) throws IOException {
        return MacLeaksReportReader.read(new StringReader(text), "inline.txt");
    }

    private static final String HEAD = """
            Process:         prog [4242]
            Path:            /Users/USER/*/prog
            Report Version:  7
            ----

            leaks Report Version: 4.0, multi-line stacks
            Process 4242: 310 nodes malloced for 24 KB
            """;

    @Test
    void pluralWithTwoStackBlocksAndANestedTree() throws IOException {
        Report report = MacLeaksReportReader.readReport(fixture("plural-stacks.txt"));
        Profile p = report.profile();
        assertEquals("/Users/USER/*/prog", p.command());
        assertEquals(192L, p.leakedBytes());
        assertEquals(5L, p.leakedBlocks());
        assertNull(p.allocations());
        assertNull(p.allocatedBytes());
        assertNull(p.temporaryAllocations());
        assertNull(p.peakHeapBytes());
        assertNull(p.peakRssBytes());
        assertNull(p.durationMillis());
        assertNull(p.peakTimeMillis());
        assertEquals(List.of(), p.timeline());
        assertNull(p.leaks().kinds());
        assertNull(p.leaks().errors());

        List<Frame> first = List.of(MALLOC_ZONE, MALLOC_LEGACY,
                new Frame("alloc::alloc::alloc::h0c1d2e3f4a5b6c7d", "alloc.rs", 98, "prog"),
                new Frame("mylib::make_node::h2f4e1c0a9b7d6e53", "lib.rs", 21, "prog"),
                new Frame("main", "main.rs", 9, "prog"),
                START);
        List<Frame> second = List.of(MALLOC_ZONE, MALLOC_LEGACY,
                new Frame("mylib::Cache::insert::h9a8b7c6d5e4f3a21", "lib.rs", 40, "prog"),
                new Frame("main", "main.rs", 14, "prog"),
                START);
        assertEquals(List.of(
                new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 160, 3, first),
                new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 32, 2, second)), p.leaks().records());
        assertEquals(List.of(
                new StackCost(first, 0, 0, 0, 0, 160, 3),
                new StackCost(second, 0, 0, 0, 0, 32, 2)), p.stacks());

        assertEquals("prog", report.processName());
        assertEquals(4242L, report.pid());
        assertEquals("/Users/USER/*/prog", report.path());
        assertEquals("4.0, multi-line stacks", report.reportVersion());
        assertEquals(310L, report.nodes());
        assertEquals(24L, report.nodeKilobytes());
        assertEquals("1.2M", report.physicalFootprint());
        assertEquals("1.9M", report.physicalFootprintPeak());
        assertEquals(List.of(), report.notices());
    }

    @Test
    void singularLeakWithANotDebuggableNotice() throws IOException {
        Report report = MacLeaksReportReader.readReport(fixture("singular.txt"));
        Profile p = report.profile();
        assertEquals(32L, p.leakedBytes());
        assertEquals(1L, p.leakedBlocks());
        assertEquals(205L, report.nodes());
        assertEquals(List.of("Process 5150 is not debuggable. Due to security restrictions, leaks can only show or"
                + " save contents of readonly memory of restricted processes."), report.notices());
        List<Frame> frames = List.of(MALLOC_LEGACY,
                new Frame("_$LT$alloc..boxed..Box$LT$T$GT$$GT$::new::h1122334455667788", "boxed.rs", 254, "prog"),
                new Frame("main", "main.rs", 3, "prog"),
                START);
        assertEquals(List.of(new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 32, 1, frames)), p.leaks().records());
        assertEquals(List.of(new StackCost(frames, 0, 0, 0, 0, 32, 1)), p.stacks());
        // frames keep the raw symbol; the demangler cleans it later
        assertEquals("<alloc::boxed::Box<T>>::new", RustDemangler.demangle(frames.get(1).function()));
    }

    @Test
    void zeroLeaksIsAValidReport() throws IOException {
        Report report = MacLeaksReportReader.readReport(fixture("zero.txt"));
        Profile p = report.profile();
        assertEquals(0L, p.leakedBytes());
        assertEquals(0L, p.leakedBlocks());
        assertEquals(List.of(), p.leaks().records());
        assertEquals(List.of(), p.stacks());
        assertEquals("/Users/USER/*/prog", p.command());
        assertEquals("4.0", report.reportVersion());
        assertEquals(182L, report.nodes());
        assertEquals(13L, report.nodeKilobytes());
        assertEquals("960K", report.physicalFootprint());
        assertEquals("1.0M", report.physicalFootprintPeak());
    }

    @Test
    void rootCycleWithCycleBackToAndRoundedSizes() throws IOException {
        Profile p = MacLeaksReportReader.read(fixture("cycle-k-sizes.txt"));
        assertEquals(159312L, p.leakedBytes());
        assertEquals(4L, p.leakedBlocks());
        List<LeakRecord> records = p.leaks().records();
        assertEquals(2, records.size());
        // (2.58K): the tree lists all 3 nodes, so their own [bytes] give the exact 1024 + 1024 + 592
        assertEquals(new LeakRecord(MacLeaksReportReader.ROOT_CYCLE, 2640, 3, List.of(MALLOC_LEGACY,
                new Frame("_$LT$alloc..rc..Rc$LT$T$GT$$GT$::new::hffeeddccbbaa9988", "rc.rs", 398, "prog"),
                new Frame("graph::Node::link::h5d6e7f8091a2b3c4", "graph.rs", 33, "prog"),
                new Frame("main", "main.rs", 17, "prog"),
                START)), records.get(0));
        // (153K) with its single node listed: [156672]
        assertEquals(new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 156672, 1, List.of(MALLOC_LEGACY,
                new Frame("graph::Buffer::with_capacity::h0123456789abcdef", "graph.rs", 61, "prog"),
                new Frame("main", "main.rs", 20, "prog"),
                START)), records.get(1));
        assertEquals(159312L, p.stacks().stream().mapToLong(StackCost::leakedBytes).sum());
        assertEquals(4L, p.stacks().stream().mapToLong(StackCost::leakedBlocks).sum());
    }

    @Test
    void olderListStyle() throws IOException {
        Report report = MacLeaksReportReader.readReport(fixture("list-style.txt"));
        Profile p = report.profile();
        assertEquals(112L, p.leakedBytes());
        assertEquals(3L, p.leakedBlocks());
        assertEquals("2.0", report.reportVersion());
        assertEquals(1502L, report.nodes());
        assertEquals(143L, report.nodeKilobytes());
        assertEquals("3208K", report.physicalFootprint());
        // after the zone: nothing; a class, its type and the binary implementing it; "malloc in <function>"
        List<Frame> array = List.of(new Frame("NSMutableArray", null, 0, "CoreFoundation"));
        List<Frame> makeNode = List.of(new Frame("mylib::make_node", null, 0, null));
        assertEquals(List.of(
                new LeakRecord(MacLeaksReportReader.LEAK, 32, 1, List.of()),
                new LeakRecord(MacLeaksReportReader.LEAK, 48, 1, array),
                new LeakRecord(MacLeaksReportReader.LEAK, 32, 1, makeNode)), p.leaks().records());
        assertEquals(List.of(new StackCost(List.of(), 0, 0, 0, 0, 32, 1), new StackCost(array, 0, 0, 0, 0, 48, 1),
                new StackCost(makeNode, 0, 0, 0, 0, 32, 1)), p.stacks());
    }

    @Test
    void truncatedInsideAStackBlockNamesTheFile() {
        Path file = fixture("truncated.txt");
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> MacLeaksReportReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("ends inside the 'STACK OF' block of line 17"), e.getMessage());
    }

    @Test
    void notALeaksReport() {
        Path file = fixture("not-leaks.txt");
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> MacLeaksReportReader.read(file));
        assertEquals(file + " is not a macOS leaks report: no 'Process N: M leaks for B total leaked bytes.' line",
                e.getMessage());
    }

    @Test
    void headerWithoutSummaryIsTruncated() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> parse(HEAD));
        assertTrue(e.getMessage().startsWith("inline.txt is not a complete macOS leaks report: it has the report's"
                + " header but ends before the 'Process N: M leaks"), e.getMessage());
    }

    @Test
    void emptyInput() throws IOException {
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> parse("\n\n"));
        assertTrue(e.getMessage().startsWith("inline.txt is empty"), e.getMessage());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        e = assertThrows(RecordingFormatException.class, () -> MacLeaksReportReader.read(empty));
        assertTrue(e.getMessage().startsWith(empty + " is empty"), e.getMessage());
    }

    @Test
    void missingFile() {
        IOException e = assertThrows(IOException.class, () -> MacLeaksReportReader.read(tmp.resolve("nope.txt")));
        assertTrue(e.getMessage().endsWith("nope.txt does not exist or is not a file"), e.getMessage());
    }

    @Test
    void twoReportsInOneFileAreRefused() {
        String one = HEAD + "Process 4242: 0 leaks for 0 total leaked bytes.\n";
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> parse(one + one));
        assertTrue(e.getMessage().contains("more than one leaks report"), e.getMessage());
    }

    @Test
    void summaryInsideAnOpenStackBlockIsTruncation() {
        String text = HEAD + """
                Process 4242: 1 leak for 16 total leaked bytes.
                STACK OF 1 INSTANCE OF 'ROOT LEAK: <malloc in main>':
                1   prog   0x100003f6c main + 24  main.rs:5
                Process 4242: 1 leak for 16 total leaked bytes.
                """;
        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> parse(text));
        assertTrue(e.getMessage().contains("the 'STACK OF' block of line 9 has no closing '===='"), e.getMessage());
    }

    @Test
    void treeWithoutStackLoggingGivesOneRecordPerRoot() throws IOException {
        Profile p = parse(HEAD + """
                Process 4242: 4 leaks for 224 total leaked bytes.

                    2 (160 bytes) ROOT LEAK: 0x600001234000 [80]
                       1 (80 bytes) 0x600001234050 [80]
                    2 (64 bytes) ROOT CYCLE: 0x600001235000 [32]
                       CYCLE BACK TO 0x600001235000 [32]
                       1 (32 bytes) 0x600001235020 [32]
                """);
        assertEquals(224L, p.leakedBytes());
        assertEquals(4L, p.leakedBlocks());
        assertEquals(List.of(
                new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 160, 2, List.of()),
                new LeakRecord(MacLeaksReportReader.ROOT_CYCLE, 64, 2, List.of())), p.leaks().records());
        assertEquals(List.of(new StackCost(List.of(), 0, 0, 0, 0, 224, 4)), p.stacks());
    }

    @Test
    void roundedSizeOfAnIncompleteTreeIsScaledBy1024() throws IOException {
        Profile p = parse(HEAD + """
                Process 4242: 5 leaks for 2640 total leaked bytes.
                    5 (2.58K) ROOT LEAK: <malloc in f 0x600001234000> [1024]
                       1 (1.00K) <malloc in f 0x600001234400> [1024]
                """);
        assertEquals(2640L, p.leakedBytes(), "the summary line is authoritative");
        assertEquals(List.of(new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 2642, 5, List.of())),
                p.leaks().records());
    }

    @Test
    void sizes() {
        assertEquals(48L, MacLeaksReportReader.parseSize("48 bytes"));
        assertEquals(1L, MacLeaksReportReader.parseSize("1 byte"));
        assertEquals(2642L, MacLeaksReportReader.parseSize("2.58K"));
        assertEquals(156672L, MacLeaksReportReader.parseSize("153K"));
        assertEquals(1258291L, MacLeaksReportReader.parseSize("1.2M"));
        assertNull(MacLeaksReportReader.parseSize("lots"));
    }

    @Test
    void frameLines() {
        assertEquals(new Frame("main", "main.rs", 9, "prog"),
                MacLeaksReportReader.frame("prog", "main + 52  main.rs:9"));
        assertEquals(new Frame("main", "main.rs", 9, "prog"),
                MacLeaksReportReader.frame("prog", "main + 52  [main.rs:9]"));
        assertEquals(new Frame("start", null, 0, "dyld"), MacLeaksReportReader.frame("dyld", "start + 2360"));
        assertEquals(new Frame(null, null, 0, "prog"), MacLeaksReportReader.frame("prog", "???"));
        assertEquals(new Frame("<alloc::vec::Vec<T> as core::clone::Clone>::clone::h0011223344556677",
                "/rustc/abc/library/alloc/src/vec/mod.rs", 2841, "My App"),
                MacLeaksReportReader.frame("My App",
                        "<alloc::vec::Vec<T> as core::clone::Clone>::clone::h0011223344556677 + 12"
                                + "  /rustc/abc/library/alloc/src/vec/mod.rs:2841"));
    }

    @Test
    void imageNamesWithSpacesAndNoiseInsideABlock() throws IOException {
        Profile p = parse("My App output line\n" + HEAD + """
                Process 4242: 1 leak for 16 total leaked bytes.

                STACK OF 1 INSTANCE OF 'ROOT LEAK: <malloc in main>':
                2   My App                                0x100003f6c main + 24  main.rs:5
                leaks[4241]: warning: could not symbolicate one frame
                1   ???                                   0x100003f00 ???
                0   libsystem_malloc.dylib                0x18f4b4e24 _malloc_zone_malloc_instrumented_or_legacy + 128
                ====
                    1 (16 bytes) ROOT LEAK: <malloc in main 0x600000f6c000> [16]
                """);
        assertEquals(List.of(new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 16, 1, List.of(MALLOC_LEGACY,
                new Frame(null, null, 0, null),
                new Frame("main", "main.rs", 5, "My App")))), p.leaks().records());
    }

    @Test
    void commandFallsBackToTheProcessName() throws IOException {
        Profile p = parse("""
                Process:         prog [9]
                Process 9: 0 leaks for 0 total leaked bytes.
                """);
        assertEquals("prog", p.command());
        Profile bare = parse("Process 9: 2 leaks for 64 total leaked bytes.\n");
        assertNull(bare.command());
        assertEquals(64L, bare.leakedBytes());
        assertEquals(2L, bare.leakedBlocks());
    }

    @Test
    void crlfLineEndings() throws IOException {
        Path file = tmp.resolve("crlf.txt");
        String text = Files.readString(fixture("singular.txt"), StandardCharsets.UTF_8).replace("\n", "\r\n");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Profile p = MacLeaksReportReader.read(file);
        assertEquals(32L, p.leakedBytes());
        assertEquals(new Frame("main", "main.rs", 3, "prog"), p.leaks().records().get(0).frames().get(2));
    }

    private static Profile parse(String text, List<String> warnings) throws IOException {
        return MacLeaksReportReader.read(new StringReader(text), "inline.txt", warnings::add);
    }

    private static final String TOTAL_REPORT = """
            leaks Report Version: 4.0
            Process 1: 2 leaks for 64 total leaked bytes.

                2 (64 bytes) << TOTAL >>

                  1 (32 bytes) ROOT LEAK: 0x1 [32]

                  1 (32 bytes) ROOT LEAK: 0x2 [32]
            """;

    @Test
    void theTotalLineIsNotALeak() throws IOException {
        List<String> warnings = new ArrayList<>();
        Profile p = parse(TOTAL_REPORT, warnings);

        assertEquals(List.of(new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 32, 1, List.of()),
                new LeakRecord(MacLeaksReportReader.ROOT_LEAK, 32, 1, List.of())), p.leaks().records());
        assertEquals(List.of(new StackCost(List.of(), 0, 0, 0, 0, 64, 2)), p.stacks());
        assertEquals(List.of(), warnings);
    }

    @Test
    void theTotalLineAboveStackBlocksIsNotALeakEither() throws IOException {
        Profile p = parse(HEAD + """
                Process 4242: 1 leak for 48 total leaked bytes.

                    1 (48 bytes) << TOTAL >>

                STACK OF 1 INSTANCE OF 'ROOT LEAK: <malloc in f>':
                1   prog                      0x1000033a8 main + 52  main.rs:9
                0   libsystem_malloc.dylib    0x18f4b4e24 _malloc_zone_malloc + 128
                ====
                    1 (48 bytes) ROOT LEAK: <malloc in f 0x600001234000> [48]
                """);

        assertEquals(1, p.leaks().records().size());
        assertEquals(48L, p.stacks().stream().mapToLong(StackCost::leakedBytes).sum());
    }

    @Test
    void aReportCutAfterItsSeparatorLineIsAcceptedWithAWarning() throws IOException {
        List<String> warnings = new ArrayList<>();
        Profile p = parse(HEAD + """
                Process 4242: 2 leaks for 160 total leaked bytes.

                STACK OF 1 INSTANCE OF 'ROOT LEAK: <malloc in f>':
                1   prog                      0x1000033a8 main + 52  main.rs:9
                0   libsystem_malloc.dylib    0x18f4b4e24 _malloc_zone_malloc + 128
                ====
                """, warnings);

        assertEquals(160L, p.leakedBytes(), "the summary line stays the total");
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("inline.txt: the leaks listed in the report add up to 1 leak for 0 bytes, but its summary line"
                + " says 2 leaks for 160 bytes: the report looks cut off (was leaks or the program killed, or the"
                + " output truncated?); the totals are the summary line's, the call tree and folded stacks show"
                + " only what was listed. Record again to get the complete report", warnings.get(0));
    }

    @Test
    void aReportCutInsideTheTreeIsAcceptedWithAWarning() throws IOException {
        List<String> warnings = new ArrayList<>();
        String cut = TOTAL_REPORT.substring(0, TOTAL_REPORT.indexOf("      1 (32 bytes) ROOT LEAK: 0x2"));
        parse(cut, warnings);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("add up to 1 leak for 32 bytes, but its summary line says 2 leaks for"
                + " 64 bytes"), warnings.get(0));
    }

    @Test
    void completeReportsGiveNoWarning() throws IOException {
        for (String name : List.of("plural-stacks.txt", "singular.txt", "zero.txt", "cycle-k-sizes.txt",
                "list-style.txt", "list-call-stacks.txt")) {
            List<String> warnings = new ArrayList<>();
            MacLeaksReportReader.read(fixture(name), warnings::add);
            assertEquals(List.of(), warnings, name);
        }
    }

    @Test
    void roundedSizesAreNotComparedToTheBytesOfTheSummary() throws IOException {
        List<String> warnings = new ArrayList<>();
        parse(HEAD + """
                Process 4242: 5 leaks for 2640 total leaked bytes.
                    5 (2.58K) ROOT LEAK: <malloc in f 0x600001234000> [1024]
                       1 (1.00K) <malloc in f 0x600001234400> [1024]
                """, warnings);
        assertEquals(List.of(), warnings, "5 leaks listed as the summary says; 2642 is a rounded figure");
    }

    @Test
    void listStyleCallStacksAreTheLeaksStacks() throws IOException {
        Profile p = MacLeaksReportReader.read(fixture("list-call-stacks.txt"));

        Frame start = new Frame("start", null, 0, null);
        Frame main = new Frame("main", null, 0, null);
        Frame malloc = new Frame("malloc", null, 0, null);
        assertEquals(List.of(
                new LeakRecord(MacLeaksReportReader.LEAK, 48, 1, List.of(new Frame("malloc_zone_malloc", null, 0,
                        null), malloc, new Frame("mylib::make_node::h2f4e0a1b2c3d4e5f", null, 0, null), main,
                        start)),
                new LeakRecord(MacLeaksReportReader.LEAK, 32, 1, List.of(malloc, new Frame(null, null, 0, null),
                        main, start))), p.leaks().records());
        assertEquals(80L, p.stacks().stream().mapToLong(StackCost::leakedBytes).sum());
    }

    @Test
    void aCallStackLineBelongsOnlyToTheLeakAboveIt() throws IOException {
        Profile p = parse("""
                Process 9: 1 leak for 16 total leaked bytes.
                Call stack: | start | main |
                Leak: 0x100200080  size=16  zone: DefaultMallocZone_0x100004000
                """);
        assertEquals(List.of(new LeakRecord(MacLeaksReportReader.LEAK, 16, 1, List.of())), p.leaks().records());
    }
}
