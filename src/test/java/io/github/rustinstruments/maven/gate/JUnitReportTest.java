package io.github.rustinstruments.maven.gate;

import static io.github.rustinstruments.maven.gate.GateTest.rule;
import static io.github.rustinstruments.maven.gate.GateTest.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.gate.Check.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportTest {
    @TempDir
    Path tmp;

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    static List<Element> elements(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    static Element child(Element parent, String name) {
        List<Element> children = elements(parent, name);
        return children.isEmpty() ? null : children.get(0);
    }

    @Test
    void oneTestcasePerCheckWithFailuresWarningsAndSkips() throws Exception {
        GateResult mixed = GateResultTest.mixed();
        GateResult warned = Gate.evaluate(rules(rule("parse-small", "WARN", Limit.maximum("ALLOCATIONS", "1000"))),
                SummarySet.of(Summaries.heaptrack("parse-small", 1200, 2)), null);
        GateResult defaults = Gate.evaluate(GateRules.defaults(),
                SummarySet.of(Summaries.heaptrack("parse-small", 1200, 2)), null);
        List<Check> all = new ArrayList<>(mixed.checks());
        all.addAll(warned.checks());
        all.addAll(defaults.checks());
        GateResult result = new GateResult(all, List.of());
        Path file = tmp.resolve("target/rust-instruments/gate/TEST-rust-instruments.xml");
        JUnitReport.write(result, file);
        assertFalse(Files.exists(file.resolveSibling("TEST-rust-instruments.xml.tmp")));
        assertTrue(Files.readString(file, StandardCharsets.UTF_8)
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));

        Element suite = parse(file).getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("rust-instruments", suite.getAttribute("name"));
        assertEquals("14", suite.getAttribute("tests"));
        assertEquals("7", suite.getAttribute("failures"));
        assertEquals("2", suite.getAttribute("skipped"));
        assertEquals("0", suite.getAttribute("errors"));
        List<Element> cases = elements(suite, "testcase");
        assertEquals(14, cases.size());
        assertEquals(7, elements(suite, "failure").size());
        assertEquals(2, elements(suite, "skipped").size());

        Element first = cases.get(0);
        assertEquals("rust-instruments.parse-big", first.getAttribute("classname"));
        assertEquals("PEAK_HEAP maximum 64 MiB", first.getAttribute("name"));
        Element failure = child(first, "failure");
        assertEquals("run 'parse-big': peak heap is 71.2 MiB, but expected maximum is 64 MiB",
                failure.getAttribute("message"));
        assertEquals(failure.getAttribute("message"), failure.getTextContent());

        assertEquals("PEAK_HEAP maximum increase 5%", cases.get(1).getAttribute("name"));
        List<String> names = cases.stream().filter(c -> c.getAttribute("classname").endsWith("parse-big"))
                .map(c -> c.getAttribute("name")).toList();
        assertTrue(names.contains("LEAKED_BYTES maximum 0 B (allocations)"), names.toString());
        assertTrue(names.contains("LEAKED_BYTES maximum 0 B (leaks)"), names.toString());

        Element notMeasured = cases.stream().filter(c -> c.getAttribute("classname").equals(
                "rust-instruments.parse-small") && c.getAttribute("name").equals("DEFINITELY_LOST_BYTES maximum 0 B")
                && child(c, "failure") != null).findFirst().orElseThrow();
        assertEquals("run 'parse-small': definitely lost bytes is not measured by heaptrack",
                child(notMeasured, "failure").getAttribute("message"));

        Element warning = cases.get(11);
        assertEquals("ALLOCATIONS maximum 1,000", warning.getAttribute("name"));
        assertEquals(null, child(warning, "failure"), "a warning does not fail the test");
        assertEquals("WARNING: run 'parse-small': allocations is 1,200, but expected maximum is 1,000",
                child(warning, "system-out").getTextContent());

        Element skipped = child(cases.get(12), "skipped");
        assertEquals("run 'parse-small': definitely lost bytes is not measured by heaptrack; default rule skipped",
                skipped.getAttribute("message"));

        Element passed = cases.stream().filter(c -> c.getAttribute("name").equals("ALLOCATIONS maximum 250,000")
                && c.getAttribute("classname").endsWith("parse-small")).findFirst().orElseThrow();
        assertEquals(null, child(passed, "failure"));
        assertEquals("run 'parse-small': allocations is 1,200, within maximum 250,000",
                child(passed, "system-out").getTextContent());
    }

    @Test
    void oneTestcasePerTestAndLimitBesideThoseOfTheRuns() throws Exception {
        GateResult result = Gate.evaluate(GateRules.compile(List.of(
                new Rule(List.of(), List.of(Limit.maximum("ALLOCATIONS", "1000000")), null),
                GatePerTestTest.perTest("jvm", "*CodecTest*,*Renamed*", null, Limit.maximum("LEAKED_BYTES", "0")),
                GatePerTestTest.perTest("parse-big", "*", "WARN", Limit.maximum("PEAK_HEAP", "1MiB")))),
                SummarySet.of(GatePerTestTest.suite(), Summaries.heaptrack("parse-big", 10, 100)), null);
        Path file = tmp.resolve("TEST-rust-instruments.xml");
        JUnitReport.write(result, file);
        Element suite = parse(file).getDocumentElement();
        List<String> cases = elements(suite, "testcase").stream()
                .map(c -> c.getAttribute("classname") + " | " + c.getAttribute("name")).toList();
        assertEquals(List.of(
                "rust-instruments.jvm | ALLOCATIONS maximum 1,000,000",
                "rust-instruments.parse-big | ALLOCATIONS maximum 1,000,000",
                "rust-instruments.jvm | *Renamed*: LEAKED_BYTES maximum 0 B",
                "rust-instruments.jvm | heldout.jni.CodecTest#leaksFourHundredKiB: LEAKED_BYTES maximum 0 B",
                "rust-instruments.jvm | heldout.jni.CodecTest#roundTrips: LEAKED_BYTES maximum 0 B",
                "rust-instruments.parse-big | *: PEAK_HEAP maximum 1 MiB"), cases);
        assertEquals("6", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));

        Element leak = elements(suite, "testcase").get(3);
        assertEquals("run 'jvm', test 'heldout.jni.CodecTest#leaksFourHundredKiB': leaked bytes is 400.0 KiB, but"
                + " expected maximum is 0 B", child(leak, "failure").getAttribute("message"));
        Element clean = elements(suite, "testcase").get(4);
        assertEquals(null, child(clean, "failure"));
        assertEquals("run 'jvm', test 'heldout.jni.CodecTest#roundTrips': leaked bytes is 0 B, within maximum 0 B",
                child(clean, "system-out").getTextContent());
        Element renamed = elements(suite, "testcase").get(2);
        assertEquals(null, child(renamed, "failure"), "a pattern that matches no test only warns");
        assertTrue(child(renamed, "system-out").getTextContent().startsWith("WARNING: rule 2: no test of run 'jvm'"
                + " matches '*Renamed*'"));
        Element unsplit = elements(suite, "testcase").get(5);
        assertEquals(null, child(unsplit, "failure"), "a WARN rule on a run without per-test figures");
        assertTrue(child(unsplit, "system-out").getTextContent().startsWith("WARNING: run 'parse-big': peak heap per"
                + " test is not measured by heaptrack"));
    }

    @Test
    void anAllPassingGateHasNoFailures() throws Exception {
        GateResult result = Gate.evaluate(rules(rule(null, null, Limit.maximum("PEAK_HEAP", "1GiB"))),
                SummarySet.of(Summaries.heaptrack("default", 1, 2048)), null);
        Path file = tmp.resolve("TEST-rust-instruments.xml");
        JUnitReport.write(result, file);
        Element suite = parse(file).getDocumentElement();
        assertEquals("1", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("skipped"));
        assertEquals(0, elements(suite, "failure").size());
    }

    @Test
    void anEmptyGateIsAnEmptySuiteAndAnOldReportIsReplaced() throws Exception {
        Path file = tmp.resolve("gate/TEST-rust-instruments.xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        JUnitReport.write(new GateResult(List.of(), List.of()), file);
        Element suite = parse(file).getDocumentElement();
        assertEquals("0", suite.getAttribute("tests"));
        assertEquals(0, elements(suite, "testcase").size());
    }

    @Test
    void textFromSummariesCannotBreakTheXml() throws Exception {
        Check odd = new Check("x", "allocations", "prof\u0001<&>\"iler", Metric.ALLOCATIONS, "maximum 1", 2L, null,
                Outcome.FAILED, Level.ERROR, "run 'x': a <message> & \"quotes\" \u0007 and \uD83D\uDE00");
        Path file = tmp.resolve("TEST-rust-instruments.xml");
        JUnitReport.write(new GateResult(List.of(odd), List.of()), file);
        Element failure = child(parse(file).getDocumentElement(), "failure");
        assertEquals("run 'x': a <message> & \"quotes\" ? and \uD83D\uDE00", failure.getAttribute("message"));
    }
}
