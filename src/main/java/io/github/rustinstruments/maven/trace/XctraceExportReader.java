package io.github.rustinstruments.maven.trace;

import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming reader of the track details that {@code xcrun xctrace export --xpath ...} writes for the Allocations and
 * Leaks instruments:
 * <pre>
 * /trace-toc/run[@number="1"]/tracks/track[@name="Allocations"]/details/detail[@name="Statistics"]
 * /trace-toc/run[@number="1"]/tracks/track[@name="Allocations"]/details/detail[@name="Allocations List"]
 * /trace-toc/run[@number="1"]/tracks/track[@name="Leaks"]/details/detail[@name="Leaks"]
 * </pre>
 * Each is a {@code <trace-query-result><node xpath=...>} holding self-closing {@code <row .../>} elements whose
 * cells are attributes; they are read by attribute <em>name</em>, never by position, and unknown attributes are
 * ignored. Rows written the way ordinary tables are ({@code <row><size id="3" fmt="48 Bytes">48</size>...</row>},
 * later rows reusing a cell with {@code <size ref="3"/>}) are read as well: a child element counts as the attribute
 * of the same name, its text (or its {@code fmt} when it has nested elements or no text) as the value.
 *
 * <p>A value may be a raw number ({@code 4096}), a number with digit grouping ({@code 1,163}) or a size as
 * Instruments shows it ({@code 48 Bytes}, {@code 1.50 KiB}, {@code 2.3 MiB}; binary units, {@code KB} and {@code MB}
 * taken as Instruments means them: 1024 and 1024²), rounded to the nearest byte.
 *
 * <h2>Statistics to {@link Profile}</h2>
 * Columns {@code category, persistent-bytes, count-persistent, total-bytes, transient-bytes, count-events,
 * count-transient, count-total}. The totals come from the row {@code All Heap Allocations} (its absence is an
 * error); rows of other categories become {@link Profile#stacks() stacks} so that sites and flame graphs show them.
 * <ul>
 *   <li>{@link Profile#allocatedBytes()} = {@code total-bytes}, {@link Profile#allocations()} =
 *       {@code count-total};</li>
 *   <li>{@link Profile#leakedBytes()} = {@code persistent-bytes} and {@link Profile#leakedBlocks()} =
 *       {@code count-persistent}: memory <em>still allocated at the end of the recording</em> (Instruments'
 *       "persistent"), which is what heaptrack's "leaked" also means; it is not the result of a leak scan (that is
 *       the Leaks detail, {@link #readLeaks(Path)});</li>
 *   <li>{@link Profile#peakHeapBytes()} is {@code null}: Statistics has no peak, only the end state and the
 *       totals;</li>
 *   <li>{@link Profile#temporaryAllocations()} is {@code null}: Instruments' "transient" is everything freed by the
 *       end of the recording, not heaptrack's "freed right after being allocated", so it is not mapped;</li>
 *   <li>command, duration, peak RSS: {@code null} (not in the detail; the TOC, {@link XctraceToc}, has the duration
 *       and the process); no time line, no leak details.</li>
 * </ul>
 * Category rows: every row except the aggregates (categories beginning with {@code "All "}: {@code All Heap &
 * Anonymous VM}, {@code All Heap Allocations}, {@code All Anonymous VM}, {@code All VM Regions}) and the virtual
 * memory regions ({@code "VM: ..."}), which are not heap allocations and are not in {@code All Heap Allocations};
 * any other category (malloc size classes, Swift or Objective-C types, categories this reader never heard of) is
 * kept, in file order. Each is a {@link StackCost} with one synthetic frame {@code Frame(category, null, 0, null)},
 * allocations = {@code count-total}, allocated bytes = {@code total-bytes}, leaked bytes / blocks =
 * {@code persistent-bytes} / {@code count-persistent}; temporary and peak bytes 0 (unknown).
 *
 * <h2>Allocations List to stacks</h2>
 * Columns {@code address, category, live, responsible-caller, size, identifier, responsible-library, timestamp,
 * index}. When the list is given, its rows replace the category stacks: one {@link StackCost} per distinct
 * (responsible-caller, responsible-library), frame {@code Frame(responsible-caller, null, 0, responsible-library)}
 * (an empty library is {@code null}; see {@link #responsibleFrames} for placeholders and addresses), allocations = rows, allocated bytes = Σ size, leaked bytes / blocks = Σ size /
 * rows with {@code live="true"}. Rows of {@code "VM: ..."} categories are left out, as in Statistics. The totals
 * still come from Statistics.
 *
 * <h2>Leaks to {@link Profile} with {@link LeakDetails}</h2>
 * Columns {@code leaked-object, size, responsible-frame, count, responsible-library, address}. Each row is a
 * {@link LeakRecord} of kind {@link #LEAK}, blocks = {@code count}, frames = the responsible frame alone
 * ({@code Frame(responsible-frame, null, 0, responsible-library)}, with the same treatment of placeholders such as
 * {@code <Call stack limit reached>} and of unsymbolicated addresses as in the Allocations List). Bytes: {@code size} is taken as the size of
 * the whole row, as Instruments' Size column shows it (published exports have one object per row, {@code count="1"},
 * where both readings agree); only when the object is a malloc size class ({@code Malloc 32 Bytes}), the count is
 * above 1 and the size equals that one class size, is it clearly per object, and multiplied by the count.
 * {@link Profile#leakedBytes()} / {@link Profile#leakedBlocks()} are the sums; {@link Profile#stacks()} has one
 * entry per distinct responsible frame with only the leaked figures set; {@link LeakDetails#kinds()} is
 * {@code null} (Instruments has no memcheck-like reachability classes), and so is {@link LeakDetails#errors()}:
 * the Leaks instrument does not check memory errors, so their number is unknown (a gate rule on memory errors then
 * says "not measured", as for a {@code leaks} report), not 0. An export
 * without rows means nothing leaked. {@link #readLeakRows(Path)} gives the rows with the object name and address.
 *
 * <p>The parser never resolves a DTD or an external entity. A file that is not such an export, the export of
 * another detail, a file cut off before {@code </trace-query-result>}, or a Statistics export without an
 * {@code All Heap Allocations} row fails with a {@link RecordingFormatException} naming the file and what was
 * expected.
 */
public final class XctraceExportReader {

    /** The kind of every {@link LeakRecord} read from the Leaks detail. */
    public static final String LEAK = "LEAK";

    /** The Statistics row that holds the heap totals. */
    public static final String ALL_HEAP_ALLOCATIONS = "All Heap Allocations";

    /** What an exported xctrace XML file is. */
    public enum Kind {
        /** {@code xctrace export --toc}: read it with {@link XctraceToc#read(Path)}. */
        TOC("the table of contents (xctrace export --toc)"),
        /** The Allocations track's Statistics detail. */
        STATISTICS("the Allocations Statistics detail"),
        /** The Allocations track's Allocations List detail. */
        ALLOCATIONS_LIST("the Allocations List detail"),
        /** The Leaks track's Leaks detail. */
        LEAKS("the Leaks detail"),
        /**
         * A track-detail export without any row, e.g. the Leaks detail of a run where nothing leaked: which detail
         * it was cannot be told from the file.
         */
        EMPTY("a track-detail export without rows");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One row of the Leaks detail, as exported.
     *
     * @param leakedObject      the object's type or malloc size class, e.g. {@code Malloc 32 Bytes}
     * @param bytes             leaked bytes of the row (see the class comment)
     * @param count             leaked objects in the row
     * @param responsibleFrame  the function that allocated it; {@code null} when empty
     * @param responsibleLibrary the binary of that function; {@code null} when empty
     * @param address           the object's address as exported; {@code null} when absent
     */
    public record LeakRow(String leakedObject, long bytes, long count, String responsibleFrame,
            String responsibleLibrary, String address) {}

    static final String STATISTICS_COLUMNS = "category, persistent-bytes, count-persistent, total-bytes,"
            + " transient-bytes, count-events, count-transient, count-total";
    static final String LIST_COLUMNS = "address, category, live, responsible-caller, size, identifier,"
            + " responsible-library, timestamp, index";
    static final String LEAKS_COLUMNS = "leaked-object, size, responsible-frame, count, responsible-library,"
            + " address";

    private static final String ROOT = "trace-query-result";
    private static final String CLOSING_TAG = "</" + ROOT + ">";

    /** A number, digit grouping tolerated, then an optional unit. */
    private static final Pattern SIZE = Pattern.compile(
            "([0-9][0-9,'\\u00a0\\u202f ]*(?:[.,][0-9]+)?)\\s*([A-Za-z]*)");
    private static final Pattern GROUPED = Pattern.compile("[0-9]{1,3}(?:[,'\\u00a0\\u202f ][0-9]{3})+(?:\\.[0-9]+)?");
    private static final Pattern MALLOC_CLASS = Pattern.compile("Malloc (.+)");
    /** Instruments' stand-ins for a frame it has no function for, e.g. {@code <Call stack limit reached>}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>:]*>");
    /** An unsymbolicated frame: the bare return address, e.g. {@code 0x197c882ef}. */
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]+");

    private XctraceExportReader() {}

    // ------------------------------------------------------------------------------------------------ public API

    /**
     * What an exported file is: {@link Kind#TOC} by its root element, a track detail by the attribute names of its
     * first row.
     *
     * @throws RecordingFormatException not xctrace export XML, truncated before the first row, or an export whose
     *                                  rows are none of the three details (e.g. an ordinary {@code data/table})
     */
    public static Kind kindOf(Path file) throws IOException {
        checkFile(file);
        Scan scan = new Scan(file, "an xctrace export (xcrun xctrace export --toc, or --xpath of the Statistics,"
                + " Allocations List or Leaks detail)");
        return XmlFiles.read(file, r -> {
            String root = scan.root(r);
            if (root.equals("trace-toc")) {
                return Kind.TOC;
            }
            if (!root.equals(ROOT)) {
                throw scan.notExport("its root element is <" + root + ">, not <trace-toc> or <" + ROOT + ">");
            }
            String name;
            while ((name = scan.nextElement(r)) != null) {
                if (name.equals("row")) {
                    Map<String, String> row = scan.row(r);
                    Kind kind = kindOfRow(row);
                    if (kind == null) {
                        throw scan.notExport("its rows have the attributes " + row.keySet() + ", none of"
                                + " Statistics (" + STATISTICS_COLUMNS + "), Allocations List (" + LIST_COLUMNS
                                + ") or Leaks (" + LEAKS_COLUMNS + ")");
                    }
                    return kind;
                }
            }
            return Kind.EMPTY;
        }, scan::explain);
    }

    /**
     * The Allocations figures of one run (see the class comment).
     *
     * @param statisticsXml         the exported Statistics detail
     * @param allocationsListOrNull the exported Allocations List detail of the same run, or {@code null}
     */
    public static Profile readAllocations(Path statisticsXml, Path allocationsListOrNull) throws IOException {
        checkFile(statisticsXml);
        List<Map<String, String>> heap = new ArrayList<>(1);
        int[] heapLine = new int[1];
        List<StackCost> categories = new ArrayList<>();
        forEachRow(statisticsXml, Kind.STATISTICS, (scan, row, line) -> {
            String category = row.get("category");
            if (category == null) {
                throw scan.malformed(line, "a row without a category");
            }
            if (category.equals(ALL_HEAP_ALLOCATIONS)) {
                if (heap.isEmpty()) {
                    heap.add(row);
                    heapLine[0] = line;
                }
                return;
            }
            if (category.startsWith("All ") || category.startsWith("VM: ")) {
                return;
            }
            categories.add(new StackCost(List.of(new Frame(category, null, 0, null)),
                    orZero(scan.count(row, "count-total", line)), orZero(scan.bytes(row, "total-bytes", line)), 0, 0,
                    orZero(scan.bytes(row, "persistent-bytes", line)),
                    orZero(scan.count(row, "count-persistent", line))));
        });
        if (heap.isEmpty()) {
            throw new RecordingFormatException(statisticsXml + " has no '" + ALL_HEAP_ALLOCATIONS + "' row: expected"
                    + " the Allocations Statistics detail of a recording with the Allocations instrument, whose"
                    + " first rows are the 'All Heap & Anonymous VM' and '" + ALL_HEAP_ALLOCATIONS + "' totals");
        }
        Scan at = new Scan(statisticsXml, "");
        Map<String, String> totals = heap.get(0);
        Long allocations = at.count(totals, "count-total", heapLine[0]);
        Long allocatedBytes = at.bytes(totals, "total-bytes", heapLine[0]);
        Long persistentBytes = at.bytes(totals, "persistent-bytes", heapLine[0]);
        Long persistentCount = at.count(totals, "count-persistent", heapLine[0]);
        List<StackCost> stacks = allocationsListOrNull == null ? categories : listStacks(allocationsListOrNull);
        return new Profile(null, allocations, allocatedBytes, null, null, null, persistentBytes, persistentCount,
                null, List.copyOf(stacks), null, List.of(), null);
    }

    /** The leaks of one run (see the class comment). */
    public static Profile readLeaks(Path leaksXml) throws IOException {
        List<LeakRow> rows = readLeakRows(leaksXml);
        List<LeakRecord> records = new ArrayList<>(rows.size());
        Map<List<Frame>, long[]> stacks = new LinkedHashMap<>();
        long bytes = 0;
        long blocks = 0;
        for (LeakRow row : rows) {
            List<Frame> frames = responsibleFrames(row.responsibleFrame(), row.responsibleLibrary());
            records.add(new LeakRecord(LEAK, row.bytes(), row.count(), frames));
            long[] cost = stacks.computeIfAbsent(frames, f -> new long[2]);
            cost[0] += row.bytes();
            cost[1] += row.count();
            bytes += row.bytes();
            blocks += row.count();
        }
        List<StackCost> stackCosts = new ArrayList<>(stacks.size());
        stacks.forEach((frames, cost) -> stackCosts.add(new StackCost(frames, 0, 0, 0, 0, cost[0], cost[1])));
        // Instruments' Leaks instrument does not check memory errors: unknown, not none
        return new Profile(null, null, null, null, null, null, bytes, blocks, null, List.copyOf(stackCosts), null,
                List.of(), new LeakDetails(null, List.copyOf(records), null));
    }

    /** The rows of an exported Leaks detail, in file order. */
    public static List<LeakRow> readLeakRows(Path leaksXml) throws IOException {
        checkFile(leaksXml);
        List<LeakRow> rows = new ArrayList<>();
        forEachRow(leaksXml, Kind.LEAKS, (scan, row, line) -> {
            String object = blankToNull(row.get("leaked-object"));
            Long size = scan.bytes(row, "size", line);
            Long count = scan.count(row, "count", line);
            if (size == null) {
                throw scan.malformed(line, "a leaked object without a size");
            }
            long n = count == null ? 1 : count;
            rows.add(new LeakRow(object, rowBytes(object, size, n), n, blankToNull(row.get("responsible-frame")),
                    blankToNull(row.get("responsible-library")), blankToNull(row.get("address"))));
        });
        return List.copyOf(rows);
    }

    // --------------------------------------------------------------------------------------------- value parsing

    /**
     * A byte figure: a raw number, digit grouping tolerated, or a human size ({@code 48 Bytes}, {@code 1.50 KiB},
     * {@code 2.3 MiB}, {@code 1 GB}), rounded to the nearest byte; {@code null} when it is none.
     */
    public static Long parseBytes(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        BigDecimal number = number(m.group(1).strip());
        if (number == null) {
            return null;
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b", "byte", "bytes" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            case "t", "tb", "tib" -> 1L << 40;
            default -> -1L;
        };
        if (unit < 0) {
            return null;
        }
        try {
            return number.multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** A count: a whole number, digit grouping tolerated; {@code null} when it is none. */
    public static Long parseCount(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.isEmpty() || !(t.chars().allMatch(Character::isDigit) || GROUPED.matcher(t).matches())) {
            return null;
        }
        BigDecimal number = number(t);
        try {
            return number == null ? null : number.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static BigDecimal number(String text) {
        String t = text;
        if (GROUPED.matcher(t).matches()) {
            t = t.replaceAll("[,'\\u00a0\\u202f ]", "");
        } else if (t.matches("[0-9]+,[0-9]+")) {
            t = t.replace(',', '.'); // a decimal comma ("1,50 KiB")
        }
        if (!t.matches("[0-9]+(?:\\.[0-9]+)?")) {
            return null;
        }
        return new BigDecimal(t);
    }

    /** Leaked bytes of a Leaks row: {@code size} is the row's, unless clearly one object of a malloc class. */
    static long rowBytes(String leakedObject, long size, long count) {
        if (count > 1 && leakedObject != null) {
            Matcher m = MALLOC_CLASS.matcher(leakedObject.strip());
            if (m.matches()) {
                Long classSize = parseBytes(m.group(1));
                if (classSize != null && classSize == size) {
                    return size * count;
                }
            }
        }
        return size;
    }

    // ------------------------------------------------------------------------------------------- Allocations List

    /**
     * One row of the Allocations List, its cells read by name.
     *
     * @param category           e.g. {@code Malloc 48 Bytes}, {@code VM: Anonymous VM}; {@code null} when absent
     * @param size               the allocation's size in bytes
     * @param live               {@code live="true"}: not freed by the end of the recording
     * @param responsibleCaller  the function that allocated, as exported; {@code null} when empty
     * @param responsibleLibrary the binary of that function; {@code null} when empty
     * @param index              the row's {@code index}; {@code null} when absent or not a whole number
     */
    record ListRow(String category, long size, boolean live, String responsibleCaller, String responsibleLibrary,
            Long index) {

        /** A virtual memory region ({@code VM: ...}), not a heap allocation. */
        boolean isVmRegion() {
            return category != null && category.startsWith("VM: ");
        }

        /** {@link #responsibleFrames} of the row. */
        List<Frame> frames() {
            return responsibleFrames(responsibleCaller, responsibleLibrary);
        }
    }

    @FunctionalInterface
    interface ListRowHandler {
        void row(ListRow row) throws RecordingFormatException;
    }

    /**
     * Streams the rows of an exported Allocations List, in file order, {@code VM: ...} rows included.
     *
     * @throws RecordingFormatException not that detail, cut off, or a row without a size
     */
    static void forEachListRow(Path list, ListRowHandler handler) throws IOException {
        checkFile(list);
        forEachRow(list, Kind.ALLOCATIONS_LIST, (scan, row, line) -> {
            Long size = scan.bytes(row, "size", line);
            if (size == null) {
                throw scan.malformed(line, "an allocation without a size");
            }
            handler.row(new ListRow(row.get("category"), size, isTrue(row.get("live")),
                    blankToNull(row.get("responsible-caller")), blankToNull(row.get("responsible-library")),
                    parseCount(row.get("index"))));
        });
    }

    private static List<StackCost> listStacks(Path list) throws IOException {
        Map<List<Frame>, long[]> costs = new LinkedHashMap<>();
        forEachListRow(list, row -> {
            if (row.isVmRegion()) {
                return;
            }
            long[] cost = costs.computeIfAbsent(row.frames(), f -> new long[4]);
            cost[0]++;
            cost[1] += row.size();
            if (row.live()) {
                cost[2] += row.size();
                cost[3]++;
            }
        });
        List<StackCost> stacks = new ArrayList<>(costs.size());
        costs.forEach((frames, c) -> stacks.add(new StackCost(frames, c[0], c[1], 0, 0, c[2], c[3])));
        return stacks;
    }

    /**
     * The frame of a responsible caller or frame: none for a placeholder such as {@code <Call stack limit reached>}
     * (it names no function; its library is kept when given), and an unsymbolicated address is a frame of unknown
     * function in its library, so that reports show the library rather than an address that differs per run.
     */
    static List<Frame> responsibleFrames(String function, String library) {
        String name = blankToNull(function);
        String module = blankToNull(library);
        if (name != null && (PLACEHOLDER.matcher(name).matches() || ADDRESS.matcher(name).matches())) {
            name = null;
        }
        return name == null && module == null ? List.of() : List.of(new Frame(name, null, 0, module));
    }

    private static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("yes") || v.equals("1");
    }

    // ------------------------------------------------------------------------------------------------ streaming

    static void checkFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        if (Files.size(file) == 0) {
            throw new RecordingFormatException(file + " is empty: expected an xctrace export (xctrace export wrote"
                    + " nothing; did it fail?)");
        }
    }

    static String blankToNull(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.isEmpty() ? null : t;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** The kind of detail a row belongs to, by its attribute names; {@code null} when none. */
    static Kind kindOfRow(Map<String, String> row) {
        if (row.containsKey("leaked-object")) {
            return Kind.LEAKS;
        }
        if (row.containsKey("responsible-caller") || row.containsKey("live") && row.containsKey("address")) {
            return Kind.ALLOCATIONS_LIST;
        }
        if (row.containsKey("category") && (row.containsKey("total-bytes") || row.containsKey("count-total")
                || row.containsKey("persistent-bytes"))) {
            return Kind.STATISTICS;
        }
        return null;
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(Scan scan, Map<String, String> row, int line) throws RecordingFormatException;
    }

    /** Streams the rows of a track-detail export, checking that they are the {@code expected} detail's. */
    private static void forEachRow(Path file, Kind expected, RowHandler handler) throws IOException {
        String columns = switch (expected) {
            case STATISTICS -> STATISTICS_COLUMNS;
            case ALLOCATIONS_LIST -> LIST_COLUMNS;
            default -> LEAKS_COLUMNS;
        };
        Scan scan = new Scan(file, expected.description() + " exported by xctrace (<" + ROOT + "> of rows with "
                + columns + ")");
        XmlFiles.read(file, r -> {
            String root = scan.root(r);
            if (root.equals("trace-toc")) {
                throw scan.notExport("it is the table of contents (xctrace export --toc)");
            }
            if (!root.equals(ROOT)) {
                throw scan.notExport("its root element is <" + root + ">");
            }
            boolean checked = false;
            String name;
            while ((name = scan.nextElement(r)) != null) {
                if (!name.equals("row")) {
                    continue; // <node>, and whatever else a newer xctrace adds around the rows
                }
                int line = r.getLocation() == null ? -1 : r.getLocation().getLineNumber();
                Map<String, String> row = scan.row(r);
                if (!checked) {
                    Kind kind = kindOfRow(row);
                    if (kind != expected) {
                        throw scan.notExport(kind == null
                                ? "its rows have the attributes " + row.keySet()
                                : "it is " + kind.description());
                    }
                    checked = true;
                }
                handler.row(scan, row, line);
            }
            return null;
        }, scan::explain);
    }

    /** One pass over one file: what it was expected to be, and cell values seen so far ({@code id=}). */
    private static final class Scan {
        final Path file;
        final String expected;
        boolean sawRoot;
        final Map<String, String> ids = new HashMap<>();

        Scan(Path file, String expected) {
            this.file = file;
            this.expected = expected;
        }

        /** The root element's name; a file without one, or with a DTD, is no export. */
        String root(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            String root = nextElement(r);
            if (root == null) {
                throw notExport("it has no root element");
            }
            sawRoot = true;
            return root;
        }

        /**
         * The name of the next start element, {@code null} at the end of the document; a {@code <schema>} is an
         * ordinary table, refused.
         */
        String nextElement(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw notExport("it has a document type declaration, which xctrace never writes");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (sawRoot && r.getLocalName().equals("schema")) {
                        throw notExport("it is an ordinary table (<schema> and rows of cells), not a track detail");
                    }
                    return r.getLocalName();
                }
            }
            return null;
        }

        /** The row the reader is at the start of, as name to value; the reader ends at its end. */
        Map<String, String> row(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < r.getAttributeCount(); i++) {
                values.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    String value = cell(r);
                    values.putIfAbsent(name, value);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    return values;
                }
            }
            throw truncated();
        }

        /** A cell element: its text, or its {@code fmt}; {@code ref=} resolved, {@code id=} remembered. */
        private String cell(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            String id = r.getAttributeValue(null, "id");
            String ref = r.getAttributeValue(null, "ref");
            String fmt = r.getAttributeValue(null, "fmt");
            StringBuilder text = new StringBuilder();
            boolean nested = false;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    nested = true;
                    cell(r); // remembers the ids of nested cells, which later rows may refer to
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String value;
                    if (ref != null) {
                        value = ids.get(ref);
                    } else {
                        String own = text.toString().strip();
                        value = nested || own.isEmpty() ? fmt : own;
                    }
                    if (id != null) {
                        ids.put(id, value);
                    }
                    return value;
                }
            }
            throw truncated();
        }

        Long bytes(Map<String, String> row, String column, int line) throws RecordingFormatException {
            String value = row.get(column);
            if (value == null || value.isBlank()) {
                return null;
            }
            Long bytes = parseBytes(value);
            if (bytes == null) {
                throw malformed(line, column + "=\"" + value + "\" is not a size");
            }
            return bytes;
        }

        Long count(Map<String, String> row, String column, int line) throws RecordingFormatException {
            String value = row.get(column);
            if (value == null || value.isBlank()) {
                return null;
            }
            Long count = parseCount(value);
            if (count == null) {
                throw malformed(line, column + "=\"" + value + "\" is not a count");
            }
            return count;
        }

        RecordingFormatException notExport(String why) {
            return new RecordingFormatException(file + " is not " + expected + ": " + why);
        }

        RecordingFormatException truncated() {
            return new RecordingFormatException(file + " ends before " + CLOSING_TAG + ": the export was cut off"
                    + " (xctrace killed, disk full, or the file copied while it was written); expected " + expected);
        }

        RecordingFormatException malformed(int line, String what) {
            return new RecordingFormatException(file + " is not a well-formed xctrace export" + XmlFiles.atLine(line)
                    + ": " + what);
        }

        RecordingFormatException explain(XMLStreamException e) throws IOException {
            return XmlFiles.explain(e, file, sawRoot, new XmlFiles.Wording(file + " is not " + expected,
                    truncated().getMessage(), file + " is not well-formed XML", "; expected " + expected, CLOSING_TAG,
                    "</trace-toc>"));
        }
    }
}
