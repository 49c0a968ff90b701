package io.github.rustinstruments.maven.trace;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Recognises a recording by its content (never by its file name), so the report goal can take any file. */
public enum RecordingFormat {
    HEAPTRACK("a heaptrack data file"),
    VALGRIND_XML("valgrind XML output"),
    XCTRACE_EXPORT("an xctrace export"),
    MACOS_LEAKS("a macOS leaks report"),
    UNKNOWN("an unknown format");

    private static final int PEEK = 4096;

    private final String description;

    RecordingFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Looks at the first few KB of the (decompressed) content. */
    public static RecordingFormat detect(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(8);
            byte[] magic = raw.readNBytes(4);
            raw.reset();
            boolean compressed = isZstd(magic) || isGzip(magic);
            byte[] head = new byte[PEEK];
            int length = 0;
            try (InputStream content = decompressed(raw, magic)) {
                int read;
                while (length < PEEK && (read = content.read(head, length, PEEK - length)) > 0) {
                    length += read;
                }
            } catch (IOException | RuntimeException e) {
                // a damaged or truncated stream: judge by what did decompress
            }
            if (length == 0 && compressed) {
                // nothing decompressed at all: only heaptrack writes compressed recordings, and its reader
                // explains precisely what is wrong with the stream
                return HEAPTRACK;
            }
            return classify(new String(head, 0, length, StandardCharsets.UTF_8));
        }
    }

    static RecordingFormat classify(String head) {
        String text = head.stripLeading();
        if (text.startsWith("v ") && text.length() > 2 && Character.digit(text.charAt(2), 16) >= 0) {
            return HEAPTRACK;
        }
        if (text.startsWith("<?xml") || text.startsWith("<")) {
            if (text.contains("<valgrindoutput")) {
                return VALGRIND_XML;
            }
            if (text.contains("<trace-query-result") || text.contains("<trace-toc")) {
                return XCTRACE_EXPORT;
            }
            return UNKNOWN;
        }
        if (text.contains("leaks Report Version") || text.matches("(?s).*Process \\d+: \\d+ leaks? for .*")) {
            return MACOS_LEAKS;
        }
        return UNKNOWN;
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
