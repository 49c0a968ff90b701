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

    /** The parser's message on one line. */
    static String reason(XMLStreamException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ").strip();
    }

    /** {@code " (line N)"} when the line is known, else empty. */
    static String atLine(Location location) {
        return atLine(location == null ? -1 : location.getLineNumber());
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
