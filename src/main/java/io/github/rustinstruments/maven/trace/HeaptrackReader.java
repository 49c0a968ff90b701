package io.github.rustinstruments.maven.trace;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Streaming reader of heaptrack's interpreted data file (what {@code heaptrack -o x} leaves as {@code x.zst}).
 *
 * <p>The figures are the ones {@code heaptrack_print} (1.4) prints, including its less obvious rules:
 * <ul>
 *   <li>a {@code -} is <em>temporary</em> when it names the same allocation info (size + trace) as the most recent
 *       {@code +}, and that "most recent" is forgotten (reset to info 0) by every {@code -}; so a {@code - 0} right
 *       after any free also counts, as it does in heaptrack;</li>
 *   <li>a {@code -} is never matched against a live block: it subtracts its info's size even if no such block is
 *       live (heaptrack_interpret already drops frees of unknown pointers, so real recordings never do this);</li>
 *   <li>peak heap is only raised by a {@code +};</li>
 *   <li>leaks of traces that pass through heaptrack's built-in suppressions ({@code __new_exitfn},
 *       {@code dl_open_worker}, ...) or the recording's own {@code S leak:...} suppressions are not counted as leaked,
 *       neither in the totals nor in the trace (nor, by extension, in {@code leakedBlocks});</li>
 *   <li>{@code A} (attached at runtime) does not change the printed totals: heaptrack resets them only in its first
 *       pass over the file and prints those of the second one; heaptrack writes {@code A} before any event anyway;</li>
 *   <li>a trace node whose frame is {@code operator new} is replaced by its parent, and a stack ends after the frame
 *       of {@code main}, {@code __libc_start_main} or {@code __static_initialization_and_destruction_0}, as in
 *       heaptrack's backtraces.</li>
 * </ul>
 *
 * <p>{@link Profile#stacks()} has one entry per trace with at least one allocation, in the order the traces first
 * appear in {@code a} records (heaptrack's own order). {@code leakedBlocks} is not a heaptrack figure: it is the number
 * of {@code +} minus the number of {@code -}, with the same suppressions applied.
 *
 * <p>{@link Profile#timeline()} has a sample per {@code c} time stamp and one for the end (see {@link HeapTimeline}:
 * at most about 20,000, the peak always visible); {@link Profile#peakTimeMillis()} is the time of the last {@code c}
 * before the moment of the global peak, 0 when the peak came before the first one, {@code null} when the recording
 * has no time stamps.
 *
 * <p>Frames heaptrack could not name (no function: a JVM's JIT-compiled and interpreter code has not even a module)
 * keep their instruction pointer in {@link Frame#address()}; named frames have address 0. A stack whose trace is
 * {@value #MAX_TRACE_IPS} instruction pointers deep and does not reach {@code main} is marked
 * {@link StackCost#possiblyCut()}: heaptrack 1.4 unwinds at most 64 frames, two of them its own.
 *
 * <p>Read with a scope ({@link #read(Path, Predicate)}), the reader also follows the allocations whose stack the
 * scope accepts: the predicate is asked once per trace, when its first allocation info is read, and the events of
 * the infos it accepted update the scope's own live bytes and peak as they stream by (see {@link ScopedTotals}).
 * Without a scope none of that is done.
 *
 * <p>Events ({@code + - a t c R}) are parsed byte by byte from a buffer, without building lines or strings, so
 * memory is bounded by the number of distinct strings, instruction pointers, trace nodes and allocation infos, never
 * by the number of events. A compressed file is decompressed on a second thread, a bounded queue of chunks ahead of
 * the parser: decompressing costs about as much as parsing, and on two cores the two overlap. A {@code .zst} file is
 * decompressed by the {@code zstd} command when it is installed (see {@link ExternalZstd}), two to three times faster
 * than the Java decoder on recordings with many distinct stacks.
 */
public final class HeaptrackReader {

    /**
     * The deepest trace heaptrack 1.4 records: it unwinds at most 64 frames and drops its own two
     * ({@code Trace::MAX_SIZE}, {@code fill(2)}).
     */
    static final int MAX_TRACE_IPS = 62;

    /** The newest file format this reader understands (heaptrack 1.2+ writes 3). */
    private static final int NEWEST_FORMAT = 3;

    /** heaptrack 1.4's built-in leak suppressions: known one-time allocations of libc, ld.so and glib. */
    private static final List<String> BUILTIN_SUPPRESSIONS = List.of(
            "__nss_module_allocate", "__gconv_read_conf", "__new_exitfn", "tzset_internal", "dl_open_worker",
            "g_main_context_new", "g_thread_self");

    private static final List<String> OPERATOR_NEW = List.of(
            "operator new(unsigned long)", "operator new[](unsigned long)",
            "operator new(unsigned int)", "operator new[](unsigned int)");

    private static final List<String> STOP_FUNCTIONS =
            List.of("main", "__libc_start_main", "__static_initialization_and_destruction_0");

    /** Decompressed bytes handed from the decompressing thread to the parser at a time, and chunks in flight. */
    private static final int CHUNK_SIZE = 1 << 18;
    private static final int CHUNKS = 8;

    /** Value of each byte as a lowercase hex digit, -1 when it is none. */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
        }
    }

    private HeaptrackReader() {}

    /**
     * Reads a recording, zstd- or gzip-compressed (recognised by their magic bytes, not the file name) or plain.
     *
     * @throws RecordingFormatException when the file is not a heaptrack recording, is truncated or corrupt
     * @throws IOException              when the file cannot be read
     */
    public static Profile read(Path file) throws IOException {
        return read(file, ExternalZstd.tool(), null, null);
    }

    /**
     * As {@link #read(Path)}, and follows the allocations within {@code scope} while reading: the profile's
     * {@link Profile#scope()} has their figures, its stacks say which are {@link StackCost#inScope()} and their
     * {@link StackCost#scopedPeakBytes()}. The whole-process figures are the same as without a scope.
     *
     * @param scope asked once per trace with its frames, innermost first (as {@link StackCost#frames()}); an
     *              exception it throws ends the reading and is thrown as it is
     */
    public static Profile read(Path file, Predicate<List<Frame>> scope) throws IOException {
        return read(file, ExternalZstd.tool(), Objects.requireNonNull(scope, "scope"), null);
    }

    /**
     * As {@link #read(Path, Predicate)}, and charges the scope's allocations to the tests whose markers surround
     * them ({@link TestWindows}): the profile's {@link Profile#tests()} has the scope's figures per test, and the
     * markers count in no figure. {@link Profile#tests()} is {@code null} when not every marker was found (a
     * recording that is not the markers' JVM's, or a listener that could not allocate): the windows would be wrong.
     *
     * @param markers the markers the recorded JVM's listener wrote
     */
    public static Profile read(Path file, Predicate<List<Frame>> scope, TestMarkers markers) throws IOException {
        return read(file, ExternalZstd.tool(), Objects.requireNonNull(scope, "scope"),
                Objects.requireNonNull(markers, "markers"));
    }

    /**
     * As {@link #read(Path)}, a zstd-compressed file decompressed by {@code zstdTool} when it is not {@code null}.
     * Should that fail in any way (no such tool, a tool error, a corrupt or truncated file), the file is read again
     * with the Java decoder, which then says what is wrong with it.
     */
    static Profile read(Path file, Path zstdTool) throws IOException {
        return read(file, zstdTool, null, null);
    }

    private static Profile read(Path file, Path zstdTool, Predicate<List<Frame>> scope, TestMarkers markers)
            throws IOException {
        if (zstdTool != null && isZstd(file)) {
            try {
                return readWithTool(file, zstdTool, scope, markers);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                // fall back below
            }
        }
        return readInJava(file, scope, markers);
    }

    private static boolean isZstd(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return startsWith(in.readNBytes(4), 0x28, 0xB5, 0x2F, 0xFD);
        } catch (IOException e) {
            return false; // the Java path reports it
        }
    }

    private static Profile readWithTool(Path file, Path zstdTool, Predicate<List<Frame>> scope,
            TestMarkers markers) throws IOException {
        InputStream text = ExternalZstd.decompress(zstdTool, file);
        // a thread of its own drains the pipe, so that the parser's thread only parses
        ChunkReader chunks = new ChunkReader(text, CHUNK_SIZE, CHUNKS, "heaptrack-zstd-reader");
        try {
            return new Parser(chunks, file.toString(), scope, markers).parse();
        } finally {
            // stop the tool first: a reading thread blocked on its pipe then sees the end
            text.close();
            chunks.close();
        }
    }

    private static Profile readInJava(Path file, Predicate<List<Frame>> scope, TestMarkers markers)
            throws IOException {
        String name = file.toString();
        try (InputStream raw = new SourceErrors(Files.newInputStream(file));
                BufferedInputStream head = new BufferedInputStream(raw, 1 << 16)) {
            head.mark(4);
            byte[] magic = head.readNBytes(4);
            head.reset();
            try (InputStream text = decompressed(head, magic, name)) {
                if (text == head) {
                    return new Parser(text, name, scope, markers).parse();
                }
                // decompression costs about as much as parsing: let another core do it
                try (ChunkReader chunks = new ChunkReader(text, CHUNK_SIZE, CHUNKS, "heaptrack-decompressor")) {
                    return new Parser(chunks, name, scope, markers).parse();
                }
            }
        } catch (SourceErrors.Failure e) {
            throw e.getCause();
        }
    }

    /**
     * Reads the text of a recording from an already decompressed stream, which is left open.
     *
     * @param nameForMessages how error messages name the recording, usually its path
     */
    public static Profile read(InputStream decompressed, String nameForMessages) throws IOException {
        return new Parser(decompressed, nameForMessages, null, null).parse();
    }

    /** As {@link #read(InputStream, String)}, following the allocations within {@code scope} (see above). */
    public static Profile read(InputStream decompressed, String nameForMessages, Predicate<List<Frame>> scope)
            throws IOException {
        return new Parser(decompressed, nameForMessages, Objects.requireNonNull(scope, "scope"), null).parse();
    }

    /** As {@link #read(Path, Predicate, TestMarkers)}, from an already decompressed stream, which is left open. */
    public static Profile read(InputStream decompressed, String nameForMessages, Predicate<List<Frame>> scope,
            TestMarkers markers) throws IOException {
        return new Parser(decompressed, nameForMessages, Objects.requireNonNull(scope, "scope"),
                Objects.requireNonNull(markers, "markers")).parse();
    }

    /** Carries an exception of the caller's scope predicate past the parser's safety net. */
    private static final class ScopeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScopeFailure(RuntimeException cause) {
            super(cause);
        }
    }

    private static InputStream decompressed(InputStream head, byte[] magic, String name) throws IOException {
        if (startsWith(magic, 0x28, 0xB5, 0x2F, 0xFD)) {
            return new DecoderErrors(new ZstdInputStream(head), name, "zstd");
        }
        if (startsWith(magic, 0x1F, 0x8B)) {
            return new DecoderErrors(openGzip(head, name), name, "gzip");
        }
        return head;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static InputStream openGzip(InputStream in, String name) throws IOException {
        try {
            return new GZIPInputStream(in, 1 << 16); // reads the gzip header right away
        } catch (SourceErrors.Failure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw DecoderErrors.translate(e, name, "gzip");
        }
    }

    /** Marks I/O errors of the file itself, so that they are not mistaken for errors of the decompressor. */
    private static final class SourceErrors extends FilterInputStream {

        static final class Failure extends IOException {
            private static final long serialVersionUID = 1L;

            Failure(IOException cause) {
                super(cause);
            }

            @Override
            public synchronized IOException getCause() {
                return (IOException) super.getCause();
            }
        }

        SourceErrors(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new Failure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new Failure(e);
            }
        }
    }

    /** Turns the decompressor's complaints (and its runtime exceptions on garbage) into a message for the user. */
    private static final class DecoderErrors extends FilterInputStream {

        private final String name;
        private final String codec;

        DecoderErrors(InputStream in, String name, String codec) {
            super(in);
            this.name = name;
            this.codec = codec;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (SourceErrors.Failure e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw translate(e, name, codec);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SourceErrors.Failure e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw translate(e, name, codec);
            }
        }

        static RecordingFormatException translate(Exception e, String name, String codec) {
            String message = String.valueOf(e.getMessage());
            // aircompressor says "Not enough input bytes" when the input ends inside a frame
            if (e instanceof EOFException || message.contains("Not enough input bytes")) {
                String where = codec.equals("zstd") ? "in the middle of a frame" : "before its end";
                return new RecordingFormatException(name + " is truncated: the " + codec + " stream ended " + where
                        + " (was heaptrack killed before it finished writing?)", e);
            }
            // the decoder's own runtime exceptions (index out of bounds and the like) say nothing to a user
            String detail = e instanceof IOException && e.getMessage() != null ? " (" + e.getMessage() + ")" : "";
            return new RecordingFormatException(
                    name + " is not a valid " + codec + " stream: its compressed data is corrupt" + detail, e);
        }
    }

    /** One pass over the text; see the class comment for the rules. */
    private static final class Parser {

        /** Longs per cost slot, and the offsets of its fields. */
        private static final int SLOT = 8;
        private static final int ALLOCATIONS = 0;
        private static final int BYTES = 1;
        private static final int TEMPORARY = 2;
        private static final int LIVE = 3;
        private static final int LIVE_BLOCKS = 4;
        private static final int PEAK_LIVE = 5;
        /** Bytes live at the scope's own peak. */
        private static final int SCOPED_PEAK_LIVE = 6;
        /** The trace of the slot. */
        private static final int TRACE = 7;

        /**
         * Longs per allocation info in {@link #infos}, and the offsets of its fields: all that an event touches lies
         * in these 64 bytes. INFO_EPOCH is the peak epoch of INFO_AT_PEAK (see touch()); INFO_SCOPED_EPOCH the
         * same for the scope's peak, and -1 for an info outside the scope (or without one): the scope's flag.
         */
        private static final int INFO = 8;
        private static final int INFO_SIZE = 0;
        private static final int INFO_ALLOCATED = 1;
        private static final int INFO_FREED = 2;
        private static final int INFO_EPOCH = 3;
        private static final int INFO_AT_PEAK = 4;
        private static final int INFO_TEMPORARY = 5;
        private static final int INFO_SCOPED_EPOCH = 6;
        private static final int INFO_AT_SCOPED_PEAK = 7;

        private final InputStream in;
        private final String name;

        /** The source of the bytes when they come from a reading thread, else null. */
        private final ChunkReader chunks;
        private byte[] buf;
        private int pos;
        private int limit;
        private boolean eof;
        /** Number of the line being parsed, for messages. */
        private long lineNo;
        /** Type of the record being parsed, for messages. */
        private char record;
        /** The materialised rest of a line, for the few records that carry text. */
        private byte[] text = new byte[256];
        private int textLength;

        private int fileVersion;
        private String command;
        private boolean sawCommand;
        private long pageSize = -1;
        private final List<String> suppressions = new ArrayList<>(BUILTIN_SUPPRESSIONS);

        /** String table; record n (1-based) is at n - 1, index 0 means "none". */
        private final ArrayList<String> strings = new ArrayList<>();
        private final BitSet operatorNewStrings = new BitSet();
        private final BitSet stopStrings = new BitSet();
        /**
         * Per instruction pointer (1-based): {module, function, file, line, then function, file, line per inlined
         * frame}; unknown parts are 0, so there is always one frame.
         */
        private final ArrayList<int[]> ips = new ArrayList<>();
        /** Per instruction pointer (0-based here): its address, for the frames heaptrack could not name. */
        private long[] ipAddresses = new long[1024];
        private final BitSet operatorNewIps = new BitSet();
        /** Frames of each instruction pointer (1-based), built once; grows with {@link #ips}. */
        private final ArrayList<List<Frame>> ipFrames = new ArrayList<>();

        /** Trace tree, 1-based; node 0 is the root (no frame, parent itself). */
        private int traceCount;
        private int[] traceIp = new int[1024];
        private int[] traceParent = new int[1024];
        /** Instruction pointers in each trace as heaptrack recorded it (operator new included), to see cut ones. */
        private int[] traceDepth = new int[1024];
        /** Cost slot of each trace + 1, 0 while no allocation info names the trace. */
        private int[] traceSlot = new int[1024];

        /**
         * Allocation infos, 0-based, {@link #INFO} longs each: the size, the number of '+' and of '-' naming it,
         * the blocks live at the peak numbered by its epoch, its temporary frees and the same for the scope.
         * Events only count here (one increment each, in one cache line); the costs per trace are summed from the
         * counts at the end.
         */
        private int infoCount;
        private long[] infos = new long[INFO * 1024];
        /** Per info: the offset of its trace's cost slot in {@link #slots}. */
        private int[] infoSlot = new int[1024];

        /**
         * Costs of each trace used by an allocation info, {@link #SLOT} longs per trace with the fields at the
         * offsets defined above; filled from the infos' counts at the end.
         */
        private int slotCount;
        private long[] slots = new long[SLOT * 256];

        /** The scope, {@code null} when reading without one. */
        private final Predicate<List<Frame>> scope;
        /** Slots (traces) the scope accepted. */
        private final BitSet scopedSlots = new BitSet();
        /** Frames of each slot, built when the scope was asked, reused at the end. */
        private final ArrayList<List<Frame>> slotFrames = new ArrayList<>();
        private long scopedLive;
        private long scopedPeak;
        private long scopedEpoch;
        /** Allocation info of the scope's latest '+', 0 after a scoped '-' (heaptrack's rule on the scope's events). */
        private long scopedLast;
        private long scopedTemporary;
        private final HeapTimeline scopedTimeline = new HeapTimeline();
        private long scopedEpochAtStamp;
        private long scopedPeakStamp;
        private long scopedPeakMillis;
        /** Set by frames(): whether the stack just built ended at main (then it was not cut). */
        private boolean reachedStop;
        /** With test markers: the tests' windows; {@code null} otherwise. */
        private final TestWindows windows;
        /**
         * With test markers: per info, 1 when its events leave the hot loop for the general path (the scope's infos
         * and possible markers), which charges them to the windows; {@code null} otherwise.
         */
        private byte[] special;
        /** Traces whose leaks heaptrack's and the recording's suppressions hide (known at the end). */
        private BitSet suppressedTraces = new BitSet();

        private long live;
        private long peak;
        /** Number of times a new heap peak was set; 0 while none. */
        private long peakEpoch;
        /** Allocation info of the latest '+', 0 after a '-' (heaptrack's rule for temporaries). */
        private long lastAllocated;
        private long maxRssPages = -1;
        private long lastTimestamp = -1;

        private final HeapTimeline timeline = new HeapTimeline();
        /** peakEpoch at the latest time stamp: a different peakEpoch at the next one means a peak in between. */
        private long epochAtStamp;
        /** Number of the last time stamp before the peak (0: none) and its time. */
        private long peakStamp;
        private long peakMillis;

        /** Reads {@code in} in this thread. */
        Parser(InputStream in, String name, Predicate<List<Frame>> scope, TestMarkers markers) {
            this.in = in;
            this.chunks = null;
            this.buf = new byte[1 << 16];
            this.name = name;
            this.scope = scope;
            this.windows = markers == null ? null : new TestWindows(markers);
            this.special = markers == null ? null : new byte[1024];
        }

        /** Reads the chunks of another thread. */
        Parser(ChunkReader chunks, String name, Predicate<List<Frame>> scope, TestMarkers markers) {
            this.in = null;
            this.chunks = chunks;
            this.buf = new byte[0];
            this.name = name;
            this.scope = scope;
            this.windows = markers == null ? null : new TestWindows(markers);
            this.special = markers == null ? null : new byte[1024];
        }

        Profile parse() throws IOException {
            try {
                readVersion();
                final boolean scoped = scope != null;
                while (true) {
                    if (scoped) {
                        scopedEvents();
                    } else {
                        events();
                    }
                    int type = next();
                    if (type == -1) {
                        break;
                    }
                    lineNo++;
                    record = (char) type;
                    switch (type) {
                        case '+' -> allocation();
                        case '-' -> deallocation();
                        case 'c' -> timestamp();
                        case 'R' -> rss();
                        case 'a' -> allocationInfo();
                        case 't' -> traceNode();
                        case 'i' -> instructionPointer();
                        case 's' -> string();
                        case 'X' -> debuggee();
                        case 'I' -> systemInfo();
                        case 'S' -> suppression();
                        case '\n' -> { } // empty line, heaptrack writes one before its closing comments
                        case 'v' -> throw corrupt("it has a second 'v' version line (two recordings concatenated?)");
                        case 'm' -> throw new RecordingFormatException(name + " is a raw heaptrack capture (it has "
                                + "'m' module records, line " + lineNo + "), not the interpreted data file: pipe it "
                                + "through heaptrack_interpret first, which heaptrack does itself unless run with -r");
                        // '#' comments, 'A' (see the class comment) and record types this reader does not know:
                        // heaptrack skips them too
                        default -> endLine();
                    }
                }
                return finish();
            } catch (ScopeFailure e) {
                throw (RuntimeException) e.getCause();
            } catch (RuntimeException e) {
                // a safety net: no internal error may reach the user as a bare stack trace
                throw new RecordingFormatException(name + " is corrupt at line " + lineNo + " ('" + record
                        + "' record): its content does not fit heaptrack's format", e);
            }
        }

        // ---- header

        private void readVersion() throws IOException {
            int type;
            do {
                // tolerate leading comments and empty lines, as heaptrack does
                type = next();
                if (type == -1) {
                    throw new RecordingFormatException(name + " is not a heaptrack recording: it is empty");
                }
                lineNo++;
                if (type == '#') {
                    endLine();
                }
            } while (type == '#' || type == '\n');
            record = (char) type;
            readRest(4096);
            String line = (char) type + new String(text, 0, textLength, StandardCharsets.ISO_8859_1);
            String[] fields = line.split(" ", -1);
            boolean wellFormed = type == 'v' && fields.length >= 2 && fields.length <= 3;
            for (int i = 1; wellFormed && i < fields.length; i++) {
                wellFormed = isHex(fields[i]);
            }
            if (!wellFormed) {
                if (type != 'v' && "XIsitac+-".indexOf(type) >= 0 && line.length() > 1 && line.charAt(1) == ' ') {
                    throw new RecordingFormatException(name + " has no 'v' version line: it looks like a recording of "
                            + "heaptrack older than 1.0 (file format 0), which is not supported; found "
                            + excerpt(line) + " at line " + lineNo);
                }
                throw new RecordingFormatException(name + " is not a heaptrack recording: expected a 'v' version "
                        + "line at the start, found " + excerpt(line));
            }
            long heaptrackVersion = Long.parseUnsignedLong(fields[1], 16);
            long format;
            if (fields.length == 3) {
                format = Long.parseUnsignedLong(fields[2], 16);
            } else {
                // heaptrack 1.0 wrote its own version 1.2.0 where the format version belongs: that is format 1
                format = heaptrackVersion == 0x010200 ? 1 : 0;
            }
            if (format < 1 || format > NEWEST_FORMAT) {
                throw new RecordingFormatException(name + " was written by heaptrack " + version(heaptrackVersion)
                        + " in file format " + Long.toUnsignedString(format) + "; this reader understands formats 1 to "
                        + NEWEST_FORMAT);
            }
            fileVersion = (int) format;
        }

        private static boolean isHex(String field) {
            if (field.isEmpty() || field.length() > 16) {
                return false;
            }
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return false;
                }
            }
            return true;
        }

        private static String version(long v) {
            return Long.toUnsignedString(v >>> 16) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
        }

        /** The start of a line, printable whatever the file holds. */
        private static String excerpt(String line) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            for (; i < line.length() && out.length() < 60; i++) {
                char c = line.charAt(i);
                out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\x%02x", (int) c));
            }
            return "'" + out + (i < line.length() ? "...'" : "'");
        }

        private void debuggee() throws IOException {
            if (sawCommand) {
                throw corrupt("it has a second 'X' debuggee line (two recordings concatenated?)");
            }
            sawCommand = true;
            startFields();
            readRest(Integer.MAX_VALUE);
            command = textLength == 0 ? null : new String(text, 0, textLength, StandardCharsets.UTF_8);
        }

        private void systemInfo() throws IOException {
            requireFields();
            pageSize = hex("the page size");
            endLine();
        }

        private void suppression() throws IOException {
            startFields();
            readRest(Integer.MAX_VALUE);
            // LSan syntax, one per line: "leak:<pattern>"; heaptrack ignores comments and other kinds
            String line = new String(text, 0, textLength, StandardCharsets.UTF_8).strip();
            if (line.startsWith("leak:") && line.length() > 5) {
                suppressions.add(line.substring(5));
            }
        }

        // ---- symbol tables

        private void string() throws IOException {
            String value;
            if (fileVersion >= 3) {
                requireFields();
                long length = hex("the string length");
                readRest(Integer.MAX_VALUE);
                if (length < 0 || length > textLength) {
                    throw corrupt("the string is announced with " + length + " bytes, but the line has only "
                            + textLength);
                }
                value = new String(text, 0, (int) length, StandardCharsets.UTF_8);
            } else {
                // before format 3 the string is the rest of the line, spaces included
                startFields();
                readRest(Integer.MAX_VALUE);
                value = new String(text, 0, textLength, StandardCharsets.UTF_8);
            }
            strings.add(value);
            int index = strings.size();
            if (OPERATOR_NEW.contains(value)) {
                operatorNewStrings.set(index);
            } else if (STOP_FUNCTIONS.contains(value)) {
                stopStrings.set(index);
            }
        }

        private void instructionPointer() throws IOException {
            requireFields();
            long address = hex("the instruction pointer");
            int[] ip = new int[4];
            int length = 1;
            if (hasField()) {
                ip[0] = stringIndex("the module");
                // the main frame may stop after its function or even before it: then its file and line are unknown
                length = 4;
                if (hasField()) {
                    ip[1] = stringIndex("the function");
                    if (hasField()) {
                        ip[2] = stringIndex("the file");
                        if (hasField()) {
                            ip[3] = lineNumber();
                            // inlined frames, innermost first; heaptrack drops an incomplete one
                            while (hasField()) {
                                int function = stringIndex("an inlined function");
                                if (!hasField()) {
                                    break;
                                }
                                int file = stringIndex("an inlined file");
                                if (!hasField()) {
                                    break;
                                }
                                int line = lineNumber();
                                if (length + 3 > ip.length) {
                                    ip = Arrays.copyOf(ip, ip.length * 2 + 3);
                                }
                                ip[length++] = function;
                                ip[length++] = file;
                                ip[length++] = line;
                            }
                        }
                    }
                }
            }
            endLine();
            if (ips.size() == ipAddresses.length) {
                ipAddresses = Arrays.copyOf(ipAddresses, ipAddresses.length * 2);
            }
            ipAddresses[ips.size()] = address;
            ips.add(length == ip.length ? ip : Arrays.copyOf(ip, Math.max(length, 4)));
            // heaptrack recognises operator new by the function of the record's own frame
            if (operatorNewStrings.get(ip[1])) {
                operatorNewIps.set(ips.size());
            }
        }

        private int stringIndex(String what) throws IOException {
            long index = hex(what);
            if (index < 0 || index > strings.size()) { // hex numbers are unsigned 64-bit
                throw unknownIndex("string", index, strings.size(), 's');
            }
            return (int) index;
        }

        private int lineNumber() throws IOException {
            long line = hex("the line number");
            return line < 0 || line > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) line;
        }

        private void traceNode() throws IOException {
            requireFields();
            long ipIndex = hex("the instruction pointer index");
            long parentIndex = hex("the parent trace index");
            endLine();
            if (ipIndex < 0 || ipIndex > ips.size()) {
                throw unknownIndex("instruction pointer", ipIndex, ips.size(), 'i');
            }
            // a parent is always written before its children, which also rules out cycles
            if (parentIndex < 0 || parentIndex > traceCount) {
                throw unknownIndex("parent trace", parentIndex, traceCount, 't');
            }
            int ip = (int) ipIndex;
            int parent = (int) parentIndex;
            int depth = traceDepth[parent] + 1;
            // heaptrack hides operator new: such a node stands for its parent
            while (ip != 0 && operatorNewIps.get(ip)) {
                int replaced = parent;
                ip = traceIp[replaced];
                parent = traceParent[replaced];
            }
            int index = ++traceCount;
            if (index == traceIp.length) {
                int size = traceIp.length * 2;
                traceIp = Arrays.copyOf(traceIp, size);
                traceParent = Arrays.copyOf(traceParent, size);
                traceDepth = Arrays.copyOf(traceDepth, size);
                traceSlot = Arrays.copyOf(traceSlot, size);
            }
            traceIp[index] = ip;
            traceParent[index] = parent;
            traceDepth[index] = depth;
        }

        private void allocationInfo() throws IOException {
            requireFields();
            long size = hex("the allocation size");
            long trace = hex("the trace index");
            endLine();
            if (trace < 0 || trace > traceCount) {
                throw unknownIndex("trace", trace, traceCount, 't');
            }
            int slot = traceSlot[(int) trace] - 1;
            if (slot < 0) {
                slot = newSlot((int) trace);
            }
            if (infoCount == infoSlot.length) {
                int more = infoCount * 2;
                infos = Arrays.copyOf(infos, more * INFO);
                infoSlot = Arrays.copyOf(infoSlot, more);
            }
            infos[INFO * infoCount + INFO_SIZE] = size;
            // epoch 0 like the global one: the scope's peak epoch starts there too
            infos[INFO * infoCount + INFO_SCOPED_EPOCH] = scopedSlots.get(slot) ? 0 : -1;
            infoSlot[infoCount] = slot * SLOT;
            if (windows != null) {
                if (infoCount == special.length) {
                    special = Arrays.copyOf(special, infoCount * 2);
                }
                special[infoCount] = (byte) (scopedSlots.get(slot) || TestWindows.mayBeMarker(size) ? 1 : 0);
            }
            infoCount++;
        }

        private int newSlot(int trace) {
            int slot = slotCount++;
            if ((slot + 1) * SLOT > slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
            }
            slots[slot * SLOT + TRACE] = trace;
            traceSlot[trace] = slot + 1;
            if (scope != null) {
                // asked once per trace: every info of the trace shares its answer
                List<Frame> frames = frames(trace);
                slotFrames.add(frames);
                boolean accepted;
                try {
                    accepted = scope.test(frames);
                } catch (RuntimeException e) {
                    throw new ScopeFailure(e);
                }
                if (accepted) {
                    scopedSlots.set(slot);
                }
            }
            return slot;
        }

        // ---- events

        /**
         * The hot loop: '+' and '-' records (nearly all of a recording) that lie wholly in the buffer, with the
         * figures they change held in locals. Stops, without consuming it, at the first line that is anything else,
         * is not in the plain form {@code "+ <hex>\n"}, refers to an unknown allocation info or may run past the
         * buffer: the general path then reads that line (and reports what is wrong with it).
         */
        private void events() {
            final byte[] b = buf;
            // a line of at most 16 hex digits takes at most 19 bytes
            final int end = limit - 20;
            int p = pos;
            if (p > end) {
                return;
            }
            final long[] infos = this.infos;
            final long known = infoCount;
            long live = this.live;
            long peak = this.peak;
            long epoch = this.peakEpoch;
            long last = this.lastAllocated;
            final int start = p;
            long lines = 0;
            while (p <= end) {
                int type = b[p];
                if (type != '+' && type != '-' || b[p + 1] != ' ') {
                    break;
                }
                int q = p + 2;
                long info = 0;
                int digit;
                while ((digit = HEX[b[q] & 0xff]) >= 0 && q - p < 18) {
                    info = (info << 4) | digit;
                    q++;
                }
                if (q == p + 2 || b[q] != '\n' || info < 0 || info >= known) {
                    break;
                }
                int at = (int) info * INFO;
                long size = infos[at + INFO_SIZE];
                if (infos[at + INFO_EPOCH] != epoch) {
                    // see touch()
                    infos[at + INFO_EPOCH] = epoch;
                    infos[at + INFO_AT_PEAK] = infos[at + INFO_ALLOCATED] - infos[at + INFO_FREED];
                }
                if (type == '+') {
                    infos[at + INFO_ALLOCATED]++;
                    live += size;
                    last = info;
                    if (live > peak) {
                        peak = live;
                        epoch++;
                    }
                } else {
                    infos[at + INFO_FREED]++;
                    live -= size;
                    if (info == last) {
                        infos[at + INFO_TEMPORARY]++;
                    }
                    last = 0;
                }
                lines++;
                p = q + 1;
            }
            if (p != start) {
                pos = p;
                lineNo += lines;
                this.live = live;
                this.peak = peak;
                this.peakEpoch = epoch;
                this.lastAllocated = last;
            }
        }

        /**
         * {@link #events()} when reading with a scope: the same, and for infos in the scope the same again with the
         * scope's own live bytes, peak, peak epoch and latest allocation. A loop of its own so that reading without
         * a scope pays nothing for it.
         */
        private void scopedEvents() {
            final byte[] b = buf;
            final int end = limit - 20;
            int p = pos;
            if (p > end) {
                return;
            }
            final long[] infos = this.infos;
            final long known = infoCount;
            long live = this.live;
            long peak = this.peak;
            long epoch = this.peakEpoch;
            long last = this.lastAllocated;
            long sLive = this.scopedLive;
            long sPeak = this.scopedPeak;
            long sEpoch = this.scopedEpoch;
            long sLast = this.scopedLast;
            long sTemporary = this.scopedTemporary;
            final byte[] special = this.special;
            final int start = p;
            long lines = 0;
            while (p <= end) {
                int type = b[p];
                if (type != '+' && type != '-' || b[p + 1] != ' ') {
                    break;
                }
                int q = p + 2;
                long info = 0;
                int digit;
                while ((digit = HEX[b[q] & 0xff]) >= 0 && q - p < 18) {
                    info = (info << 4) | digit;
                    q++;
                }
                if (q == p + 2 || b[q] != '\n' || info < 0 || info >= known
                        || special != null && special[(int) info] != 0) {
                    break;
                }
                int at = (int) info * INFO;
                long size = infos[at + INFO_SIZE];
                long blocks = infos[at + INFO_ALLOCATED] - infos[at + INFO_FREED];
                if (infos[at + INFO_EPOCH] != epoch) {
                    infos[at + INFO_EPOCH] = epoch;
                    infos[at + INFO_AT_PEAK] = blocks;
                }
                long scopedEpochOfInfo = infos[at + INFO_SCOPED_EPOCH];
                boolean inScope = scopedEpochOfInfo >= 0;
                if (inScope && scopedEpochOfInfo != sEpoch) {
                    infos[at + INFO_SCOPED_EPOCH] = sEpoch;
                    infos[at + INFO_AT_SCOPED_PEAK] = blocks;
                }
                if (type == '+') {
                    infos[at + INFO_ALLOCATED]++;
                    live += size;
                    last = info;
                    if (live > peak) {
                        peak = live;
                        epoch++;
                    }
                    if (inScope) {
                        sLive += size;
                        sLast = info;
                        if (sLive > sPeak) {
                            sPeak = sLive;
                            sEpoch++;
                        }
                    }
                } else {
                    infos[at + INFO_FREED]++;
                    live -= size;
                    if (info == last) {
                        infos[at + INFO_TEMPORARY]++;
                    }
                    last = 0;
                    if (inScope) {
                        sLive -= size;
                        if (info == sLast) {
                            sTemporary++;
                        }
                        sLast = 0;
                    }
                }
                lines++;
                p = q + 1;
            }
            if (p != start) {
                pos = p;
                lineNo += lines;
                this.live = live;
                this.peak = peak;
                this.peakEpoch = epoch;
                this.lastAllocated = last;
                this.scopedLive = sLive;
                this.scopedPeak = sPeak;
                this.scopedEpoch = sEpoch;
                this.scopedLast = sLast;
                this.scopedTemporary = sTemporary;
            }
        }

        private void allocation() throws IOException {
            requireFields();
            long info = hex("the allocation info index");
            endLine();
            if (info < 0 || info >= infoCount) {
                throw unknownIndex("allocation info", info, infoCount, 'a');
            }
            if (special != null && special[(int) info] != 0) {
                long size = infos[(int) info * INFO + INFO_SIZE];
                if (TestWindows.mayBeMarker(size) && windows.markerAllocated((int) info, size)) {
                    return; // a test's start or end: no allocation of the program's
                }
                if (infos[(int) info * INFO + INFO_SCOPED_EPOCH] >= 0) {
                    windows.allocated((int) info, size);
                }
            }
            int at = touch((int) info);
            long size = infos[at + INFO_SIZE];
            infos[at + INFO_ALLOCATED]++;
            live += size;
            lastAllocated = info;
            if (live > peak) {
                peak = live;
                // every trace's live bytes now equal its bytes at the peak, until touch() records otherwise
                peakEpoch++;
            }
            if (infos[at + INFO_SCOPED_EPOCH] >= 0) {
                scopedLive += size;
                scopedLast = info;
                if (scopedLive > scopedPeak) {
                    scopedPeak = scopedLive;
                    scopedEpoch++;
                }
            }
        }

        private void deallocation() throws IOException {
            requireFields();
            long info = hex("the allocation info index");
            endLine();
            if (info < 0 || info >= infoCount) {
                throw unknownIndex("allocation info", info, infoCount, 'a');
            }
            if (special != null && special[(int) info] != 0) {
                if (windows.markerFreed((int) info)) {
                    return;
                }
                if (infos[(int) info * INFO + INFO_SCOPED_EPOCH] >= 0) {
                    windows.freed((int) info, infos[(int) info * INFO + INFO_SIZE]);
                }
            }
            boolean temporaryFree = info == lastAllocated;
            lastAllocated = 0;
            int at = touch((int) info);
            long size = infos[at + INFO_SIZE];
            infos[at + INFO_FREED]++;
            live -= size;
            if (temporaryFree) {
                infos[at + INFO_TEMPORARY]++;
            }
            if (infos[at + INFO_SCOPED_EPOCH] >= 0) {
                scopedLive -= size;
                if (info == scopedLast) {
                    scopedTemporary++;
                }
                scopedLast = 0;
            }
        }

        /**
         * Before an info's live blocks change, remember what they were at the latest peak, once per peak: so each
         * event costs O(1) and the bytes at the global peak are known at the end without snapshots of all infos.
         * Returns the info's offset in {@link #infos}.
         */
        private int touch(int info) {
            int at = info * INFO;
            long blocks = infos[at + INFO_ALLOCATED] - infos[at + INFO_FREED];
            if (infos[at + INFO_EPOCH] != peakEpoch) {
                infos[at + INFO_EPOCH] = peakEpoch;
                infos[at + INFO_AT_PEAK] = blocks;
            }
            long scoped = infos[at + INFO_SCOPED_EPOCH];
            if (scoped >= 0 && scoped != scopedEpoch) {
                infos[at + INFO_SCOPED_EPOCH] = scopedEpoch;
                infos[at + INFO_AT_SCOPED_PEAK] = blocks;
            }
            return at;
        }

        /** Sums the infos' counts into their traces' cost slots. */
        private void sumInfos() {
            for (int i = 0; i < infoCount; i++) {
                int at = i * INFO;
                long size = infos[at + INFO_SIZE];
                long allocated = infos[at + INFO_ALLOCATED];
                long liveBlocks = allocated - infos[at + INFO_FREED];
                long blocksAtPeak = peakEpoch == 0 ? 0
                        : infos[at + INFO_EPOCH] == peakEpoch ? infos[at + INFO_AT_PEAK] : liveBlocks;
                long scoped = infos[at + INFO_SCOPED_EPOCH];
                long blocksAtScopedPeak = scoped < 0 || scopedEpoch == 0 ? 0
                        : scoped == scopedEpoch ? infos[at + INFO_AT_SCOPED_PEAK] : liveBlocks;
                int slot = infoSlot[i];
                // products wrap as the sums of the original additions would
                slots[slot + ALLOCATIONS] += allocated;
                slots[slot + BYTES] += allocated * size;
                slots[slot + TEMPORARY] += infos[at + INFO_TEMPORARY];
                slots[slot + LIVE] += liveBlocks * size;
                slots[slot + LIVE_BLOCKS] += liveBlocks;
                slots[slot + PEAK_LIVE] += blocksAtPeak * size;
                slots[slot + SCOPED_PEAK_LIVE] += blocksAtScopedPeak * size;
            }
        }

        private void timestamp() throws IOException {
            requireFields();
            long time = hex("the time stamp");
            endLine();
            notePeakSinceStamp();
            lastTimestamp = time;
            timeline.stamp(time, live);
            if (scope != null) {
                scopedTimeline.stamp(time, scopedLive);
            }
        }

        /** A peak set since the latest time stamp happened after it: remember that time stamp. */
        private void notePeakSinceStamp() {
            if (peakEpoch != epochAtStamp) {
                epochAtStamp = peakEpoch;
                peakStamp = timeline.stamps();
                peakMillis = Math.max(lastTimestamp, 0);
            }
            if (scopedEpoch != scopedEpochAtStamp) {
                scopedEpochAtStamp = scopedEpoch;
                scopedPeakStamp = scopedTimeline.stamps();
                scopedPeakMillis = Math.max(lastTimestamp, 0);
            }
        }

        private void rss() throws IOException {
            requireFields();
            long pages = hex("the RSS page count");
            endLine();
            maxRssPages = Math.max(maxRssPages, pages);
            timeline.rss(pages);
        }

        // ---- result

        private Profile finish() {
            notePeakSinceStamp();
            sumInfos();
            long allocations = 0;
            long allocatedBytes = 0;
            long temporary = 0;
            long liveBlocks = 0;
            long[] atPeak = new long[slotCount];
            for (int s = 0; s < slotCount; s++) {
                int at = s * SLOT;
                allocations += slots[at + ALLOCATIONS];
                allocatedBytes += slots[at + BYTES];
                temporary += slots[at + TEMPORARY];
                liveBlocks += slots[at + LIVE_BLOCKS];
                atPeak[s] = slots[at + PEAK_LIVE];
            }
            List<HeapSample> samples = timeline.finish(Math.max(lastTimestamp, 0), live, peak, peakStamp, peakMillis,
                    pageSize);
            Long peakTime = lastTimestamp >= 0 ? peakMillis : null;
            long[] suppressed = applySuppressions();
            long leaked = live - suppressed[0];
            long leakedBlocks = liveBlocks - suppressed[1];

            List<StackCost> stacks = new ArrayList<>();
            long[] scoped = new long[6]; // allocations, bytes, leaked bytes, leaked blocks, bytes at peak, stacks
            for (int s = 0; s < slotCount; s++) {
                int at = s * SLOT;
                if (slots[at + ALLOCATIONS] == 0) {
                    continue;
                }
                int trace = (int) slots[at + TRACE];
                List<Frame> frames = scope != null ? slotFrames.get(s) : frames(trace);
                if (scope != null) {
                    reachedStop = reachesStop(trace);
                }
                boolean cut = traceDepth[trace] >= MAX_TRACE_IPS && !reachedStop;
                boolean inScope = scopedSlots.get(s);
                if (inScope) {
                    scoped[0] += slots[at + ALLOCATIONS];
                    scoped[1] += slots[at + BYTES];
                    scoped[2] += slots[at + LIVE];
                    scoped[3] += slots[at + LIVE_BLOCKS];
                    scoped[4] += atPeak[s];
                    scoped[5]++;
                }
                stacks.add(new StackCost(frames, slots[at + ALLOCATIONS], slots[at + BYTES], slots[at + TEMPORARY],
                        atPeak[s], slots[at + LIVE], slots[at + LIVE_BLOCKS], inScope,
                        inScope ? slots[at + SCOPED_PEAK_LIVE] : 0, cut));
            }
            Long peakRss = maxRssPages >= 0 && pageSize >= 0 ? maxRssPages * pageSize : null;
            Long duration = lastTimestamp >= 0 ? lastTimestamp : null;
            ScopedTotals scopedTotals = null;
            if (scope != null) {
                List<HeapSample> scopedSamples = scopedTimeline.finish(Math.max(lastTimestamp, 0), scopedLive,
                        scopedPeak, scopedPeakStamp, scopedPeakMillis, -1);
                scopedTotals = new ScopedTotals(scoped[0], scoped[1], scopedTemporary, scopedPeak,
                        lastTimestamp >= 0 ? scopedPeakMillis : null, scopedLive, scoped[2], scoped[3], scoped[4],
                        (int) scoped[5], scopedSamples);
            }
            return new Profile(command, allocations, allocatedBytes, temporary, peak, peakRss, leaked, leakedBlocks,
                    duration, List.copyOf(stacks), peakTime, samples, null, scopedTotals, tests());
        }

        /** The scope's figures per test window; {@code null} without markers or when not all were found. */
        private List<TestCosts> tests() {
            if (windows == null || !windows.complete()) {
                return null;
            }
            List<TestCosts> tests = new ArrayList<>();
            for (TestWindows.Window window : windows.windows()) {
                // one stack per trace: the infos of a trace differ only by size
                Map<Integer, long[]> bySlot = new LinkedHashMap<>();
                for (TestWindows.InfoCosts costs : window.infos()) {
                    int slot = infoSlot[costs.info()] / SLOT;
                    long size = infos[costs.info() * INFO + INFO_SIZE];
                    boolean suppressed = suppressedTraces.get((int) slots[slot * SLOT + TRACE]);
                    long[] sums = bySlot.computeIfAbsent(slot, k -> new long[5]);
                    sums[0] += costs.allocated();
                    sums[1] += costs.allocated() * size;
                    sums[2] += costs.blocksAtPeak() * size;
                    sums[3] += suppressed ? 0 : costs.liveBlocks() * size;
                    sums[4] += suppressed ? 0 : costs.liveBlocks();
                }
                long allocations = 0;
                long bytes = 0;
                long leakedBytes = 0;
                long leakedBlocks = 0;
                List<StackCost> stacks = new ArrayList<>(bySlot.size());
                for (Map.Entry<Integer, long[]> e : bySlot.entrySet()) {
                    int slot = e.getKey();
                    long[] sums = e.getValue();
                    int trace = (int) slots[slot * SLOT + TRACE];
                    boolean cut = traceDepth[trace] >= MAX_TRACE_IPS && !reachesStop(trace);
                    stacks.add(new StackCost(slotFrames.get(slot), sums[0], sums[1], 0, sums[2], sums[3], sums[4],
                            true, sums[2], cut));
                    allocations += sums[0];
                    bytes += sums[1];
                    leakedBytes += sums[3];
                    leakedBlocks += sums[4];
                }
                tests.add(new TestCosts(window.test(), allocations, bytes, window.peakBytes(), leakedBytes,
                        leakedBlocks, List.copyOf(stacks)));
            }
            return List.copyOf(tests);
        }

        /** Leaks whose stack mentions a suppressed string (module, function or file) do not count, as in heaptrack. */
        private long[] applySuppressions() {
            long[] suppressed = new long[2];
            BitSet suppressedStrings = new BitSet();
            for (int i = 0; i < strings.size(); i++) {
                for (String pattern : suppressions) {
                    if (Suppressions.matches(pattern, strings.get(i))) {
                        suppressedStrings.set(i + 1);
                        break;
                    }
                }
            }
            if (suppressedStrings.isEmpty()) {
                return suppressed;
            }
            BitSet suppressedIps = new BitSet();
            for (int i = 0; i < ips.size(); i++) {
                int[] ip = ips.get(i);
                boolean hit = suppressedStrings.get(ip[0]);
                for (int f = 1; !hit && f < ip.length; f += 3) {
                    hit = suppressedStrings.get(ip[f]) || suppressedStrings.get(ip[f + 1]);
                }
                if (hit) {
                    suppressedIps.set(i + 1);
                }
            }
            for (int t = 1; t <= traceCount; t++) {
                // parents precede children, so a single pass settles every node
                if (suppressedTraces.get(traceParent[t]) || suppressedIps.get(traceIp[t])) {
                    suppressedTraces.set(t);
                }
            }
            for (int s = 0; s < slotCount; s++) {
                int at = s * SLOT;
                if (suppressedTraces.get((int) slots[at + TRACE])) {
                    suppressed[0] += slots[at + LIVE];
                    suppressed[1] += slots[at + LIVE_BLOCKS];
                    slots[at + LIVE] = 0;
                    slots[at + LIVE_BLOCKS] = 0;
                }
            }
            return suppressed;
        }

        /**
         * Innermost first, inlined frames expanded, ending with main as heaptrack's backtraces do; sets
         * {@link #reachedStop}.
         */
        private List<Frame> frames(int trace) {
            List<Frame> frames = new ArrayList<>();
            reachedStop = false;
            int node = trace;
            while (node != 0 && traceIp[node] != 0) {
                int ip = traceIp[node];
                while (ipFrames.size() <= ip) {
                    ipFrames.add(null);
                }
                List<Frame> framesOfIp = ipFrames.get(ip);
                if (framesOfIp == null) {
                    framesOfIp = framesOf(ip);
                    ipFrames.set(ip, framesOfIp);
                }
                frames.addAll(framesOfIp);
                if (stopStrings.get(ips.get(ip - 1)[1])) {
                    reachedStop = true;
                    break;
                }
                node = traceParent[node];
            }
            return List.copyOf(frames);
        }

        /** Whether the stack of {@code trace} ends at main: {@link #frames(int)}'s stop, without the frames. */
        private boolean reachesStop(int trace) {
            for (int node = trace; node != 0 && traceIp[node] != 0; node = traceParent[node]) {
                if (stopStrings.get(ips.get(traceIp[node] - 1)[1])) {
                    return true;
                }
            }
            return false;
        }

        /** The frames of instruction pointer {@code index} (1-based). */
        private List<Frame> framesOf(int index) {
            int[] ip = ips.get(index - 1);
            long address = ipAddresses[index - 1];
            String module = stringAt(ip[0]);
            List<Frame> frames = new ArrayList<>(ip.length / 3);
            // the record's own frame is the innermost; the inlined ones follow towards the real symbol
            for (int f = 1; f < ip.length; f += 3) {
                // only an unnamed frame keeps its address: named ones stay equal per function and line
                frames.add(new Frame(stringAt(ip[f]), stringAt(ip[f + 1]), ip[f + 2], module,
                        ip[f] == 0 ? address : 0));
            }
            return List.copyOf(frames);
        }

        private String stringAt(int index) {
            return index == 0 ? null : strings.get(index - 1);
        }

        // ---- byte level

        private int next() throws IOException {
            if (pos == limit && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (chunks != null) {
                ChunkReader.Chunk chunk = chunks.next();
                pos = 0;
                if (chunk == null) {
                    eof = true;
                    limit = 0;
                    return false;
                }
                buf = chunk.data;
                limit = chunk.length;
                return true;
            }
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            pos = 0;
            if (n < 0) {
                eof = true;
                limit = 0;
                return false;
            }
            limit = n;
            return true;
        }

        /** After the record type: a space and fields, or the end of the line (no fields). */
        private boolean startFields() throws IOException {
            if (pos == limit && !fill()) {
                return false;
            }
            int b = buf[pos];
            if (b == ' ') {
                pos++;
                return true;
            }
            if (b == '\n') {
                return false;
            }
            throw corrupt("expected a space after the record type, found " + describe(b));
        }

        private void requireFields() throws IOException {
            if (!startFields()) {
                throw eof ? truncated() : corrupt("the record has none of its fields");
            }
        }

        private boolean hasField() throws IOException {
            if (pos == limit && !fill()) {
                return false;
            }
            return buf[pos] != '\n';
        }

        /** A lowercase hex number ended by a space (consumed), the end of the line or of the file (not consumed). */
        private long hex(String what) throws IOException {
            long value = 0;
            int digits = 0;
            while (true) {
                if (pos == limit && !fill()) {
                    if (digits == 0) {
                        throw truncated();
                    }
                    return value;
                }
                int b = buf[pos];
                int digit;
                if (b >= '0' && b <= '9') {
                    digit = b - '0';
                } else if (b >= 'a' && b <= 'f') {
                    digit = b - ('a' - 10);
                } else if ((b == ' ' || b == '\n') && digits > 0) {
                    if (b == ' ') {
                        pos++;
                    }
                    return value;
                } else {
                    throw corrupt("expected " + what + " as a lowercase hex number, found " + describe(b));
                }
                if (++digits > 16) {
                    throw corrupt(what + " has more than 16 hex digits");
                }
                value = (value << 4) | digit;
                pos++;
            }
        }

        /** Skips the rest of the line (and fields this reader does not use, as heaptrack does). */
        private void endLine() throws IOException {
            while (true) {
                if (pos == limit && !fill()) {
                    return;
                }
                int end = pos;
                while (end < limit && buf[end] != '\n') {
                    end++;
                }
                if (end < limit) {
                    pos = end + 1;
                    return;
                }
                pos = limit;
            }
        }

        /** Copies the rest of the line into {@link #text}, keeping at most {@code max} bytes. */
        private void readRest(int max) throws IOException {
            textLength = 0;
            while (true) {
                if (pos == limit && !fill()) {
                    return;
                }
                int end = pos;
                while (end < limit && buf[end] != '\n') {
                    end++;
                }
                int keep = Math.min(end - pos, max - textLength);
                if (textLength + keep > text.length) {
                    text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + keep));
                }
                System.arraycopy(buf, pos, text, textLength, keep);
                textLength += keep;
                if (end < limit) {
                    pos = end + 1;
                    return;
                }
                pos = limit;
            }
        }

        private static String describe(int b) {
            if (b == '\n') {
                return "the end of the line";
            }
            int c = b & 0xff;
            return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format(Locale.ROOT, "byte 0x%02x", c);
        }

        private RecordingFormatException corrupt(String what) {
            return new RecordingFormatException(
                    name + " is corrupt at line " + lineNo + " ('" + record + "' record): " + what);
        }

        private RecordingFormatException truncated() {
            return new RecordingFormatException(name + " is truncated: it ends in the middle of the '" + record
                    + "' record at line " + lineNo + " (was heaptrack killed before it finished writing?)");
        }

        private RecordingFormatException unknownIndex(String kind, long index, long known, char defining) {
            return corrupt("it refers to " + kind + " " + Long.toHexString(index) + " (hex), but only "
                    + Long.toHexString(known) + " (hex) '" + defining + "' records precede it");
        }
    }

    /** heaptrack's (and LSan's) suppression patterns: '*' is any text, '^' and '$' anchor, anything else is a substring. */
    static final class Suppressions {

        private Suppressions() {}

        static boolean matches(String pattern, String text) {
            if (pattern.equals(text)) {
                return true;
            }
            if (text.isEmpty()) {
                return false;
            }
            int p = 0;
            int t = 0;
            boolean anchored = false;
            boolean afterStar = false;
            if (pattern.startsWith("^")) {
                anchored = true;
                p = 1;
            }
            while (p < pattern.length()) {
                char c = pattern.charAt(p);
                if (c == '*') {
                    p++;
                    anchored = false;
                    afterStar = true;
                    continue;
                }
                if (c == '$') {
                    return t == text.length() || afterStar;
                }
                if (t == text.length()) {
                    return false;
                }
                int end = p;
                while (end < pattern.length() && pattern.charAt(end) != '*' && pattern.charAt(end) != '$') {
                    end++;
                }
                // LSan takes the leftmost occurrence of each piece, without backtracking
                int found = text.indexOf(pattern.substring(p, end), t);
                if (found < 0 || anchored && found != t) {
                    return false;
                }
                t = found + (end - p);
                p = end;
                anchored = false;
                afterStar = false;
            }
            return true;
        }
    }
}
