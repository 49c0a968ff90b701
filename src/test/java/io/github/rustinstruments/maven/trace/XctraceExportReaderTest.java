package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.XctraceExportReader.Kind;
import io.github.rustinstruments.maven.trace.XctraceExportReader.LeakRow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link XctraceExportReader} on hand-written track-detail exports in the documented shape
 * (src/test/resources/xctrace/README.md: not captured on a Mac).
 */
class XctraceExportReaderTest {
    private static final String NODE = "<?xml version=\"1.0\"?>\n<trace-query-result>\n"
            + "<node xpath='//trace-toc[1]/run[1]/tracks[1]/track[1]/details[1]/detail[1]'>";
    private static final String END = "\n</node></trace-query-result>\n";
    private static final String PARSE_LINE = "alloc_bench::parse_line::h5b1c0e2f6a7d8e91";
    private static final String CACHE_INSERT = "alloc_bench::Cache::insert::h0f3e9a8b7c6d5e4f";
    private static final String STACK_LIMIT = "<Call stack limit reached>";

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        return XctraceTocTest.fixture(name);
    }

    private Path write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static StackCost site(String category, long allocations, long bytes, long leakedBytes,
            long leakedBlocks) {
        return new StackCost(List.of(new Frame(category, null, 0, null)), allocations, bytes, 0, 0, leakedBytes,
                leakedBlocks);
    }

    private static StackCost caller(String function, String library, long allocations, long bytes, long leakedBytes,
            long leakedBlocks) {
        return new StackCost(List.of(new Frame(function, null, 0, library)), allocations, bytes, 0, 0, leakedBytes,
                leakedBlocks);
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ Statistics

    @Test
    void statisticsTotalsComeFromAllHeapAllocations() throws IOException {
        Profile profile = XctraceExportReader.readAllocations(fixture("allocations-statistics.xml"), null);

        assertEquals(5466L, profile.allocations());
        assertEquals(4138112L, profile.allocatedBytes());
        // persistent: still allocated at the end of the recording
        assertEquals(819168L, profile.leakedBytes());
        assertEquals(1299L, profile.leakedBlocks());
        // Statistics has no peak, and Instruments' "transient" is not heaptrack's "temporary"
        assertNull(profile.peakHeapBytes());
        assertNull(profile.temporaryAllocations());
        assertNull(profile.peakRssBytes());
        assertNull(profile.command());
        assertNull(profile.durationMillis());
        assertNull(profile.peakTimeMillis());
        assertEquals(List.of(), profile.timeline());
        assertNull(profile.leaks());
    }

    @Test
    void statisticsCategoriesAreSites() throws IOException {
        Profile profile = XctraceExportReader.readAllocations(fixture("allocations-statistics.xml"), null);

        // the "All ..." aggregates and the "VM: " region are left out; an unknown category is kept
        assertEquals(List.of(
                site("Malloc 1.00 MiB", 3, 3145728, 0, 0),
                site("Malloc 4.00 KiB", 200, 819200, 786432, 192),
                site("Malloc 32 Bytes", 2000, 64000, 24576, 768),
                site("Malloc 16 Bytes", 2216, 35456, 5120, 320),
                site("Malloc 48 Bytes", 1000, 48000, 480, 10),
                site("Malloc 1.50 KiB", 14, 21504, 1536, 1),
                site("CFString (immutable)", 33, 4224, 1024, 8)), profile.stacks());
        assertEquals(profile.allocatedBytes(), profile.stacks().stream().mapToLong(StackCost::allocatedBytes).sum());
        assertEquals(profile.allocations(), profile.stacks().stream().mapToLong(StackCost::allocations).sum());
        assertEquals(profile.leakedBytes(), profile.stacks().stream().mapToLong(StackCost::leakedBytes).sum());
    }

    @Test
    void allocationsListGivesStacksPerResponsibleCaller() throws IOException {
        Profile profile = XctraceExportReader.readAllocations(fixture("allocations-statistics.xml"),
                fixture("allocations-list.xml"));

        // totals still from Statistics
        assertEquals(5466L, profile.allocations());
        assertEquals(4138112L, profile.allocatedBytes());
        assertEquals(819168L, profile.leakedBytes());
        assertEquals(1299L, profile.leakedBlocks());
        // one stack per (responsible-caller, responsible-library), in order of appearance; live rows are leaked;
        // the "VM: " row is left out; an empty library is null
        assertEquals(List.of(
                caller(PARSE_LINE, "alloc-bench", 2, 96, 48, 1),
                caller(CACHE_INSERT, "alloc-bench", 2, 8192, 8192, 2),
                caller("alloc::raw_vec::finish_grow::h8e1f2a3b4c5d6e7f", "alloc-bench", 1, 1048576, 0, 0),
                caller("__CFStringCreateImmutableFunnel3", "CoreFoundation", 1, 64, 64, 1),
                // a placeholder is no function: the allocation has no known stack
                new StackCost(List.of(), 1, 32, 0, 0, 32, 1)), profile.stacks());
    }

    @Test
    void formattedValuesAndGroupedCounts() throws IOException {
        Path file = write("formatted.xml", NODE
                + "<row category=\"All Heap Allocations\" persistent-bytes=\"1.50 KiB\" count-persistent=\"12\""
                + " total-bytes=\"2.3 MiB\" transient-bytes=\"2.30 MiB\" count-events=\"2,430\" count-transient=\"1,209\""
                + " count-total=\"1,221\"/>\n"
                + "<row category=\"Malloc 48 Bytes\" persistent-bytes=\"48 Bytes\" count-persistent=\"1\""
                + " total-bytes=\"1 KiB\" transient-bytes=\"976 Bytes\" count-events=\"41\" count-transient=\"20\""
                + " count-total=\"21\" a-newer-column=\"x\"/>" + END);
        Profile profile = XctraceExportReader.readAllocations(file, null);

        assertEquals(1536L, profile.leakedBytes());
        assertEquals(12L, profile.leakedBlocks());
        assertEquals(2411725L, profile.allocatedBytes()); // 2.3 × 1048576 = 2411724.8
        assertEquals(1221L, profile.allocations());
        assertEquals(List.of(site("Malloc 48 Bytes", 21, 1024, 48, 1)), profile.stacks());
    }

    @Test
    void attributesAreReadByNameInAnyOrder() throws IOException {
        Path file = write("reordered.xml", NODE
                + "<row count-total=\"7\" total-bytes=\"448\" category=\"All Heap Allocations\" count-persistent=\"2\""
                + " persistent-bytes=\"128\"/>\n"
                + "<row total-bytes=\"448\" count-persistent=\"2\" category=\"Malloc 64 Bytes\" persistent-bytes=\"128\""
                + " count-total=\"7\"/>" + END);
        Profile profile = XctraceExportReader.readAllocations(file, null);

        assertEquals(7L, profile.allocations());
        assertEquals(448L, profile.allocatedBytes());
        assertEquals(128L, profile.leakedBytes());
        assertEquals(2L, profile.leakedBlocks());
        assertEquals(List.of(site("Malloc 64 Bytes", 7, 448, 128, 2)), profile.stacks());
    }

    @Test
    void rowsWithCellElementsAndReusedCells() throws IOException {
        Path file = write("cells.xml", NODE
                + "<row><category id=\"1\" fmt=\"All Heap Allocations\">All Heap Allocations</category>"
                + "<persistent-bytes id=\"2\" fmt=\"64 Bytes\">64</persistent-bytes><count-persistent id=\"3\">1"
                + "</count-persistent><total-bytes id=\"4\" fmt=\"192 Bytes\">192</total-bytes>"
                + "<count-total id=\"5\">3</count-total></row>\n"
                + "<row><category id=\"6\">Malloc 64 Bytes</category><persistent-bytes ref=\"2\"/>"
                + "<count-persistent ref=\"3\"/><total-bytes ref=\"4\"/><count-total ref=\"5\"/></row>" + END);
        Profile profile = XctraceExportReader.readAllocations(file, null);

        assertEquals(3L, profile.allocations());
        assertEquals(192L, profile.allocatedBytes());
        assertEquals(64L, profile.leakedBytes());
        assertEquals(List.of(site("Malloc 64 Bytes", 3, 192, 64, 1)), profile.stacks());
    }

    @Test
    void missingAllHeapAllocationsRow() throws IOException {
        Path file = write("no-heap-row.xml", NODE
                + "<row category=\"All Heap &amp; Anonymous VM\" persistent-bytes=\"0\" count-persistent=\"0\""
                + " total-bytes=\"0\" transient-bytes=\"0\" count-events=\"0\" count-transient=\"0\" count-total=\"0\"/>"
                + END);

        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readAllocations(file, null));
        assertMessage(e, "no-heap-row.xml", "has no 'All Heap Allocations' row", "Allocations Statistics");
    }

    @Test
    void statisticsWithoutRowsHasNoHeapRow() throws IOException {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readAllocations(fixture("leaks-none.xml"), null));
        assertMessage(e, "leaks-none.xml", "has no 'All Heap Allocations' row");
    }

    @Test
    void truncatedStatistics() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readAllocations(fixture("allocations-statistics-truncated.xml"), null));
        assertMessage(e, "allocations-statistics-truncated.xml", "ends before </trace-query-result>",
                "the Allocations Statistics detail");
    }

    @Test
    void wrongDetailGivenAsStatistics() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readAllocations(fixture("leaks.xml"), null));
        assertMessage(e, "leaks.xml is not the Allocations Statistics detail", "it is the Leaks detail");
    }

    @Test
    void wrongDetailGivenAsAllocationsList() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readAllocations(fixture("allocations-statistics.xml"),
                        fixture("allocations-statistics.xml")));
        assertMessage(e, "allocations-statistics.xml is not the Allocations List detail",
                "it is the Allocations Statistics detail", "responsible-caller");
    }

    @Test
    void tocUnrelatedXmlAndOrdinaryTables() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readAllocations(fixture("toc-exited.xml"), null));
        assertMessage(e, "toc-exited.xml is not the Allocations Statistics detail", "table of contents");
        e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readLeaks(fixture("unrelated.xml")));
        assertMessage(e, "unrelated.xml is not the Leaks detail", "root element is <testsuite>",
                "leaked-object, size, responsible-frame");
        e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readLeaks(fixture("time-profile.xml")));
        assertMessage(e, "time-profile.xml is not the Leaks detail", "ordinary table");
    }

    @Test
    void valueThatIsNoSize() throws IOException {
        Path file = write("bad-value.xml", NODE
                + "<row category=\"All Heap Allocations\" persistent-bytes=\"lots\" count-persistent=\"1\""
                + " total-bytes=\"10\" count-total=\"1\"/>" + END);

        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readAllocations(file, null));
        assertMessage(e, "bad-value.xml", "line 3", "persistent-bytes=\"lots\" is not a size");
    }

    // ------------------------------------------------------------------------------------------------------ Leaks

    @Test
    void leaks() throws IOException {
        Profile profile = XctraceExportReader.readLeaks(fixture("leaks.xml"));

        assertEquals(8272L, profile.leakedBytes());
        assertEquals(4L, profile.leakedBlocks());
        assertNull(profile.allocations());
        assertNull(profile.allocatedBytes());
        assertNull(profile.temporaryAllocations());
        assertNull(profile.peakHeapBytes());
        assertNull(profile.leaks().kinds());
        assertNull(profile.leaks().errors(), "the Leaks instrument does not check memory errors: unknown, not 0");
        Frame parseLine = new Frame(PARSE_LINE, null, 0, "alloc-bench");
        Frame cacheInsert = new Frame(CACHE_INSERT, null, 0, "alloc-bench");
        assertEquals(List.of(
                new LeakRecord("LEAK", 48, 1, List.of(parseLine)),
                new LeakRecord("LEAK", 4096, 1, List.of(cacheInsert)),
                new LeakRecord("LEAK", 4096, 1, List.of(cacheInsert)),
                new LeakRecord("LEAK", 32, 1, List.of())), profile.leaks().records());
        // one stack per responsible frame, leaked figures only; <Call stack limit reached> is no function
        assertEquals(List.of(
                new StackCost(List.of(parseLine), 0, 0, 0, 0, 48, 1),
                new StackCost(List.of(cacheInsert), 0, 0, 0, 0, 8192, 2),
                new StackCost(List.of(), 0, 0, 0, 0, 32, 1)), profile.stacks());
    }

    @Test
    void placeholdersAndUnsymbolicatedAddressesAreNoFunctions() throws IOException {
        Path file = write("leaks-unsymbolicated.xml", NODE
                + "<row leaked-object=\"Malloc 16 Bytes\" size=\"16\" responsible-frame=\"0x197c882ef\" count=\"1\""
                + " responsible-library=\"libsystem_c.dylib\" address=\"0x600000c04000\"/>\n"
                + "<row leaked-object=\"Malloc 32 Bytes\" size=\"32\" responsible-frame=\"&lt;Call stack limit"
                + " reached&gt;\" count=\"1\" responsible-library=\"alloc-bench\" address=\"0x600000c04010\"/>\n"
                + "<row leaked-object=\"Malloc 64 Bytes\" size=\"64\" responsible-frame=\"&lt;demo::Foo as"
                + " core::clone::Clone&gt;::clone\" count=\"1\" responsible-library=\"alloc-bench\""
                + " address=\"0x600000c04020\"/>" + END);

        List<LeakRecord> records = XctraceExportReader.readLeaks(file).leaks().records();

        // the address's library stays as the frame's module; the placeholder keeps its library alone
        assertEquals(List.of(new Frame(null, null, 0, "libsystem_c.dylib")), records.get(0).frames());
        assertEquals(List.of(new Frame(null, null, 0, "alloc-bench")), records.get(1).frames());
        // a Rust qualified path also begins with '<': it stays a function
        assertEquals(List.of(new Frame("<demo::Foo as core::clone::Clone>::clone", null, 0, "alloc-bench")),
                records.get(2).frames());
        // the rows themselves stay as exported
        assertEquals("0x197c882ef", XctraceExportReader.readLeakRows(file).get(0).responsibleFrame());
    }

    @Test
    void responsibleFrames() {
        assertEquals(List.of(), XctraceExportReader.responsibleFrames("<Call stack limit reached>", ""));
        assertEquals(List.of(), XctraceExportReader.responsibleFrames(" ", null));
        assertEquals(List.of(new Frame(null, null, 0, "libdyld.dylib")),
                XctraceExportReader.responsibleFrames("0x197C882EF", "libdyld.dylib"));
        assertEquals(List.of(new Frame("main", null, 0, null)), XctraceExportReader.responsibleFrames("main", ""));
    }

    @Test
    void leakRowsKeepObjectAndAddress() throws IOException {
        List<LeakRow> rows = XctraceExportReader.readLeakRows(fixture("leaks.xml"));

        assertEquals(4, rows.size());
        assertEquals(new LeakRow("Malloc 48 Bytes", 48, 1, PARSE_LINE, "alloc-bench", "0x600000c04030"), rows.get(0));
        assertEquals(new LeakRow("Malloc 32 Bytes", 32, 1, STACK_LIMIT, null, "0x600000c04060"), rows.get(3));
    }

    @Test
    void noLeaks() throws IOException {
        Profile profile = XctraceExportReader.readLeaks(fixture("leaks-none.xml"));

        assertEquals(0L, profile.leakedBytes());
        assertEquals(0L, profile.leakedBlocks());
        assertEquals(List.of(), profile.stacks());
        assertEquals(List.of(), profile.leaks().records());
    }

    @Test
    void groupedLeakRows() throws IOException {
        Path file = write("grouped.xml", NODE
                // size of one object of the malloc class, count 3: per object
                + "<row leaked-object=\"Malloc 32 Bytes\" size=\"32 Bytes\" responsible-frame=\"a\" count=\"3\""
                + " responsible-library=\"app\" address=\"&lt; multiple &gt;\"/>\n"
                // the group's total
                + "<row leaked-object=\"Malloc 16 Bytes\" size=\"48\" responsible-frame=\"b\" count=\"3\""
                + " responsible-library=\"app\" address=\"&lt; multiple &gt;\"/>\n"
                // not a malloc class: the row's size is the row's
                + "<row leaked-object=\"Parent\" size=\"64\" responsible-frame=\"c\" count=\"2\""
                + " responsible-library=\"app\" address=\"0x10\"/>\n"
                // human size, count missing: one object
                + "<row leaked-object=\"Malloc 1.50 KiB\" size=\"1.50 KiB\" responsible-frame=\"d\""
                + " responsible-library=\"app\" address=\"0x20\"/>" + END);
        Profile profile = XctraceExportReader.readLeaks(file);

        assertEquals(List.of(96L, 48L, 64L, 1536L),
                profile.leaks().records().stream().map(LeakRecord::bytes).toList());
        assertEquals(List.of(3L, 3L, 2L, 1L), profile.leaks().records().stream().map(LeakRecord::blocks).toList());
        assertEquals(1744L, profile.leakedBytes());
        assertEquals(9L, profile.leakedBlocks());
    }

    @Test
    void truncatedLeaks() throws IOException {
        String whole = Files.readString(fixture("leaks.xml"));
        Path file = write("leaks-cut.xml", whole.substring(0, whole.indexOf("0x600001d09000")));

        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.readLeaks(file));
        assertMessage(e, "leaks-cut.xml ends before </trace-query-result>", "the Leaks detail");
    }

    // ----------------------------------------------------------------------------------------------------- kindOf

    @Test
    void kinds() throws IOException {
        assertEquals(Kind.TOC, XctraceExportReader.kindOf(fixture("toc-exited.xml")));
        assertEquals(Kind.TOC, XctraceExportReader.kindOf(fixture("toc-time-limit.xml")));
        assertEquals(Kind.STATISTICS, XctraceExportReader.kindOf(fixture("allocations-statistics.xml")));
        assertEquals(Kind.ALLOCATIONS_LIST, XctraceExportReader.kindOf(fixture("allocations-list.xml")));
        assertEquals(Kind.LEAKS, XctraceExportReader.kindOf(fixture("leaks.xml")));
        assertEquals(Kind.EMPTY, XctraceExportReader.kindOf(fixture("leaks-none.xml")));
        // the first row is enough: the cut comes later
        assertEquals(Kind.STATISTICS, XctraceExportReader.kindOf(fixture("allocations-statistics-truncated.xml")));
    }

    @Test
    void kindOfUnknownFiles() throws IOException {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.kindOf(fixture("unrelated.xml")));
        assertMessage(e, "unrelated.xml is not an xctrace export", "<testsuite>");
        e = assertThrows(RecordingFormatException.class,
                () -> XctraceExportReader.kindOf(fixture("time-profile.xml")));
        assertMessage(e, "time-profile.xml", "ordinary table");
        Path other = write("other-detail.xml", NODE + "<row name=\"Regions\" resident-size=\"16384\"/>" + END);
        e = assertThrows(RecordingFormatException.class, () -> XctraceExportReader.kindOf(other));
        assertMessage(e, "other-detail.xml", "[name, resident-size]", "leaked-object");
        Path cut = write("cut.xml", "<?xml version=\"1.0\"?>\n<trace-query-result>\n<node xpath='x'><row leak");
        e = assertThrows(RecordingFormatException.class, () -> XctraceExportReader.kindOf(cut));
        assertMessage(e, "cut.xml ends before </trace-query-result>");
    }

    // ----------------------------------------------------------------------------------------------- value parsing

    @Test
    void sizes() {
        assertEquals(48L, XctraceExportReader.parseBytes("48"));
        assertEquals(48L, XctraceExportReader.parseBytes("48 Bytes"));
        assertEquals(1L, XctraceExportReader.parseBytes("1 Byte"));
        assertEquals(1536L, XctraceExportReader.parseBytes("1.50 KiB"));
        assertEquals(1536L, XctraceExportReader.parseBytes("1,50 KiB"));
        assertEquals(2411725L, XctraceExportReader.parseBytes("2.3 MiB"));
        assertEquals(2048L, XctraceExportReader.parseBytes("2 KB"));
        assertEquals(3221225472L, XctraceExportReader.parseBytes("3.00 GiB"));
        assertEquals(1048576L, XctraceExportReader.parseBytes("1,048,576"));
        assertEquals(1048576L, XctraceExportReader.parseBytes(" 1,048,576 Bytes "));
        assertNull(XctraceExportReader.parseBytes("lots"));
        assertNull(XctraceExportReader.parseBytes("12 parsecs"));
        assertNull(XctraceExportReader.parseBytes("-4"));
        assertNull(XctraceExportReader.parseBytes(""));
        assertNull(XctraceExportReader.parseBytes(null));
    }

    @Test
    void counts() {
        assertEquals(1163L, XctraceExportReader.parseCount("1163"));
        assertEquals(771034L, XctraceExportReader.parseCount("771,034"));
        assertNull(XctraceExportReader.parseCount("1.5"));
        assertNull(XctraceExportReader.parseCount("12 KiB"));
        assertNull(XctraceExportReader.parseCount(""));
    }
}
