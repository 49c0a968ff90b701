package io.github.rustinstruments.maven.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The JVM's map of its generated code, as {@code -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit} writes it
 * to {@code /tmp/perf-<pid>.map} at exit (the perf tool's format): one code blob per line,
 * {@code 0x<start> 0x<size> <name>}, where the name of a compiled Java method is
 * {@code <return type> <class>.<method>(<parameter types>)} and other blobs have names such as {@code Interpreter},
 * {@code StubRoutines (1)} or {@code nep_invoker_blob}. It holds only the code alive at exit: a method compiled,
 * then thrown away, is not in it.
 *
 * <p>heaptrack cannot name frames in this code ({@code 0x7f… in ??}); looking their addresses up here names them.
 * Blobs may nest (the {@code adapters} blob holds the {@code I2C/C2I adapters}): a lookup gives the innermost one.
 *
 * <p>Memory is bounded: at most {@link #MAX_ENTRIES} entries are kept, lines longer than {@link #MAX_LINE}
 * characters are skipped, and equal names share one string. Lines that do not fit the format are skipped and
 * counted, never fatal: the map is a help for naming frames, not the measurement.
 */
public final class PerfMap {

    /** Entries kept at most; a code cache of a few hundred MB holds far fewer blobs. */
    public static final int MAX_ENTRIES = 2_000_000;

    /** Longest line read, in characters; Java signatures are far shorter. */
    public static final int MAX_LINE = 16 * 1024;

    private static final PerfMap EMPTY = new PerfMap(new long[0], new long[0], new String[0], new int[0], 0, 0);

    /** Sorted by start, then by size descending (containers before what they contain). */
    private final long[] starts;
    private final long[] ends;
    private final String[] names;
    /** Index of the innermost earlier entry that contains each entry, -1 for none. */
    private final int[] parents;
    private final long skippedLines;
    private final long droppedEntries;

    private PerfMap(long[] starts, long[] ends, String[] names, int[] parents, long skippedLines,
            long droppedEntries) {
        this.starts = starts;
        this.ends = ends;
        this.names = names;
        this.parents = parents;
        this.skippedLines = skippedLines;
        this.droppedEntries = droppedEntries;
    }

    /** A map that names nothing, for JVMs that wrote none. */
    public static PerfMap empty() {
        return EMPTY;
    }

    /** Reads a perf map file. */
    public static PerfMap read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads a perf map from {@code in} (UTF-8; malformed bytes are replaced, not fatal), which is left open. */
    public static PerfMap read(InputStream in) throws IOException {
        // InputStreamReader replaces malformed input, unlike Files.newBufferedReader
        return read(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Reads a perf map from {@code in}, which is left open. */
    public static PerfMap read(Reader in) throws IOException {
        return new Builder().read(in).build();
    }

    /**
     * A blob of generated code.
     *
     * @param start first address
     * @param size  length in bytes
     * @param name  as the JVM wrote it, e.g. {@code int com.example.Main.hot(int)} or {@code Interpreter}
     */
    public record CodeBlob(long start, long size, String name) {

        /** Whether this is the template interpreter: the frame of a Java method that runs interpreted. */
        public boolean isInterpreter() {
            return "Interpreter".equals(name);
        }

        /**
         * The compiled Java method, {@code com.example.Main.hot(int)} (return type dropped); {@code null} for blobs
         * that are no Java method (stubs, adapters, the interpreter).
         */
        public String javaMethod() {
            int open = name.indexOf('(');
            int space = open < 0 ? -1 : name.lastIndexOf(' ', open);
            // "<type> <name>(...)": a type, a space, then a name before the '(' (not "StubRoutines (1)")
            if (space <= 0 || space + 1 == open || !name.endsWith(")")) {
                return null;
            }
            return name.substring(space + 1);
        }

        /** {@link #javaMethod()} without its parameters: {@code com.example.Main.hot}. */
        public String javaMethodName() {
            String method = javaMethod();
            return method == null ? null : method.substring(0, method.indexOf('('));
        }
    }

    /** The innermost blob that contains {@code address}, or {@code null}. */
    public CodeBlob lookup(long address) {
        int i = floor(address);
        while (i >= 0 && Long.compareUnsigned(address, ends[i]) >= 0) {
            i = parents[i];
        }
        return i < 0 ? null : new CodeBlob(starts[i], ends[i] - starts[i], names[i]);
    }

    /**
     * How a frame at {@code address} reads as Java: the compiled method ({@code com.example.Main.hot(int)}),
     * {@value #INTERPRETED} for the interpreter, {@code null} when the address is in no blob or in a stub.
     */
    public String javaFrame(long address) {
        CodeBlob blob = lookup(address);
        if (blob == null) {
            return null;
        }
        return blob.isInterpreter() ? INTERPRETED : blob.javaMethod();
    }

    /** What {@link #javaFrame} says for a frame of the interpreter. */
    public static final String INTERPRETED = "(interpreted)";

    /** Number of entries. */
    public int size() {
        return starts.length;
    }

    /** Lines that did not fit the format (or were too long) and were skipped. */
    public long skippedLines() {
        return skippedLines;
    }

    /** Well-formed entries beyond {@link #MAX_ENTRIES}, not kept. */
    public long droppedEntries() {
        return droppedEntries;
    }

    /** Index of the last entry starting at or before {@code address}, -1 when none. */
    private int floor(long address) {
        int low = 0;
        int high = starts.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        // of equal starts the last is the smallest blob: the innermost
        return found;
    }

    /** Collects entries line by line. */
    private static final class Builder {
        private long[] starts = new long[1024];
        private long[] sizes = new long[1024];
        private String[] names = new String[1024];
        private int count;
        private long skipped;
        private long dropped;
        private final Map<String, String> interned = new HashMap<>();
        private final char[] line = new char[MAX_LINE];

        Builder read(Reader in) throws IOException {
            char[] buf = new char[1 << 14];
            int length = 0;
            boolean tooLong = false;
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        endLine(length, tooLong);
                        length = 0;
                        tooLong = false;
                    } else if (length < MAX_LINE) {
                        line[length++] = c;
                    } else {
                        tooLong = true;
                    }
                }
            }
            if (length > 0 || tooLong) {
                endLine(length, tooLong);
            }
            return this;
        }

        private void endLine(int length, boolean tooLong) {
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            if (length == 0 && !tooLong) {
                return; // blank lines are no entries, nor odd
            }
            if (tooLong || !parse(length)) {
                skipped++;
            }
        }

        /** {@code <hex start> <hex size> <name>}, the hex numbers with or without {@code 0x}. */
        private boolean parse(int length) {
            int at = 0;
            int firstEnd = indexOf(' ', at, length);
            if (firstEnd < 0) {
                return false;
            }
            long start = hex(at, firstEnd);
            at = firstEnd + 1;
            int secondEnd = indexOf(' ', at, length);
            if (secondEnd < 0) {
                return false;
            }
            long size = hex(at, secondEnd);
            String name = new String(line, secondEnd + 1, length - secondEnd - 1).strip();
            // a start of 0 is no code address: the hex field was absent or garbage
            if (start == 0 || size <= 0 || name.isEmpty() || Long.compareUnsigned(start + size, start) < 0) {
                return false;
            }
            if (count == MAX_ENTRIES) {
                dropped++;
                return true;
            }
            if (count == starts.length) {
                int grown = (int) Math.min(MAX_ENTRIES, (long) count * 2);
                starts = Arrays.copyOf(starts, grown);
                sizes = Arrays.copyOf(sizes, grown);
                names = Arrays.copyOf(names, grown);
            }
            starts[count] = start;
            sizes[count] = size;
            names[count] = interned.computeIfAbsent(name, k -> k);
            count++;
            return true;
        }

        private int indexOf(char c, int from, int length) {
            for (int i = from; i < length; i++) {
                if (line[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        /** The unsigned hex number in {@code line[from, to)}, 0 when it is none. */
        private long hex(int from, int to) {
            if (to - from > 2 && line[from] == '0' && (line[from + 1] == 'x' || line[from + 1] == 'X')) {
                from += 2;
            }
            if (to == from || to - from > 16) {
                return 0;
            }
            long value = 0;
            for (int i = from; i < to; i++) {
                int digit = Character.digit(line[i], 16);
                if (digit < 0) {
                    return 0;
                }
                value = value << 4 | digit;
            }
            return value;
        }

        PerfMap build() {
            if (count == 0) {
                return skipped == 0 && dropped == 0 ? EMPTY
                        : new PerfMap(new long[0], new long[0], new String[0], new int[0], skipped, dropped);
            }
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int byStart = Long.compareUnsigned(starts[a], starts[b]);
                return byStart != 0 ? byStart : Long.compare(sizes[b], sizes[a]);
            });
            long[] sortedStarts = new long[count];
            long[] sortedEnds = new long[count];
            String[] sortedNames = new String[count];
            for (int i = 0; i < count; i++) {
                int from = order[i];
                sortedStarts[i] = starts[from];
                sortedEnds[i] = starts[from] + sizes[from];
                sortedNames[i] = names[from];
            }
            return new PerfMap(sortedStarts, sortedEnds, sortedNames, parents(sortedStarts, sortedEnds), skipped,
                    dropped);
        }

        /**
         * The innermost earlier entry containing each entry, with a stack of open containers. An entry that only
         * partly overlaps an open one closes it: code blobs nest or are disjoint, so that is a damaged map, and
         * lookups there may miss the outer blob rather than name a wrong one.
         */
        private static int[] parents(long[] starts, long[] ends) {
            int[] parents = new int[starts.length];
            int[] open = new int[starts.length];
            int depth = 0;
            for (int i = 0; i < starts.length; i++) {
                while (depth > 0 && Long.compareUnsigned(ends[open[depth - 1]], ends[i]) < 0) {
                    depth--;
                }
                parents[i] = depth == 0 ? -1 : open[depth - 1];
                open[depth++] = i;
            }
            return parents;
        }
    }
}
