package io.github.rustinstruments.maven.trace;

import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader of the text report of macOS {@code leaks} ({@code leaks --atExit -- prog args}, stdout and stderr captured
 * together), written from the format Apple documents in leaks(1) and from published reports: this code has never
 * seen a report captured on a Mac.
 *
 * <p>The file is scanned line by line. Whatever is not part of the report is skipped wherever it is: the program's
 * own output before the report, {@code prog(1234) MallocStackLogging: ...} lines, {@code Process 4242 is not
 * debuggable. ...} notices (kept in {@link Report#notices()}), stray diagnostics and unknown lines. What is read:
 * <ul>
 *   <li>the header: {@code Process: name [pid]}, {@code Path:}, {@code Physical footprint:} and
 *       {@code Physical footprint (peak):} (kept as printed in {@link Report}; they are rounded and inflated by
 *       stack logging, so they are not a figure of the {@link Profile});</li>
 *   <li>{@code leaks Report Version: ...} and {@code Process <pid>: <n> nodes malloced for <k> KB};</li>
 *   <li>the summary line {@code Process <pid>: <n> leak[s] for <bytes> total leaked bytes.}: it is required, and it
 *       alone gives {@link Profile#leakedBlocks()} and {@link Profile#leakedBytes()};</li>
 *   <li>after the summary line, the leaks themselves in either style:
 *     <ul>
 *       <li>tree style (report version 4.0): {@code STACK OF <n> INSTANCE[S] OF '<leak>':} blocks, frames from the
 *           outermost (highest index) to 0, {@code index image address symbol + offset  file:line} (the
 *           {@code file:line} optional, also accepted in brackets), ended by {@code ====}; each followed by the
 *           tree lines of its instances, {@code <count> (<size>) ROOT LEAK: <...> [<bytes>]} or
 *           {@code ROOT CYCLE: ...}, children indented further, {@code CYCLE BACK TO ...} lines (which repeat a
 *           node already counted, so they are skipped). A report made without stack logging has the tree lines
 *           only. Newer reports open the tree with {@code <count> (<size>) << TOTAL >>}, the sum of the roots
 *           below it: it is no leak and is skipped;</li>
 *       <li>list style ({@code -list}, report versions 2.0/3.0):
 *           {@code Leak: 0x7fb1cac05a20  size=32  zone: DefaultMallocZone_0x10d72f000   <type>}, one block each.
 *           After the zone, leaks(1) prints the object's class, the class's type and the binary implementing it
 *           ({@code NSMutableArray  ObjC  CoreFoundation}), or {@code malloc in <function>}; with stack logging,
 *           a {@code Call stack: [thread 0x...]: | start | main | f | malloc |} line under it gives the
 *           allocation stack, outermost first.</li>
 *     </ul>
 *   </li>
 * </ul>
 *
 * <p>What the profile holds: {@link Profile#command()} is the {@code Path:} of the header (else the process name,
 * else {@code null}); leaked bytes and blocks come from the summary line; allocations, allocated bytes, temporary
 * allocations, peak heap, peak RSS and duration are never known to {@code leaks}: {@code null}.
 * {@link Profile#leaks()} is a {@link LeakDetails} with
 * <ul>
 *   <li>{@code kinds} {@code null}: {@code leaks} does not classify memory the way memcheck does (definitely,
 *       indirectly, possibly lost, still reachable), and it never reports possibly lost or still reachable memory,
 *       so memcheck's totals cannot be filled without making figures up;</li>
 *   <li>{@code records}: one {@link LeakRecord} per {@code STACK OF} block, of kind {@link #ROOT_LEAK},
 *       {@link #ROOT_CYCLE} (from the block's title) or {@link #LEAK} (any other title), with the block's frames
 *       innermost first and the bytes and blocks of all its instances <em>including the leaked blocks only
 *       reachable from them</em> (their tree children, which have no stack of their own in the report); one record
 *       per root tree line that follows no stack block (a report without stack logging), with no frames; one record
 *       of kind {@link #LEAK} per list-style {@code Leak:} line, whose frames are those of its {@code Call stack:}
 *       line (innermost first, {@code ???} a frame without function), else one frame from the columns: the
 *       function of {@code malloc in <function>}, or the class as a synthetic function in the binary of the third
 *       column (as Instruments' categories are), else none;</li>
 *   <li>{@code errors} {@code null}: {@code leaks} does not detect memory errors.</li>
 * </ul>
 * {@link Profile#stacks()} has one {@link StackCost} per distinct frame list of those records (records without
 * frames together under the empty stack), with only {@code leakedBytes} and {@code leakedBlocks} set, so that a
 * leak flame graph covers every leaked block. Frames are as {@code leaks} printed them: {@code function} is the raw
 * symbol (Instruments' half-demangled Rust names such as {@code mylib::make_node::h2f4e...} are cleaned up later
 * by the demangler), {@code null} for {@code ???}; {@code module} is the image name; {@code file} and {@code line}
 * from {@code file:line}, else {@code null} and 0.
 *
 * <p>Bytes of a tree instance: its {@code (<size>)} when printed exactly ({@code (48 bytes)}); when rounded
 * ({@code (2.58K)}, {@code (153K)}, {@code (1.2M)}) the sum of the own {@code [<bytes>]} of the instance and the
 * children listed under it when they are as many as its {@code <count>}, else the rounded size times 1024. A stack
 * block followed by no tree line (not seen in documented output) gives a record of its instance count and 0 bytes.
 *
 * <p>A file without the summary line fails with a {@link RecordingFormatException} naming the file: "not a macOS
 * leaks report" when nothing of a leaks report was seen, "truncated" when the report's header was; so does a file
 * that ends inside a {@code STACK OF} block, and a file holding two reports. A report of 0 leaks is valid. A report
 * whose records do not add up to its summary line (cut off after a {@code ====} line or inside the tree) is read,
 * and the overloads taking a {@code Consumer<String>} are told so (the byte sum is only compared when no tree size
 * was rounded).
 */
public final class MacLeaksReportReader {

    /** A root leak: a leaked block no other leaked block points to. */
    public static final String ROOT_LEAK = "ROOT_LEAK";
    /** A root cycle: leaked blocks pointing to each other, none pointed to from outside the cycle. */
    public static final String ROOT_CYCLE = "ROOT_CYCLE";
    /** A leak the report does not call a root (list style, or a stack block with another title). */
    public static final String LEAK = "LEAK";

    private static final String SUMMARY_SHAPE = "'Process N: M leaks for B total leaked bytes.'";

    private static final Pattern SUMMARY = Pattern.compile(
            "^\\s*Process (\\d+): ([\\d,]+) leaks? for ([\\d,]+) total leaked bytes?\\.?\\s*$");
    private static final Pattern NODES = Pattern.compile(
            "^\\s*Process (\\d+): ([\\d,]+) nodes? malloced for ([\\d,]+) KB\\s*$");
    private static final Pattern HEADER_PROCESS = Pattern.compile("^Process:\\s+(.*?)\\s*\\[(\\d+)]\\s*$");
    private static final Pattern HEADER_PATH = Pattern.compile("^Path:\\s+(.*?)\\s*$");
    private static final Pattern FOOTPRINT = Pattern.compile("^Physical footprint:\\s+(.*?)\\s*$");
    private static final Pattern FOOTPRINT_PEAK = Pattern.compile("^Physical footprint \\(peak\\):\\s+(.*?)\\s*$");
    private static final Pattern REPORT_VERSION = Pattern.compile("^\\s*leaks Report Version:\\s*(.*?)\\s*$");
    private static final Pattern NOT_DEBUGGABLE = Pattern.compile("^\\s*Process \\d+ is not debuggable\\b.*");
    private static final Pattern STACK_HEADER = Pattern.compile(
            "^\\s*STACK OF ([\\d,]+) INSTANCES? OF '(.*)':\\s*$");
    private static final Pattern STACK_END = Pattern.compile("^\\s*====+\\s*$");
    /** {@code index image address rest}; the image name may hold spaces (an app bundle's executable). */
    private static final Pattern FRAME = Pattern.compile("^\\s*(\\d+)\\s+(.+?)\\s+(0x[0-9a-fA-F]+)\\s*(.*?)\\s*$");
    /** {@code symbol + offset} then optionally {@code file:line} (also {@code [file:line]}, {@code file:line:col}). */
    private static final Pattern SYMBOL_OFFSET = Pattern.compile(
            "^(.*?)\\s+\\+\\s+(\\d+)(?:\\s+\\[?(.+?):(\\d+)(?::\\d+)?]?)?$");
    /** {@code <count> (<size>) <description>}, the description possibly ending with {@code [<bytes>]}. */
    private static final Pattern TREE = Pattern.compile("^(\\s*)([\\d,]+) \\(([^)]*)\\)\\s*(.*?)\\s*$");
    private static final Pattern OWN_BYTES = Pattern.compile("\\[([\\d,]+)]$");
    private static final Pattern CYCLE_BACK = Pattern.compile("^\\s*CYCLE BACK TO\\b.*");
    private static final Pattern SIZE_BYTES = Pattern.compile("^([\\d,]+)\\s*bytes?$");
    private static final Pattern SIZE_SCALED = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([KMG])B?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_LEAK = Pattern.compile(
            "^\\s*Leak: (0x[0-9a-fA-F]+)\\s+size=([\\d,]+)(?:\\s+zone:\\s*(\\S+))?(?:\\s+(.*?))?\\s*$");
    /** The allocation stack of the list-style leak above it, outermost first: {@code Call stack: | start | main |}. */
    private static final Pattern CALL_STACK = Pattern.compile("^\\s*Call stack:(?:\\s*\\[thread [^\\]]*]:?)?\\s*(.*)$");
    /** The columns after the zone are separated by two spaces or more ({@code NSMutableArray  ObjC  CoreFoundation}). */
    private static final Pattern COLUMNS = Pattern.compile("\\s{2,}");
    private static final Pattern MALLOC_IN = Pattern.compile("^malloc in (.+)$");
    /** The tree's first line in newer reports, {@code 2 (64 bytes) << TOTAL >>}: the sum of the roots below it. */
    private static final String TOTAL = "<< TOTAL >>";

    private MacLeaksReportReader() {}

    /**
     * Everything read from a report: the profile and what the header says besides.
     *
     * @param profile               the leaks as a {@link Profile} (see the class comment)
     * @param processName           the {@code Process:} name of the header; {@code null} when absent
     * @param pid                   the pid of the summary line
     * @param path                  the {@code Path:} of the header; {@code null} when absent
     * @param reportVersion         what follows {@code leaks Report Version:} ({@code 4.0, multi-line stacks});
     *                              {@code null} when absent
     * @param nodes                 the {@code <n> nodes malloced}; {@code null} when absent
     * @param nodeKilobytes         the {@code <k> KB} of the nodes line; {@code null} when absent
     * @param physicalFootprint     as printed ({@code 1.2M}); rounded and inflated by stack logging, not a gate
     *                              figure; {@code null} when absent
     * @param physicalFootprintPeak as printed; same caveat
     * @param notices               the {@code Process N is not debuggable ...} lines, in file order
     */
    public record Report(Profile profile, String processName, long pid, String path, String reportVersion,
            Long nodes, Long nodeKilobytes, String physicalFootprint, String physicalFootprintPeak,
            List<String> notices) {}

    /** Reads a leaks report file (UTF-8, malformed bytes replaced); warnings are dropped. */
    public static Profile read(Path file) throws IOException {
        return read(file, warning -> {});
    }

    /**
     * Reads a leaks report file (UTF-8, malformed bytes replaced).
     *
     * @param warnings told, one message each, what the report does not add up to (see {@link #readReport(Reader,
     *                 String, Consumer)})
     */
    public static Profile read(Path file, Consumer<String> warnings) throws IOException {
        return readReport(file, warnings).profile();
    }

    /** Reads a leaks report; {@code nameForMessages} names it in exception messages; warnings are dropped. */
    public static Profile read(Reader in, String nameForMessages) throws IOException {
        return readReport(in, nameForMessages, warning -> {}).profile();
    }

    /** Reads a leaks report; {@code nameForMessages} names it in exception and warning messages. */
    public static Profile read(Reader in, String nameForMessages, Consumer<String> warnings) throws IOException {
        return readReport(in, nameForMessages, warnings).profile();
    }

    /** Reads a leaks report file with its header (UTF-8, malformed bytes replaced); warnings are dropped. */
    public static Report readReport(Path file) throws IOException {
        return readReport(file, warning -> {});
    }

    /** Reads a leaks report file with its header (UTF-8, malformed bytes replaced). */
    public static Report readReport(Path file, Consumer<String> warnings) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (Reader in = new InputStreamReader(Files.newInputStream(file), decoder)) {
            return readReport(in, file.toString(), warnings);
        }
    }

    /** Reads a leaks report with its header; {@code nameForMessages} names it in exception messages. */
    public static Report readReport(Reader in, String nameForMessages) throws IOException {
        return readReport(in, nameForMessages, warning -> {});
    }

    /**
     * Reads a leaks report with its header.
     *
     * @param nameForMessages names the report in exception and warning messages
     * @param warnings        told when the leaks listed do not add up to the summary line (a report cut off after
     *                        its {@code ====} line or inside the tree, while the summary line, printed first, is
     *                        complete): the profile's totals are still the summary line's
     */
    public static Report readReport(Reader in, String nameForMessages, Consumer<String> warnings)
            throws IOException {
        Parser parser = new Parser(nameForMessages, warnings);
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        String line;
        while ((line = lines.readLine()) != null) {
            parser.line(line);
        }
        return parser.finish();
    }

    /** One pass over one report. */
    private static final class Parser {
        private final String name;
        private final Consumer<String> warnings;
        private int lineNumber;
        private boolean sawAnyLine;
        private boolean sawReportStart;

        private String processName;
        private String path;
        private String reportVersion;
        private Long nodes;
        private Long nodeKilobytes;
        private String footprint;
        private String footprintPeak;
        private final List<String> notices = new ArrayList<>();

        private Long summaryPid;
        private long leakedBlocks;
        private long leakedBytes;

        /** The stack block being read (between its header and {@code ====}), else {@code null}. */
        private StackBlock openBlock;
        private int openBlockLine;
        /** The group tree lines go to: the last closed stack block, or the stackless tree. */
        private Group group;
        private final List<Group> groups = new ArrayList<>();
        /** List-style records and records of stackless roots, in order, interleaved with groups. */
        private final List<Object> order = new ArrayList<>();

        Parser(String name, Consumer<String> warnings) {
            this.name = name;
            this.warnings = warnings;
        }

        void line(String raw) throws RecordingFormatException {
            lineNumber++;
            String line = raw.replace("\r", "");
            if (!line.isBlank()) {
                sawAnyLine = true;
            }
            if (openBlock != null) {
                stackLine(line);
                return;
            }
            Matcher m;
            if ((m = SUMMARY.matcher(line)).matches()) {
                if (summaryPid != null) {
                    throw new RecordingFormatException(name + " holds more than one leaks report (a second summary"
                            + " line at line " + lineNumber + "): give it one report per file");
                }
                summaryPid = Long.parseLong(m.group(1));
                leakedBlocks = count(m.group(2));
                leakedBytes = count(m.group(3));
                sawReportStart = true;
                group = null;
                return;
            }
            if (summaryPid == null) {
                header(line);
                return;
            }
            body(line);
        }

        private void header(String line) {
            Matcher m;
            if ((m = HEADER_PROCESS.matcher(line)).matches()) {
                processName = m.group(1);
                sawReportStart = true;
            } else if ((m = HEADER_PATH.matcher(line)).matches()) {
                path = m.group(1);
            } else if ((m = FOOTPRINT_PEAK.matcher(line)).matches()) {
                footprintPeak = m.group(1);
            } else if ((m = FOOTPRINT.matcher(line)).matches()) {
                footprint = m.group(1);
            } else if ((m = REPORT_VERSION.matcher(line)).matches()) {
                reportVersion = m.group(1);
                sawReportStart = true;
            } else if ((m = NODES.matcher(line)).matches()) {
                nodes = count(m.group(2));
                nodeKilobytes = count(m.group(3));
                sawReportStart = true;
            } else if (NOT_DEBUGGABLE.matcher(line).matches()) {
                notices.add(line.strip());
            }
            // anything else: the program's output, MallocStackLogging lines, other header fields
        }

        /** A line after the summary line, outside a stack block. */
        private void body(String line) {
            Matcher m;
            if ((m = STACK_HEADER.matcher(line)).matches()) {
                openBlock = new StackBlock(count(m.group(1)), m.group(2));
                openBlockLine = lineNumber;
                group = null;
            } else if (CYCLE_BACK.matcher(line).matches()) {
                // the node it points back to is already counted
            } else if ((m = TREE.matcher(line)).matches() && !m.group(4).isEmpty()) {
                treeLine(m);
            } else if ((m = LIST_LEAK.matcher(line)).matches()) {
                order.add(new ListLeak(count(m.group(2)), m.group(4)));
                group = null;
            } else if ((m = CALL_STACK.matcher(line)).matches()) {
                if (!order.isEmpty() && order.get(order.size() - 1) instanceof ListLeak leak
                        && leak.callStack == null) {
                    leak.callStack = callStack(m.group(1));
                }
            } else if (NOT_DEBUGGABLE.matcher(line).matches()) {
                notices.add(line.strip());
            } else if ((m = NODES.matcher(line)).matches() && nodes == null) {
                nodes = count(m.group(2));
                nodeKilobytes = count(m.group(3));
            }
            // anything else: contents dumps, stray diagnostics, unknown lines
        }

        private void stackLine(String line) throws RecordingFormatException {
            if (STACK_END.matcher(line).matches()) {
                StackBlock block = openBlock;
                openBlock = null;
                block.frames.sort(Comparator.comparingInt(IndexedFrame::index));
                group = new Group(block);
                groups.add(group);
                order.add(group);
                return;
            }
            if (STACK_HEADER.matcher(line).matches() || SUMMARY.matcher(line).matches()) {
                throw new RecordingFormatException(name + " is not a complete macOS leaks report: the 'STACK OF'"
                        + " block of line " + openBlockLine + " has no closing '====' before line " + lineNumber);
            }
            Matcher m = FRAME.matcher(line);
            if (m.matches()) {
                openBlock.frames.add(new IndexedFrame(Integer.parseInt(m.group(1)), frame(m.group(2), m.group(4))));
            }
            // anything else inside a block: a stray diagnostic
        }

        private void treeLine(Matcher m) {
            int indent = m.group(1).replace("\t", "        ").length();
            long nodeCount = count(m.group(2));
            String size = m.group(3).trim();
            String description = m.group(4);
            if (description.equals(TOTAL)) {
                return; // the sum of the roots that follow, not a leak of its own
            }
            Matcher own = OWN_BYTES.matcher(description);
            Long ownBytes = own.find() ? count(own.group(1)) : null;
            boolean markedRoot = description.startsWith("ROOT LEAK:") || description.startsWith("ROOT CYCLE:");
            if (group == null) {
                group = new Group(null);
                groups.add(group);
            }
            Instance current = group.instances.isEmpty() ? null : group.instances.get(group.instances.size() - 1);
            if (current == null || markedRoot || indent <= current.indent) {
                String kind = description.startsWith("ROOT CYCLE:") ? ROOT_CYCLE
                        : description.startsWith("ROOT LEAK:") ? ROOT_LEAK : LEAK;
                Instance instance = new Instance(indent, kind, nodeCount, size);
                instance.add(ownBytes);
                group.instances.add(instance);
                if (group.block == null) {
                    order.add(instance);
                }
            } else {
                current.add(ownBytes);
            }
        }

        Report finish() throws RecordingFormatException {
            if (openBlock != null) {
                throw new RecordingFormatException(name + " is not a complete macOS leaks report: it ends inside the"
                        + " 'STACK OF' block of line " + openBlockLine + " (no closing '===='); was leaks or the"
                        + " program killed?");
            }
            if (summaryPid == null) {
                if (!sawAnyLine) {
                    throw new RecordingFormatException(name + " is empty: leaks wrote no report (leaks --atExit --"
                            + " prog ...)");
                }
                if (sawReportStart) {
                    throw new RecordingFormatException(name + " is not a complete macOS leaks report: it has the"
                            + " report's header but ends before the " + SUMMARY_SHAPE + " line; was leaks killed?");
                }
                throw new RecordingFormatException(name + " is not a macOS leaks report: no " + SUMMARY_SHAPE
                        + " line");
            }
            List<LeakRecord> records = new ArrayList<>();
            for (Object item : order) {
                if (item instanceof Group g) {
                    StackBlock block = g.block;
                    long bytes = 0;
                    long blocks = 0;
                    for (Instance instance : g.instances) {
                        bytes += instance.bytes();
                        blocks += instance.count;
                    }
                    if (g.instances.isEmpty()) {
                        blocks = block.instances;
                    }
                    List<Frame> frames = block.frames.stream().map(IndexedFrame::frame).toList();
                    records.add(new LeakRecord(block.kind(), bytes, blocks, frames));
                } else if (item instanceof Instance instance) {
                    records.add(new LeakRecord(instance.kind, instance.bytes(), instance.count, List.of()));
                } else if (item instanceof ListLeak leak) {
                    records.add(new LeakRecord(LEAK, leak.size, 1, leak.frames()));
                }
            }
            checkTotals(records);
            Map<List<Frame>, long[]> costs = new LinkedHashMap<>();
            for (LeakRecord record : records) {
                long[] cost = costs.computeIfAbsent(record.frames(), f -> new long[2]);
                cost[0] += record.bytes();
                cost[1] += record.blocks();
            }
            List<StackCost> stacks = new ArrayList<>(costs.size());
            costs.forEach((frames, cost) -> stacks.add(new StackCost(frames, 0, 0, 0, 0, cost[0], cost[1])));
            String command = path != null && !path.isBlank() ? path : processName;
            LeakDetails details = new LeakDetails(null, List.copyOf(records), null);
            Profile profile = new Profile(command, null, null, null, null, null, leakedBytes, leakedBlocks, null,
                    List.copyOf(stacks), null, List.of(), details);
            return new Report(profile, processName, summaryPid, path, reportVersion, nodes, nodeKilobytes, footprint,
                    footprintPeak, List.copyOf(notices));
        }

        /** Warns when the records do not add up to the summary line: the report was cut off after it. */
        private void checkTotals(List<LeakRecord> records) {
            long blocks = 0;
            long bytes = 0;
            boolean bytesExact = true;
            for (LeakRecord record : records) {
                blocks += record.blocks();
                bytes += record.bytes();
            }
            for (Object item : order) {
                if (item instanceof Instance instance && !instance.exact()
                        || item instanceof Group g && g.instances.stream().anyMatch(i -> !i.exact())) {
                    bytesExact = false; // rounded tree sizes ((2.58K)) cannot be compared to the byte
                }
            }
            if (blocks == leakedBlocks && (bytes == leakedBytes || !bytesExact)) {
                return;
            }
            warnings.accept(name + ": the leaks listed in the report add up to " + blocks + " leak"
                    + (blocks == 1 ? "" : "s") + " for " + bytes + " bytes, but its summary line says " + leakedBlocks
                    + " leak" + (leakedBlocks == 1 ? "" : "s") + " for " + leakedBytes + " bytes: the report looks"
                    + " cut off (was leaks or the program killed, or the output truncated?); the totals are the"
                    + " summary line's, the call tree and folded stacks show only what was listed. Record again"
                    + " to get the complete report");
        }
    }

    /** The frames of a {@code Call stack:} line ({@code | start | main | f | malloc |}), innermost first. */
    static List<Frame> callStack(String bars) {
        List<Frame> frames = new ArrayList<>();
        for (String part : bars.split("\\|")) {
            String symbol = part.strip();
            if (!symbol.isEmpty()) {
                frames.add(0, new Frame(symbol.equals("???") ? null : symbol, null, 0, null));
            }
        }
        return List.copyOf(frames);
    }

    /** {@code image} and {@code symbol + offset  file:line} of a frame line. */
    static Frame frame(String image, String rest) {
        String module = image.isBlank() || image.equals("???") ? null : image.strip();
        String symbol = rest;
        String file = null;
        int line = 0;
        Matcher m = SYMBOL_OFFSET.matcher(rest);
        if (m.matches()) {
            symbol = m.group(1);
            if (m.group(3) != null) {
                file = m.group(3).strip();
                line = parseLine(m.group(4));
            }
        }
        symbol = symbol.strip();
        if (symbol.isEmpty() || symbol.equals("???")) {
            symbol = null;
        }
        return new Frame(symbol, file, line, module);
    }

    /**
     * A tree size: {@code 48 bytes} exactly, {@code 2.58K} / {@code 153K} / {@code 1.2M} times 1024 (rounded);
     * {@code null} when it is neither.
     */
    static Long parseSize(String size) {
        String text = size.trim();
        Matcher m = SIZE_BYTES.matcher(text);
        if (m.matches()) {
            return count(m.group(1));
        }
        m = SIZE_SCALED.matcher(text);
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            int power = switch (m.group(2).toUpperCase(Locale.ROOT)) {
                case "K" -> 1;
                case "M" -> 2;
                default -> 3;
            };
            return Math.round(value * Math.pow(1024, power));
        }
        return null;
    }

    private static long count(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static int parseLine(String text) {
        try {
            return Math.max(Integer.parseInt(text), 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record IndexedFrame(int index, Frame frame) {}

    /**
     * A list-style {@code Leak:} line: its size, what follows the zone and the {@code Call stack:} line under it.
     * leaks(1) prints, after the zone, the object's class, the class's type and the binary implementing it
     * ({@code NSMutableArray  ObjC  CoreFoundation}), or {@code malloc in <function>} for a plain malloc block.
     */
    private static final class ListLeak {
        final long size;
        final String described;
        List<Frame> callStack;

        ListLeak(long size, String described) {
            this.size = size;
            this.described = described == null ? "" : described.strip();
        }

        /**
         * The allocation stack when printed, else one frame from the columns: the function of
         * {@code malloc in <function>}, or the class (a synthetic frame, as Instruments' categories are) in the
         * binary implementing it; no frame when nothing is printed.
         */
        List<Frame> frames() {
            if (callStack != null && !callStack.isEmpty()) {
                return callStack;
            }
            if (described.isEmpty()) {
                return List.of();
            }
            String[] columns = COLUMNS.split(described);
            String library = columns.length >= 3 ? columns[columns.length - 1] : null;
            Matcher malloc = MALLOC_IN.matcher(columns[0]);
            String function = malloc.matches() ? malloc.group(1).strip() : columns[0];
            return List.of(new Frame(function, null, 0, library));
        }
    }

    /** A {@code STACK OF} block: its instance count, title and frames as listed (sorted innermost first at ====). */
    private static final class StackBlock {
        final long instances;
        final String title;
        final List<IndexedFrame> frames = new ArrayList<>();

        StackBlock(long instances, String title) {
            this.instances = instances;
            this.title = title;
        }

        String kind() {
            return title.startsWith("ROOT CYCLE") ? ROOT_CYCLE : title.startsWith("ROOT LEAK") ? ROOT_LEAK : LEAK;
        }
    }

    /** The tree instances following one stack block ({@code block} set), or a stackless tree. */
    private static final class Group {
        final StackBlock block;
        final List<Instance> instances = new ArrayList<>();

        Group(StackBlock block) {
            this.block = block;
        }
    }

    /** One top-level tree line and the children listed under it. */
    private static final class Instance {
        final int indent;
        final String kind;
        final long count;
        final String size;
        long ownBytesSum;
        int nodesListed;
        boolean everyOwnKnown = true;

        Instance(int indent, String kind, long count, String size) {
            this.indent = indent;
            this.kind = kind;
            this.count = count;
            this.size = size;
        }

        void add(Long ownBytes) {
            nodesListed++;
            if (ownBytes == null) {
                everyOwnKnown = false;
            } else {
                ownBytesSum += ownBytes;
            }
        }

        /** Whether {@link #bytes()} is exact: the size printed in bytes, or every node's own bytes listed. */
        boolean exact() {
            return SIZE_BYTES.matcher(size).matches() || everyOwnKnown && nodesListed == count;
        }

        long bytes() {
            Matcher exact = SIZE_BYTES.matcher(size);
            if (exact.matches()) {
                return count(exact.group(1));
            }
            if (everyOwnKnown && nodesListed == count) {
                return ownBytesSum;
            }
            Long scaled = parseSize(size);
            if (scaled != null) {
                return scaled;
            }
            return everyOwnKnown ? ownBytesSum : 0;
        }
    }
}
