package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
    @TempDir
    Path tmp;

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void storesTheFiguresOfEverySummaryInTheDocumentedShape() throws IOException {
        Baseline baseline = Baseline.of(SummarySet.scan(SummarySetTest.resource("output")));
        Path file = tmp.resolve("src/test/rust-instruments/baseline.json");
        baseline.write(file);

        String text = Files.readString(file);
        assertFalse(text.contains("\r"), "\\n line ends whatever the OS");
        assertTrue(text.endsWith("}\n"));
        assertFalse(Files.exists(tmp.resolve("src/test/rust-instruments/baseline.json.tmp")));
        JsonNode root = new ObjectMapper().readTree(text);
        assertEquals(List.of("schemaVersion", "runs"), names(root));
        assertEquals(1, root.get("schemaVersion").asInt());
        assertEquals(List.of("parse-big", "parse-small"), names(root.get("runs")));
        JsonNode leaks = root.get("runs").get("parse-big").get("leaks");
        assertEquals(List.of("profiler", "totals", "leakKinds", "memcheckErrors"), names(leaks));
        assertEquals("memcheck", leaks.get("profiler").asText());
        assertEquals(512, leaks.get("leakKinds").get("definitelyLostBytes").asLong());
        assertEquals(1, leaks.get("memcheckErrors").asLong());
        JsonNode allocations = root.get("runs").get("parse-big").get("allocations");
        assertTrue(allocations.get("leakKinds").isNull(), "not measured stays null, explicitly");
        assertTrue(allocations.get("memcheckErrors").isNull());
        assertTrue(allocations.get("totals").get("peakRssBytes").isNull());
        assertEquals(74658611L, allocations.get("totals").get("peakHeapBytes").asLong());

        Baseline back = Baseline.read(file).orElseThrow();
        assertEquals(List.of(), back.changesFrom(baseline), "a written baseline reads back unchanged");
        assertEquals(List.of("parse-big", "parse-small"), back.runs());
        assertEquals(List.of("allocations", "leaks"), back.kinds("parse-big"));
    }

    @Test
    void writingAgainReplacesOnlyThatFile() throws IOException {
        Path file = tmp.resolve("baseline.json");
        Files.writeString(tmp.resolve("neighbour.txt"), "keep");
        Baseline.of(SummarySet.of(Summaries.heaptrack("a", 1, 2))).write(file);
        Baseline.of(SummarySet.of(Summaries.heaptrack("b", 1, 2))).write(file);
        assertEquals(List.of("b"), Baseline.read(file).orElseThrow().runs());
        assertEquals("keep", Files.readString(tmp.resolve("neighbour.txt")));
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aMissingFileIsNoBaseline() throws IOException {
        assertEquals(Optional.empty(), Baseline.read(tmp.resolve("absent/baseline.json")));
    }

    @Test
    void aMalformedFileIsAnErrorNamingIt() throws IOException {
        Path file = tmp.resolve("baseline.json");
        Files.writeString(file, "{\"schemaVersion\": 1, \"runs\": {\"a\": {\"allocations\": {\"profiler\": 3, ");
        IOException e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertTrue(e.getMessage().startsWith("cannot read the baseline " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; fix it, or record it again with rust-instruments:baseline"));

        Files.writeString(file, "{\"schemaVersion\": 1, \"runs\": {\"a\": {\"allocations\": {\"profilr\": \"x\"}}}}");
        assertThrows(IOException.class, () -> Baseline.read(file), "a misspelt field is not silently ignored");

        Files.writeString(file, "{\"schemaVersion\": 2, \"runs\": {}}");
        assertEquals("cannot read the baseline " + file + ": schema version 2, this plugin reads version 1; record"
                + " it again with rust-instruments:baseline",
                assertThrows(IOException.class, () -> Baseline.read(file)).getMessage());

        Files.writeString(file, "{\"schemaVersion\": 1, \"runs\": {\"a\": {\"leaks\": null}}}");
        assertEquals("cannot read the baseline " + file + ": run 'a' has no figures for leaks; fix it, or record it"
                + " again with rust-instruments:baseline",
                assertThrows(IOException.class, () -> Baseline.read(file)).getMessage());

        Files.writeString(file, "");
        assertThrows(IOException.class, () -> Baseline.read(file));
    }

    @Test
    void valuesComeFromTheKindThatMeasuresThem() throws IOException {
        Baseline baseline = Baseline.read(SummarySetTest.resource("baseline-v1.json")).orElseThrow();
        assertEquals(69101158L, baseline.value("parse-big", Metric.PEAK_HEAP));
        assertEquals(512L, baseline.value("parse-big", Metric.DEFINITELY_LOST_BYTES));
        assertEquals(0L, baseline.value("parse-big", Metric.MEMCHECK_ERRORS));
        assertEquals(544L, baseline.value("parse-big", Metric.LEAKED_BYTES), "leaks first for leak figures");
        assertEquals(0L, baseline.value("parse-big", "allocations", Metric.LEAKED_BYTES));
        assertNull(baseline.value("parse-big", Metric.PEAK_RSS));
        assertNull(baseline.value("retired", Metric.DEFINITELY_LOST_BYTES));
        assertNull(baseline.value("unknown", Metric.PEAK_HEAP));
        assertNull(baseline.value("parse-big", "unknown", Metric.PEAK_HEAP));
        assertEquals("memcheck", baseline.entry("parse-big", "leaks").orElseThrow().profiler());
    }

    @Test
    void saysWhatChanged() throws IOException {
        Baseline previous = Baseline.read(SummarySetTest.resource("baseline-v1.json")).orElseThrow();
        Baseline current = Baseline.of(SummarySet.scan(SummarySetTest.resource("output")));
        assertEquals(List.of(
                "run 'parse-big' (allocations): allocations 240,000 -> 250,001 (+4.2%)",
                "run 'parse-big' (allocations): allocated bytes 95.4 MiB -> 100.0 MiB (+4.9%)",
                "run 'parse-big' (allocations): temporary allocations 1,100 -> 1,200 (+9.1%)",
                "run 'parse-big' (allocations): peak heap 65.9 MiB -> 71.2 MiB (+8.0%)",
                "run 'parse-big' (leaks): memcheck errors 0 -> 1 (+1)",
                "new run 'parse-small': allocations by heaptrack",
                "run 'retired' removed (was allocations by heaptrack)"), current.changesFrom(previous));
    }

    @Test
    void aFirstBaselineListsEveryRunAsNew() {
        Baseline current = Baseline.of(SummarySet.of(Summaries.heaptrack("a", 1, 2), Summaries.memcheck("a", 0, 0,
                0), Summaries.heaptrack("b", 1, 2)));
        assertEquals(List.of("new run 'a': allocations by heaptrack, leaks by memcheck",
                "new run 'b': allocations by heaptrack"), current.changesFrom(null));
    }

    @Test
    void saysWhenKindsProfilersAndMeasuredFiguresChange() {
        Baseline before = Baseline.of(SummarySet.of(Summaries.heaptrack("a", 100, 64L << 20),
                Summaries.heaptrackLeaks("a", 0)));
        Baseline after = Baseline.of(SummarySet.of(Summaries.heaptrack("a", 100, (64L << 20) + 1),
                Summaries.memcheck("a", 0, 0, 0)));
        assertEquals(List.of(
                "run 'a' (allocations): peak heap 67,108,864 B -> 67,108,865 B (+0.0000015%)",
                "run 'a' (leaks): profiler heaptrack -> memcheck",
                "run 'a' (leaks): allocations 10 -> not measured",
                "run 'a' (leaks): allocated bytes 1000 B -> not measured",
                "run 'a' (leaks): temporary allocations 0 -> not measured",
                "run 'a' (leaks): peak heap 800 B -> not measured",
                "run 'a' (leaks): definitely lost bytes not measured -> 0 B",
                "run 'a' (leaks): definitely lost blocks not measured -> 0",
                "run 'a' (leaks): indirectly lost bytes not measured -> 0 B",
                "run 'a' (leaks): indirectly lost blocks not measured -> 0",
                "run 'a' (leaks): possibly lost bytes not measured -> 0 B",
                "run 'a' (leaks): possibly lost blocks not measured -> 0",
                "run 'a' (leaks): still reachable bytes not measured -> 71.0 KiB",
                "run 'a' (leaks): still reachable blocks not measured -> 1",
                "run 'a' (leaks): memcheck errors not measured -> 0"), after.changesFrom(before));
        Baseline fewer = Baseline.of(SummarySet.of(Summaries.heaptrack("a", 100, 64L << 20)));
        assertEquals(List.of("run 'a' (leaks): summary removed (was by heaptrack)"), fewer.changesFrom(before));
        assertEquals(List.of("run 'a' (leaks): new summary by heaptrack"), before.changesFrom(fewer));
    }
}
