package io.github.rustinstruments.maven.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** The StAX set-up every XML reader of this package shares, and what they say about a file that fails to parse. */
final class XmlFiles {

    private XmlFiles() {}

    /** What a reader does with the parser positioned at the start of the document. */
    @FunctionalInterface
    interface Body<T> {
        T read(XMLStreamReader reader) throws XMLStreamException, IOException;
    }

    /** Turns a parse failure into a message about the file (not XML, cut off, or broken). */
    @FunctionalInterface
    interface Explainer {
        RecordingFormatException explain(XMLStreamException e) throws IOException;
    }

    /**
     * A parser that never resolves a DTD or an external entity (the tools never write either, and a recording is
     * untrusted input), not namespace-aware, with text coalesced.
     */
    static XMLInputFactory factory() {
        // the JDK's own StAX implementation, whatever else is on Maven's class path
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** Streams {@code file} through {@code body}; a parse failure becomes what {@code explain} makes of it. */
    static <T> T read(Path file, Body<T> body, Explainer explain) throws IOException {
        // the parser reads the encoding from the byte-order mark or the XML declaration (a UTF-8 BOM included)
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader reader = factory().createXMLStreamReader(in);
            try {
                return body.read(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw explain.explain(e);
        }
    }

    /**
     * How a reader words a failed parse.
     *
     * @param notXml      the file is not the XML expected ({@code "F is not valgrind XML output (...)"})
     * @param truncated   the whole message for a file cut off before its closing tag
     * @param broken      the file is broken XML ({@code "F is not well-formed valgrind XML"})
     * @param suffix      appended to the parser's reason for broken XML; may be empty
     * @param closingTags the tags a complete file ends with
     */
    record Wording(String notXml, String truncated, String broken, String suffix, String... closingTags) {}

    /**
     * What a failed parse means: before the root element, that the file is not the XML expected; in a file that
     * does not end with a closing tag, that it was cut off (the tool killed); otherwise broken XML, at its line.
     */
    static RecordingFormatException explain(XMLStreamException e, Path file, boolean sawRoot, Wording wording)
            throws IOException {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ").strip();
        if (!sawRoot) {
            return new RecordingFormatException(wording.notXml() + ": " + reason, e);
        }
        boolean complete = false;
        for (String tag : wording.closingTags()) {
            complete |= endsWith(file, tag);
        }
        if (!complete) {
            return new RecordingFormatException(wording.truncated(), e);
        }
        Location at = e.getLocation();
        return new RecordingFormatException(wording.broken() + atLine(at == null ? -1 : at.getLineNumber()) + ": "
                + reason + wording.suffix(), e);
    }

    /** {@code " (line N)"} when {@code line} is positive, else empty. */
    static String atLine(int line) {
        return line > 0 ? " (line " + line + ")" : "";
    }

    /**
     * Whether the file, stripped of trailing white space, ends with {@code closingTag}: a failed parse of a file
     * that does not was cut off rather than broken.
     */
    static boolean endsWith(Path file, String closingTag) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int tail = (int) Math.min(length, 4096);
            byte[] bytes = new byte[tail];
            raf.seek(length - tail);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1).strip().endsWith(closingTag);
        }
    }
}
