package io.github.rustinstruments.maven.trace;

import io.github.rustinstruments.maven.trace.LeakDetails.LeakKindTotals;
import io.github.rustinstruments.maven.trace.LeakDetails.LeakRecord;
import io.github.rustinstruments.maven.trace.LeakDetails.MemoryError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming reader of valgrind memcheck's XML output ({@code valgrind --tool=memcheck --xml=yes --xml-file=F
 * --leak-check=full}), protocol 4 (valgrind 3.7 to 3.25; 5 there with {@code --track-fds}) and 6 (3.26 on). Elements
 * it does not know ({@code <fatal_signal>}, {@code <errorcounts>}, {@code <suppcounts>}, protocol 6's summaries) are
 * skipped.
 *
 * <p>What it takes from the file:
 * <ul>
 *   <li>{@code <args><argv>}: the profiled command ({@link Profile#command()}, joined with spaces);</li>
 *   <li>the {@code FINISHED} {@code <status><time>}: {@link Profile#durationMillis()};</li>
 *   <li>each {@code <error>} whose kind is {@code Leak_*} (a loss record): a {@link LeakRecord} with the record's
 *       <em>own</em> bytes. memcheck's {@code <leakedbytes>} of a definitely (or possibly) lost record also counts
 *       the blocks only reachable through it ({@code "144 (72 direct, 72 indirect) bytes in 1 blocks are definitely
 *       lost"}); those indirect bytes have a record of their own, so they are taken off here, as memcheck's own
 *       LEAK SUMMARY does, and the records of a kind add up to that kind's total;</li>
 *   <li>every other {@code <error>} (invalid read or write, uninitialised value, bad free, ...): a
 *       {@link MemoryError} whose description is {@code <what>} followed by the first {@code <auxwhat>} (where the
 *       address lies: "Address 0x... is 3 bytes inside a block of size 16 free'd") and whose frames are the first
 *       stack, where the error happened; the later stacks (where the block was freed or allocated) are not kept;</li>
 *   <li>protocol 6's {@code <heap_summary><total_heap_usage>}: {@link Profile#allocations()} and
 *       {@link Profile#allocatedBytes()}. Protocol 4 does not have them (valgrind 3.19 prints "total heap usage"
 *       only in its text output, which {@code --xml=yes} turns off), so they are {@code null} there; protocol 6's
 *       {@code <leak_summary>} is not used, the totals always come from the loss records.</li>
 * </ul>
 * Temporary allocations, peak heap and peak RSS are never known to memcheck: {@code null}.
 * {@link Profile#leakedBytes()} and {@link Profile#leakedBlocks()} are definitely + indirectly lost, the summary
 * contract's definition for memcheck. {@link Profile#stacks()} has one entry per distinct stack of a definitely or
 * indirectly lost record (records with identical frames merged), with only {@code leakedBytes} and
 * {@code leakedBlocks} set, so that leak flame graphs add up to {@code leakedBytes}; possibly lost and still
 * reachable memory is only in {@link LeakDetails#records()}.
 *
 * <p>Frames are as valgrind wrote them, innermost first: {@code function} is {@code <fn>} (valgrind demangles by
 * default; inlined frames carry their short source name, e.g. {@code alloc} or {@code new<u8>}), {@code file} is
 * {@code <dir>/<file>} (or {@code <file>} alone), {@code module} is {@code <obj>}.
 *
 * <p>The parser never resolves a DTD or an external entity (valgrind writes neither); a file that ends before
 * {@code </valgrindoutput>} (valgrind was killed) or is not valgrind XML fails with a
 * {@link RecordingFormatException} naming the file.
 */
public final class MemcheckXmlReader {

    public static final String DEFINITELY_LOST = "Leak_DefinitelyLost";
    public static final String INDIRECTLY_LOST = "Leak_IndirectlyLost";
    public static final String POSSIBLY_LOST = "Leak_PossiblyLost";
    public static final String STILL_REACHABLE = "Leak_StillReachable";

    /** The oldest protocol with the structure read here (valgrind 3.7, 2011). */
    private static final int OLDEST_PROTOCOL = 4;

    /** "144 (72 direct, 72 indirect) bytes", also with the "(+N)" increments of a delta leak check. */
    private static final Pattern DIRECT_INDIRECT = Pattern.compile(
            "\\(([\\d,.']+)(?:\\s*\\([^)]*\\))?\\s+direct,\\s*([\\d,.']+)(?:\\s*\\([^)]*\\))?\\s+indirect\\)");

    /** {@code <status><time>}: days:hours:minutes:seconds.milliseconds since valgrind started. */
    private static final Pattern STATUS_TIME = Pattern.compile("(\\d+):(\\d+):(\\d+):(\\d+)(?:\\.(\\d{1,3}))?");

    private static final String CLOSING_TAG = "</valgrindoutput>";

    private MemcheckXmlReader() {}

    /**
     * Reads a memcheck XML file.
     *
     * @throws RecordingFormatException the file is empty, not valgrind XML, the output of another valgrind tool,
     *                                  truncated (valgrind was killed) or malformed
     */
    public static Profile read(Path xml) throws IOException {
        if (!Files.isRegularFile(xml)) {
            throw new IOException(xml + " does not exist or is not a file");
        }
        if (Files.size(xml) == 0) {
            throw new RecordingFormatException(xml + " is empty: valgrind wrote no XML (it was killed before the"
                    + " program started, or could not start it)");
        }
        Parser parser = new Parser(xml);
        return XmlFiles.read(xml, parser::parse, parser::explain);
    }

    /**
     * A profile made of loss records and errors, with every total computed from the records (see the class
     * comment).
     */
    public static Profile profile(String command, Long allocations, Long allocatedBytes, Long durationMillis,
            List<LeakRecord> records, List<MemoryError> errors) {
        long[] kinds = new long[8];
        Map<List<Frame>, long[]> stacks = new LinkedHashMap<>();
        for (LeakRecord record : records) {
            int slot = switch (record.kind()) {
                case DEFINITELY_LOST -> 0;
                case INDIRECTLY_LOST -> 2;
                case POSSIBLY_LOST -> 4;
                case STILL_REACHABLE -> 6;
                default -> -1; // a kind newer than this reader: listed, but in no total
            };
            if (slot < 0) {
                continue;
            }
            kinds[slot] += record.bytes();
            kinds[slot + 1] += record.blocks();
            if (slot <= 2) {
                long[] cost = stacks.computeIfAbsent(record.frames(), frames -> new long[2]);
                cost[0] += record.bytes();
                cost[1] += record.blocks();
            }
        }
        List<StackCost> stackCosts = new ArrayList<>(stacks.size());
        stacks.forEach((frames, cost) -> stackCosts.add(new StackCost(frames, 0, 0, 0, 0, cost[0], cost[1])));
        LeakKindTotals totals = new LeakKindTotals(kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], kinds[5],
                kinds[6], kinds[7]);
        LeakDetails details = new LeakDetails(totals, List.copyOf(records), List.copyOf(errors));
        return new Profile(command, allocations, allocatedBytes, null, null, null, kinds[0] + kinds[2],
                kinds[1] + kinds[3], durationMillis, List.copyOf(stackCosts), null, List.of(), details);
    }

    /**
     * The same profile without the loss records {@code drop} accepts, every total recomputed; memory errors are
     * kept. A profile without leak details is returned as it is.
     */
    public static Profile withoutLossRecords(Profile profile, Predicate<LeakRecord> drop) {
        if (profile.leaks() == null) {
            return profile;
        }
        List<LeakRecord> kept = profile.leaks().records().stream().filter(drop.negate()).toList();
        if (kept.size() == profile.leaks().records().size()) {
            return profile;
        }
        return profile(profile.command(), profile.allocations(), profile.allocatedBytes(), profile.durationMillis(),
                kept, profile.leaks().errors());
    }

    /** One pass over one file. */
    private static final class Parser {
        private final Path file;
        private boolean sawRoot;
        private int protocol = -1;
        private final List<String> argv = new ArrayList<>();
        private Long durationMillis;
        private String lastState;
        private boolean finished;
        private Long allocations;
        private Long allocatedBytes;
        private final List<LeakRecord> records = new ArrayList<>();
        private final List<MemoryError> errors = new ArrayList<>();

        Parser(Path file) {
            this.file = file;
        }

        Profile parse(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new RecordingFormatException(file + " is not valgrind XML output: it has a document type"
                            + " declaration, which valgrind never writes");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (!r.getLocalName().equals("valgrindoutput")) {
                        throw new RecordingFormatException(file + " is not valgrind XML output: its root element is"
                                + " <" + r.getLocalName() + ">, valgrind's is <valgrindoutput>"
                                + " (valgrind --tool=memcheck --xml=yes --xml-file=...)");
                    }
                    sawRoot = true;
                    return root(r);
                }
            }
            throw new RecordingFormatException(file + " is not valgrind XML output: it has no root element");
        }

        private Profile root(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    if (!finished) {
                        // e.g. a suppression file valgrind could not parse: it closes the XML and exits at once
                        throw new RecordingIncompleteException("valgrind did not finish its check: " + file
                                + " ends in state " + (lastState == null ? "(none)" : lastState) + ", not FINISHED,"
                                + " so it measured nothing");
                    }
                    return profile(argv.isEmpty() ? null : String.join(" ", argv), allocations, allocatedBytes,
                            durationMillis, records, errors);
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (r.getLocalName()) {
                    case "protocolversion" -> protocol(r);
                    case "protocoltool", "tool" -> tool(r);
                    case "args" -> args(r);
                    case "status" -> status(r);
                    case "error" -> error(r);
                    case "heap_summary" -> heapSummary(r);
                    default -> skip(r);
                }
            }
            throw truncated();
        }

        private void protocol(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            String text = r.getElementText().trim();
            try {
                protocol = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw malformed(r, "<protocolversion> is '" + text + "', not a number");
            }
            if (protocol < OLDEST_PROTOCOL) {
                throw new RecordingFormatException(file + " is valgrind XML protocol " + protocol
                        + ", older than the protocol " + OLDEST_PROTOCOL + " of valgrind 3.7 and later; record it"
                        + " with a newer valgrind");
            }
        }

        private void tool(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            String tool = r.getElementText().trim();
            if (!tool.equals("memcheck")) {
                throw new RecordingFormatException(file + " is the output of valgrind's " + tool + ", not memcheck:"
                        + " only memcheck (valgrind --tool=memcheck) checks for leaks");
            }
        }

        /** {@code <args><vargv>valgrind's own</vargv><argv><exe/><arg/>...</argv></args>}. */
        private void args(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            forEachChild(r, child -> {
                if (child.getLocalName().equals("argv")) {
                    argv.clear();
                    forEachChild(child, part -> argv.add(part.getElementText()));
                } else {
                    skip(child);
                }
            });
        }

        private void status(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            String[] stateAndTime = new String[2];
            forEachChild(r, child -> {
                switch (child.getLocalName()) {
                    case "state" -> stateAndTime[0] = child.getElementText().trim();
                    case "time" -> stateAndTime[1] = child.getElementText().trim();
                    default -> skip(child);
                }
            });
            lastState = stateAndTime[0];
            finished |= "FINISHED".equals(stateAndTime[0]);
            if ("FINISHED".equals(stateAndTime[0]) && stateAndTime[1] != null) {
                durationMillis = parseTime(stateAndTime[1]);
            }
        }

        private void heapSummary(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            forEachChild(r, child -> {
                if (child.getLocalName().equals("total_heap_usage")) {
                    forEachChild(child, figure -> {
                        switch (figure.getLocalName()) {
                            case "allocs" -> allocations = parseCount(figure.getElementText());
                            case "bytes_allocated" -> allocatedBytes = parseCount(figure.getElementText());
                            default -> skip(figure);
                        }
                    });
                } else {
                    skip(child);
                }
            });
        }

        private void error(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            int startLine = r.getLocation() == null ? -1 : r.getLocation().getLineNumber();
            ErrorParts parts = new ErrorParts();
            forEachChild(r, child -> {
                switch (child.getLocalName()) {
                    case "kind" -> parts.kind = child.getElementText().trim();
                    case "what" -> parts.what = child.getElementText().trim();
                    case "xwhat" -> xwhat(child, parts);
                    case "auxwhat" -> {
                        String aux = child.getElementText().trim();
                        if (parts.auxwhat == null) {
                            parts.auxwhat = aux;
                        }
                    }
                    case "xauxwhat" -> {
                        String[] text = new String[1];
                        forEachChild(child, part -> {
                            if (part.getLocalName().equals("text")) {
                                text[0] = part.getElementText().trim();
                            } else {
                                skip(part);
                            }
                        });
                        if (parts.auxwhat == null) {
                            parts.auxwhat = text[0];
                        }
                    }
                    case "stack" -> {
                        List<Frame> frames = stack(child);
                        if (parts.frames == null) {
                            parts.frames = frames; // where it happened; later stacks say where it was freed/allocated
                        }
                    }
                    default -> skip(child);
                }
            });
            if (parts.kind == null) {
                throw malformed(startLine, "an <error> without <kind>");
            }
            List<Frame> frames = parts.frames == null ? List.of() : List.copyOf(parts.frames);
            if (parts.kind.startsWith("Leak_")) {
                if (parts.leakedBytes == null || parts.leakedBlocks == null) {
                    throw malformed(startLine, "the loss record (" + parts.kind + ") has no <leakedbytes> or"
                            + " <leakedblocks>");
                }
                long indirect = indirectBytes(parts.xwhatText);
                long own = parts.leakedBytes - indirect;
                records.add(new LeakRecord(parts.kind, own >= 0 ? own : parts.leakedBytes, parts.leakedBlocks,
                        frames));
            } else {
                String what = parts.what != null ? parts.what : parts.xwhatText;
                if (parts.auxwhat != null && !parts.auxwhat.isEmpty()) {
                    what = what == null || what.isEmpty() ? parts.auxwhat : what + "; " + parts.auxwhat;
                }
                errors.add(new MemoryError(parts.kind, what, frames));
            }
        }

        private void xwhat(XMLStreamReader r, ErrorParts parts) throws XMLStreamException, RecordingFormatException {
            forEachChild(r, child -> {
                switch (child.getLocalName()) {
                    case "text" -> parts.xwhatText = child.getElementText().trim();
                    case "leakedbytes" -> parts.leakedBytes = parseCount(child.getElementText());
                    case "leakedblocks" -> parts.leakedBlocks = parseCount(child.getElementText());
                    default -> skip(child);
                }
            });
        }

        private List<Frame> stack(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            List<Frame> frames = new ArrayList<>();
            forEachChild(r, child -> {
                if (!child.getLocalName().equals("frame")) {
                    skip(child);
                    return;
                }
                String[] parts = new String[4]; // obj, fn, dir, file
                int[] line = new int[1];
                forEachChild(child, part -> {
                    switch (part.getLocalName()) {
                        case "obj" -> parts[0] = blankToNull(part.getElementText());
                        case "fn" -> parts[1] = blankToNull(part.getElementText());
                        case "dir" -> parts[2] = blankToNull(part.getElementText());
                        case "file" -> parts[3] = blankToNull(part.getElementText());
                        case "line" -> line[0] = parseLine(part.getElementText());
                        default -> skip(part);
                    }
                });
                String path = parts[3] == null ? null
                        : parts[2] == null || parts[3].startsWith("/") ? parts[3]
                        : parts[2].endsWith("/") ? parts[2] + parts[3] : parts[2] + "/" + parts[3];
                frames.add(new Frame(parts[1], path, line[0], parts[0]));
            });
            return frames;
        }

        /** Calls {@code body} at the start of each child element of the current element, up to its end. */
        private void forEachChild(XMLStreamReader r, ChildHandler body)
                throws XMLStreamException, RecordingFormatException {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    body.child(r);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    return;
                }
            }
            throw truncated();
        }

        private void skip(XMLStreamReader r) throws XMLStreamException, RecordingFormatException {
            int depth = 1;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT && --depth == 0) {
                    return;
                }
            }
            throw truncated();
        }

        private RecordingFormatException truncated() {
            return new RecordingFormatException(file + " ends before " + CLOSING_TAG
                    + ": valgrind did not finish (killed or time limit?)");
        }

        private RecordingFormatException malformed(XMLStreamReader r, String what) {
            return malformed(r.getLocation() == null ? -1 : r.getLocation().getLineNumber(), what);
        }

        private RecordingFormatException malformed(int line, String what) {
            return new RecordingFormatException(file + " is not well-formed valgrind XML" + XmlFiles.atLine(line)
                    + ": " + what);
        }

        /** What a parse failure means: not XML at all, a file cut off (valgrind killed), or broken XML. */
        RecordingFormatException explain(XMLStreamException e) throws IOException {
            return XmlFiles.explain(e, file, sawRoot, new XmlFiles.Wording(file + " is not valgrind XML output"
                    + " (valgrind --tool=memcheck --xml=yes --xml-file=...)", truncated().getMessage(),
                    file + " is not well-formed valgrind XML", "", CLOSING_TAG));
        }
    }

    /** The parts of one {@code <error>}. */
    private static final class ErrorParts {
        String kind;
        String what;
        String xwhatText;
        String auxwhat;
        Long leakedBytes;
        Long leakedBlocks;
        List<Frame> frames;
    }

    @FunctionalInterface
    private interface ChildHandler {
        void child(XMLStreamReader r) throws XMLStreamException, RecordingFormatException;
    }

    /** The indirect part of "144 (72 direct, 72 indirect) bytes in 1 blocks are definitely lost ...", else 0. */
    static long indirectBytes(String xwhatText) {
        if (xwhatText == null) {
            return 0;
        }
        Matcher m = DIRECT_INDIRECT.matcher(xwhatText);
        if (!m.find()) {
            return 0;
        }
        Long indirect = parseCount(m.group(2));
        return indirect == null ? 0 : indirect;
    }

    /** A count as valgrind prints it, digit grouping (1,072) tolerated; {@code null} when it is none. */
    static Long parseCount(String text) {
        if (text == null) {
            return null;
        }
        String digits = text.trim().replaceAll("[,.'\\s]", "");
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long parseTime(String text) {
        Matcher m = STATUS_TIME.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long days = Long.parseLong(m.group(1));
        long hours = Long.parseLong(m.group(2));
        long minutes = Long.parseLong(m.group(3));
        long seconds = Long.parseLong(m.group(4));
        String fraction = m.group(5) == null ? "0" : (m.group(5) + "00").substring(0, 3);
        return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + Long.parseLong(fraction);
    }

    private static int parseLine(String text) {
        try {
            int line = Integer.parseInt(text.trim());
            return Math.max(line, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
