package io.github.rustinstruments.maven.gate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The gate as JUnit XML ({@code gate/TEST-rust-instruments.xml}), so that CI servers show it like tests: one
 * {@code <testsuite name="rust-instruments">}, one {@code <testcase classname="rust-instruments.<run>"
 * name="<METRIC> <bound>">} per check.
 *
 * <ul>
 *   <li>a failure at ERROR (a breach, "not measured", no baseline) is a {@code <failure>} with the message;</li>
 *   <li>a failure at WARN passes (it does not fail the gate either) with the message, prefixed {@code WARNING:},
 *       in its {@code <system-out>};</li>
 *   <li>a skipped check (a default rule on a metric the profiler does not measure) is {@code <skipped>};</li>
 *   <li>a passed check carries its message ({@code peak heap is 60.0 MiB, within maximum 64 MiB}) in
 *       {@code <system-out>}.</li>
 * </ul>
 *
 * When a run has several summaries measuring the metric, the kind is added to the name:
 * {@code LEAKED_BYTES maximum 0 B (leaks)}. A check of one test (a rule with {@code <tests>}) is named after the
 * test and the limit, in its run's class: {@code com.example.CodecTest#leaks: LEAKED_BYTES maximum 0 B}; a check
 * of a rule's test pattern that found no test to check is named after the pattern:
 * {@code *CodecTest*: LEAKED_BYTES maximum 0 B}.
 */
public final class JUnitReport {
    public static final String SUITE = "rust-instruments";

    private JUnitReport() {}

    /** Writes through a temporary file and a move, creating the parent directories. */
    public static void write(GateResult result, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            try {
                write(result, xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            Files.deleteIfExists(temporary);
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(GateResult result, XMLStreamWriter xml) throws XMLStreamException {
        List<Check> checks = result.checks();
        Map<String, Integer> names = new HashMap<>();
        for (Check check : checks) {
            names.merge(check.run() + "\u0000" + baseName(check), 1, Integer::sum);
        }
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", SUITE);
        xml.writeAttribute("tests", String.valueOf(checks.size()));
        xml.writeAttribute("failures", String.valueOf(result.failures(Level.ERROR).size()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", String.valueOf(result.skipped().size()));
        xml.writeAttribute("time", "0");
        xml.writeCharacters("\n");
        for (Check check : checks) {
            String name = baseName(check);
            if (names.get(check.run() + "\u0000" + name) > 1 && check.kind() != null) {
                name = name + " (" + check.kind() + ")";
            }
            xml.writeCharacters("  ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", clean(SUITE + "." + check.run()));
            xml.writeAttribute("name", clean(name));
            xml.writeAttribute("time", "0");
            String message = clean(check.message());
            if (check.skipped()) {
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", message);
            } else if (check.failed() && check.level() == Level.ERROR) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", message);
                xml.writeAttribute("type", "rust-instruments.gate");
                xml.writeCharacters(message);
                xml.writeEndElement();
            } else {
                xml.writeStartElement("system-out");
                xml.writeCharacters(check.failed() ? "WARNING: " + message : message);
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    private static String baseName(Check check) {
        String name = check.metric() == null ? "ENDING " + check.limit()
                : check.metric().name() + " " + check.limit();
        return check.test() == null ? name : check.test() + ": " + name;
    }

    /** Replaces characters XML 1.0 cannot carry (a profiler name read from a file could hold any). */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            out.appendCodePoint(allowed ? c : '?');
        });
        return out.toString();
    }
}
