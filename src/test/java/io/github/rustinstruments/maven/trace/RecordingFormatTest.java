package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordingFormat#detect} on small files written here, in the shapes the tools write. */
class RecordingFormatTest {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String LEAKS_REPORT = """
            Process:         prog [4242]
            Path:            /Users/USER/*/prog
            ----

            leaks Report Version: 4.0, multi-line stacks
            Process 4242: 0 leaks for 0 total leaked bytes.
            """;
    private static final String EXPORT = "<?xml version=\"1.0\"?>\n<trace-query-result>\n<node xpath='//trace-toc[1]"
            + "/run[1]/tracks[1]/track[2]/details[1]/detail[1]'><row leaked-object=\"Malloc 16 Bytes\" size=\"16\""
            + " responsible-frame=\"main\" count=\"1\" responsible-library=\"prog\" address=\"0x10\"/>\n"
            + "</node></trace-query-result>\n";

    @TempDir
    Path tmp;

    private Path write(String name, byte[]... parts) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] part : parts) {
                out.write(part);
            }
        }
        return file;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachFormatByItsBeginning() throws IOException {
        assertEquals(RecordingFormat.HEAPTRACK, RecordingFormat.detect(write("h", utf8("v 10400 3\nX prog\n"))));
        assertEquals(RecordingFormat.VALGRIND_XML, RecordingFormat.detect(write("v.xml",
                utf8("<?xml version=\"1.0\"?>\n\n<valgrindoutput>\n<protocolversion>4</protocolversion>\n"))));
        assertEquals(RecordingFormat.XCTRACE_EXPORT, RecordingFormat.detect(write("x.xml", utf8(EXPORT))));
        assertEquals(RecordingFormat.XCTRACE_EXPORT, RecordingFormat.detect(write("toc.xml",
                utf8("<?xml version=\"1.0\"?>\n<!-- a comment <valgrindoutput> -->\n<trace-toc>\n"))));
        assertEquals(RecordingFormat.MACOS_LEAKS, RecordingFormat.detect(write("l.txt", utf8(LEAKS_REPORT))));
        assertEquals(RecordingFormat.UNKNOWN, RecordingFormat.detect(write("n.txt", utf8("cargo build\nok\n"))));
        assertEquals(RecordingFormat.UNKNOWN, RecordingFormat.detect(write("j.xml",
                utf8("<?xml version=\"1.0\"?>\n<testsuite name=\"x\"/>\n"))));
    }

    @Test
    void aCompressedHeaptrackFile() throws IOException {
        Path file = tmp.resolve("heaptrack.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(utf8("v 10400 3\n"));
        }
        assertEquals(RecordingFormat.HEAPTRACK, RecordingFormat.detect(file));
    }

    @Test
    void aLeaksReportAfterMuchProgramOutputIsFound() throws IOException {
        String output = "iteration 123456: parsed 42 records\n".repeat(5000); // ~180 KB, far beyond the first 4 KiB
        String longLine = "x".repeat(1 << 20) + "\n"; // one 1 MiB line: skipped, not kept
        Path file = write("atexit.txt", utf8(output), utf8(longLine),
                utf8("prog(4242) MallocStackLogging: stack logs being written\n"), utf8(LEAKS_REPORT));

        assertEquals(RecordingFormat.MACOS_LEAKS, RecordingFormat.detect(file));
        assertEquals(0L, MacLeaksReportReader.read(file).leakedBlocks());
    }

    @Test
    void aLeaksReportAfterMarkupPrintedByTheProgram() throws IOException {
        Path file = write("markup.txt", utf8("<html><body>report</body></html>\n" + LEAKS_REPORT));
        assertEquals(RecordingFormat.MACOS_LEAKS, RecordingFormat.detect(file));
    }

    @Test
    void aUtf8ByteOrderMarkIsAccepted() throws IOException {
        Path export = write("bom.xml", UTF8_BOM, utf8(EXPORT));
        assertEquals(RecordingFormat.XCTRACE_EXPORT, RecordingFormat.detect(export));
        assertEquals(XctraceExportReader.Kind.LEAKS, XctraceExportReader.kindOf(export));
        assertEquals(16L, XctraceExportReader.readLeaks(export).leakedBytes());

        assertEquals(RecordingFormat.HEAPTRACK, RecordingFormat.detect(write("bom-h", UTF8_BOM, utf8("v 1 3\n"))));
        assertEquals(RecordingFormat.MACOS_LEAKS, RecordingFormat.detect(write("bom.txt", UTF8_BOM,
                utf8(LEAKS_REPORT))));
    }

    @Test
    void utf16IsNamedWithHowToGetUtf8() throws IOException {
        Path withBom = write("utf16.xml", new byte[] {(byte) 0xFF, (byte) 0xFE},
                EXPORT.getBytes(StandardCharsets.UTF_16LE));
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> RecordingFormat.detect(withBom));
        assertEquals(withBom + " is UTF-16LE (little-endian, with a byte-order mark) text; the recordings read here"
                + " are UTF-8 (as xctrace export, leaks, valgrind and heaptrack write them). Export or capture it"
                + " again without re-encoding it (xcrun xctrace export ... --output FILE; leaks ... > FILE from a"
                + " shell that writes bytes as they are), or convert it: iconv -f UTF-16LE -t UTF-8 " + withBom
                + " > " + withBom + ".utf8", e.getMessage());

        Path bigEndian = write("utf16be.txt", LEAKS_REPORT.getBytes(StandardCharsets.UTF_16)); // Java writes FE FF
        assertTrue(assertThrows(RecordingFormatException.class, () -> RecordingFormat.detect(bigEndian))
                .getMessage().contains(" is UTF-16BE (big-endian, with a byte-order mark) text"));

        Path noBom = write("utf16-nobom.xml", EXPORT.getBytes(StandardCharsets.UTF_16LE));
        assertTrue(assertThrows(RecordingFormatException.class, () -> RecordingFormat.detect(noBom))
                .getMessage().contains(" is UTF-16LE (little-endian, without a byte-order mark) text"));
    }
}
