package io.github.rustinstruments.maven.trace;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Recognises a recording by its content (never by its file name), so the report goal can take any file. */
public enum RecordingFormat {
    HEAPTRACK("a heaptrack data file"),
    VALGRIND_XML("valgrind XML output"),
    XCTRACE_EXPORT("an xctrace export"),
    MACOS_LEAKS("a macOS leaks report"),
    UNKNOWN("an unknown format");

    /** Longest stretch of one line looked at; the rest of a longer line is skipped (bounded memory). */
    private static final int MAX_LINE = 8192;
    private static final Pattern LEAKS_SUMMARY = Pattern.compile(".*Process \\d+: [\\d,]+ leaks? for .*");
    private static final Pattern XML_ELEMENT = Pattern.compile("<([A-Za-z_][\\w.:-]*)");

    private final String description;

    RecordingFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * Recognises the (decompressed) content by streaming through it, in bounded memory: heaptrack and XML by their
     * beginning, a {@code leaks --atExit} capture by its report wherever it starts (the program may print any amount
     * first). A UTF-8 byte-order mark is skipped.
     *
     * @throws RecordingFormatException a text file in UTF-16 or UTF-32, which no profiler here writes: the message
     *                                  names the encoding and how to get UTF-8
     */
    public static RecordingFormat detect(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(8);
            byte[] magic = raw.readNBytes(4);
            raw.reset();
            String wide = wideEncoding(magic);
            if (wide != null) {
                throw new RecordingFormatException(file + " is " + wide + " text; the recordings read here are"
                        + " UTF-8 (as xctrace export, leaks, valgrind and heaptrack write them). Export or capture it"
                        + " again without re-encoding it (xcrun xctrace export ... --output FILE; leaks ... > FILE"
                        + " from a shell that writes bytes as they are), or convert it: iconv -f "
                        + wide.replaceAll(" .*", "") + " -t UTF-8 " + file + " > " + file + ".utf8");
            }
            boolean compressed = isZstd(magic) || isGzip(magic);
            Scanner scanner = new Scanner();
            try (InputStream content = decompressed(raw, magic)) {
                Reader text = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = text.read()) >= 0) {
                    if (c == '\n') {
                        if (scanner.line(line.toString())) {
                            return scanner.format;
                        }
                        line.setLength(0);
                    } else if (line.length() < MAX_LINE) {
                        line.append((char) c);
                    }
                }
                scanner.line(line.toString());
            } catch (IOException | RuntimeException e) {
                // a damaged or truncated stream: judge by what did decompress
            }
            if (!scanner.sawText && compressed) {
                // nothing decompressed at all: only heaptrack writes compressed recordings, and its reader
                // explains precisely what is wrong with the stream
                return HEAPTRACK;
            }
            return scanner.format;
        }
    }

    /**
     * Line by line: the first non-blank line decides heaptrack and XML (then its root element); any other text,
     * and XML of another root (a program may print markup before its leaks report), is a leaks report once a
     * report line turns up.
     */
    private static final class Scanner {
        RecordingFormat format = UNKNOWN;
        boolean sawText;
        boolean xml;
        boolean inComment;

        /** Takes one line; {@code true} once the format is known. */
        boolean line(String raw) {
            String line = sawText ? raw : raw.replace("\uFEFF", "");
            if (!sawText) {
                String text = line.stripLeading();
                if (text.isEmpty()) {
                    return false;
                }
                sawText = true;
                if (text.startsWith("v ") && text.length() > 2 && Character.digit(text.charAt(2), 16) >= 0) {
                    format = HEAPTRACK;
                    return true;
                }
                xml = text.startsWith("<");
            }
            return xml ? xmlLine(line) : leaksLine(line);
        }

        /** Looks for the root element past the declaration, comments and a DOCTYPE. */
        private boolean xmlLine(String line) {
            int i = 0;
            while (i < line.length()) {
                if (inComment) {
                    int end = line.indexOf("-->", i);
                    if (end < 0) {
                        return false;
                    }
                    inComment = false;
                    i = end + 3;
                } else if (line.startsWith("<!--", i)) {
                    inComment = true;
                    i += 4;
                } else if (line.charAt(i) == '<') {
                    Matcher m = XML_ELEMENT.matcher(line).region(i, line.length());
                    if (m.lookingAt()) {
                        format = switch (m.group(1)) {
                            case "valgrindoutput" -> VALGRIND_XML;
                            case "trace-query-result", "trace-toc" -> XCTRACE_EXPORT;
                            default -> UNKNOWN;
                        };
                        xml = false;
                        return format != UNKNOWN;
                    }
                    i++; // <?xml ...?>, <!DOCTYPE ...>
                } else {
                    i++;
                }
            }
            return false;
        }

        private boolean leaksLine(String line) {
            if (line.contains("leaks Report Version") || LEAKS_SUMMARY.matcher(line).matches()) {
                format = MACOS_LEAKS;
                return true;
            }
            return false;
        }
    }

    /** {@code "UTF-16 (little-endian)"} and the like for a byte-order mark or a UTF-16 {@code <?}, else null. */
    static String wideEncoding(byte[] magic) {
        if (magic.length < 2) {
            return null;
        }
        int b0 = magic[0] & 0xFF;
        int b1 = magic[1] & 0xFF;
        boolean four = magic.length == 4;
        if (four && b0 == 0xFF && b1 == 0xFE && magic[2] == 0 && magic[3] == 0) {
            return "UTF-32LE (little-endian, with a byte-order mark)";
        }
        if (four && b0 == 0 && b1 == 0 && (magic[2] & 0xFF) == 0xFE && (magic[3] & 0xFF) == 0xFF) {
            return "UTF-32BE (big-endian, with a byte-order mark)";
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return "UTF-16LE (little-endian, with a byte-order mark)";
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return "UTF-16BE (big-endian, with a byte-order mark)";
        }
        if (four && b0 == '<' && b1 == 0 && magic[2] == '?' && magic[3] == 0) {
            return "UTF-16LE (little-endian, without a byte-order mark)";
        }
        if (four && b0 == 0 && b1 == '<' && magic[2] == 0 && magic[3] == '?') {
            return "UTF-16BE (big-endian, without a byte-order mark)";
        }
        return null;
    }

    private static boolean isZstd(byte[] magic) {
        return magic.length == 4 && (magic[0] & 0xFF) == 0x28 && (magic[1] & 0xFF) == 0xB5
                && (magic[2] & 0xFF) == 0x2F && (magic[3] & 0xFF) == 0xFD;
    }

    private static boolean isGzip(byte[] magic) {
        return magic.length >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
    }

    private static InputStream decompressed(InputStream raw, byte[] magic) throws IOException {
        if (isZstd(magic)) {
            return new ZstdInputStream(raw);
        }
        if (isGzip(magic)) {
            return new GZIPInputStream(raw);
        }
        return raw;
    }
}
