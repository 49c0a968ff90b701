package io.github.rustinstruments.maven.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.trace.XctraceToc.Run;
import io.github.rustinstruments.maven.trace.XctraceToc.Track;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link XctraceToc} on hand-written tables of contents in the documented shape (src/test/resources/xctrace/README.md:
 * not captured on a Mac).
 */
class XctraceTocTest {

    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(XctraceTocTest.class.getResource("/xctrace/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void recordingThatEndedWithTheTarget() throws IOException {
        XctraceToc toc = XctraceToc.read(fixture("toc-exited.xml"));

        assertEquals(1, toc.runs().size());
        Run run = toc.lastRun();
        assertEquals(1, run.number());
        assertEquals("Leaks", run.templateName());
        assertEquals("Target app exited", run.endReason());
        assertFalse(run.timeLimitReached());
        assertEquals(2348L, run.durationMillis());
        assertEquals("1 minute", run.timeLimit());
        assertEquals("15.4 (15F31d)", run.instrumentsVersion());
        assertEquals("2024-06-11T09:14:03.512+02:00", run.startDate());
        // the target under <info><target>, not the other processes of the run
        assertEquals("alloc-bench", run.processName());
        assertEquals(48213, run.pid());
        assertEquals("launched", run.processType());
        assertEquals(0, run.returnExitStatus());
        assertEquals("exit(0)", run.terminationReason());
    }

    @Test
    void tracksAndTheirDetails() throws IOException {
        Run run = XctraceToc.read(fixture("toc-exited.xml")).lastRun();

        assertEquals(List.of(new Track("Allocations", List.of("Statistics", "Allocations List", "Call Tree")),
                new Track("Leaks", List.of("Leaks", "Cycles & Roots")),
                new Track("VM Tracker", List.of("Regions Map"))), run.tracks());
        assertTrue(run.track("Allocations").isPresent());
        assertTrue(run.hasLeaks());
        assertEquals(List.of("Statistics", "Allocations List", "Call Tree"), run.allocationsDetails());
        assertEquals(List.of("Leaks", "Cycles & Roots"), run.leaksDetails());
    }

    @Test
    void recordingStoppedByTheTimeLimit() throws IOException {
        Run run = XctraceToc.read(fixture("toc-time-limit.xml")).lastRun();

        assertEquals("Allocations", run.templateName());
        assertEquals("Time limit reached", run.endReason());
        assertTrue(run.timeLimitReached());
        assertEquals(60015L, run.durationMillis());
        assertEquals("server-bench", run.processName());
        assertEquals(7311, run.pid());
        // the target was still running: the TOC has no exit
        assertNull(run.returnExitStatus());
        assertNull(run.terminationReason());
        assertTrue(run.track("Allocations").isPresent());
        assertFalse(run.hasLeaks());
        assertEquals(List.of("Statistics", "Allocations List"), run.allocationsDetails());
        assertEquals(List.of(), run.leaksDetails());
    }

    @Test
    void everyFigureTheTocLacksIsNull() throws IOException {
        Path file = write("bare.xml", "<?xml version=\"1.0\"?>\n<trace-toc><run number=\"1\"><info><target>"
                + "<process type=\"attached\" name=\"app\" pid=\"9\"/></target></info><tracks/></run></trace-toc>\n");
        Run run = XctraceToc.read(file).lastRun();

        assertEquals(new Run(1, null, null, null, null, null, null, "app", 9, "attached", null, null, List.of()),
                run);
        assertTrue(run.track("Allocations").isEmpty());
    }

    @Test
    void severalRunsAndAStoppedOne() throws IOException {
        Path file = write("runs.xml", "<?xml version=\"1.0\"?>\n<trace-toc>\n"
                + "<run number=\"1\"><info><target><process name=\"app\" return-exit-status=\"3\""
                + " termination-reason=\"exit(3)\"/></target><summary><duration>1.5</duration>"
                + "<end-reason>Target app exited</end-reason></summary></info><tracks/></run>\n"
                + "<run number=\"2\"><info><target><process name=\"app\" termination-reason=\"signal(2)\"/></target>"
                + "<summary><end-reason>User pressed Stop</end-reason><template-name>Time Profiler</template-name>"
                + "</summary></info><tracks><track name=\"Time Profiler\"><details><detail name=\"Profile\""
                + " kind=\"call-tree\"/></details></track></tracks></run>\n</trace-toc>\n");
        XctraceToc toc = XctraceToc.read(file);

        assertEquals(List.of(1, 2), toc.runs().stream().map(Run::number).toList());
        Run first = toc.run(1).orElseThrow();
        assertEquals(3, first.returnExitStatus());
        assertEquals("exit(3)", first.terminationReason());
        assertEquals(1500L, first.durationMillis());
        Run last = toc.lastRun();
        assertEquals(2, last.number());
        assertEquals("User pressed Stop", last.endReason());
        assertEquals("Time Profiler", last.templateName());
        assertNull(last.returnExitStatus());
        assertEquals("signal(2)", last.terminationReason());
        assertEquals(List.of(new Track("Time Profiler", List.of("Profile"))), last.tracks());
        assertTrue(toc.run(3).isEmpty());
    }

    @Test
    void anExportIsNotATableOfContents() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceToc.read(fixture("allocations-statistics.xml")));
        assertTrue(e.getMessage().contains("allocations-statistics.xml"), e.getMessage());
        assertTrue(e.getMessage().contains("not an xctrace table of contents"), e.getMessage());
        assertTrue(e.getMessage().contains("--xpath export, not --toc"), e.getMessage());
    }

    @Test
    void unrelatedXml() {
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> XctraceToc.read(fixture("unrelated.xml")));
        assertTrue(e.getMessage().contains("unrelated.xml"), e.getMessage());
        assertTrue(e.getMessage().contains("its root element is <testsuite>"), e.getMessage());
    }

    @Test
    void truncatedToc() throws IOException {
        String whole = Files.readString(fixture("toc-exited.xml"));
        Path file = write("cut.xml", whole.substring(0, whole.indexOf("<track name=\"Leaks\">") + 10));

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> XctraceToc.read(file));
        assertTrue(e.getMessage().contains("cut.xml ends before </trace-toc>"), e.getMessage());
    }

    @Test
    void tocWithoutRun() throws IOException {
        Path file = write("empty-toc.xml", "<?xml version=\"1.0\"?>\n<trace-toc/>\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> XctraceToc.read(file));
        assertTrue(e.getMessage().contains("has no <run>"), e.getMessage());
    }

    @Test
    void emptyFileAndNotXml() throws IOException {
        Path empty = write("empty.xml", "");
        Path text = write("text.xml", "Starting recording with the Allocations template.\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> XctraceToc.read(empty));
        assertTrue(e.getMessage().contains("empty.xml is empty"), e.getMessage());
        e = assertThrows(RecordingFormatException.class, () -> XctraceToc.read(text));
        assertTrue(e.getMessage().contains("text.xml is not an xctrace table of contents"), e.getMessage());
    }

    @Test
    void documentTypeDeclarationsAreRefused() throws IOException {
        Path file = write("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE trace-toc [<!ENTITY x SYSTEM"
                + " \"file:///etc/passwd\">]>\n<trace-toc><run number=\"1\"><info><summary><template-name>&x;"
                + "</template-name></summary></info></run></trace-toc>\n");

        RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> XctraceToc.read(file));
        assertTrue(e.getMessage().contains("document type declaration"), e.getMessage());
    }

    @Test
    void durations() {
        assertEquals(5893L, XctraceToc.parseDurationMillis("5.892702"));
        assertEquals(60000L, XctraceToc.parseDurationMillis("60"));
        assertEquals(2500L, XctraceToc.parseDurationMillis("2.5 s"));
        assertNull(XctraceToc.parseDurationMillis("soon"));
        assertNull(XctraceToc.parseDurationMillis(null));
    }
}
