package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries and baselines with impossible content: each message names the file, the field and the fix. */
class GateFileValidationTest {
    private static final String SUMMARY = """
            {"schemaVersion": 1, "run": "default", "kind": "%s", "profiler": "%s", "platform": "linux-x86_64",
             "command": ["/x/memcheck"], "exitCode": 0, "durationMillis": 10, "recording": "allocations.zst",
             "totals": {"allocations": 5, "allocatedBytes": 100, "temporaryAllocations": 0, "peakHeapBytes": %s,
                        "peakRssBytes": null, "leakedBytes": 0, "leakedBlocks": 0},
             "leakKinds": null, "topSites": []}
            """;
    private static final String FIX_SUMMARY = "; record it again (or delete it)";
    private static final String FIX_BASELINE = "; fix it, or record it again with rust-instruments:baseline";

    @TempDir
    Path tmp;

    private String summaryError(String kind, String profiler, String peak) throws IOException {
        Path file = tmp.resolve("default/allocations.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SUMMARY.formatted(kind, profiler, peak));
        String message = assertThrows(IOException.class, () -> SummarySet.scan(tmp)).getMessage();
        assertTrue(message.startsWith("cannot read the summary " + file + ": "), message);
        assertTrue(message.endsWith(FIX_SUMMARY), message);
        assertFalse(message.contains("io.github") || message.contains("class "), message);
        return message.substring(("cannot read the summary " + file + ": ").length(),
                message.length() - FIX_SUMMARY.length());
    }

    private String baselineError(String json) throws IOException {
        Path file = tmp.resolve("baseline.json");
        Files.writeString(file, json);
        IOException e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertTrue(e instanceof Baseline.InvalidBaselineException, e.toString());
        String message = e.getMessage();
        assertTrue(message.startsWith("cannot read the baseline " + file + ": "), message);
        assertTrue(message.endsWith(FIX_BASELINE), message);
        assertFalse(message.contains("io.github") || message.contains("class "), message);
        assertEquals(message.substring(("cannot read the baseline " + file + ": ").length(),
                message.length() - FIX_BASELINE.length()), ((Baseline.InvalidBaselineException) e).problem());
        return ((Baseline.InvalidBaselineException) e).problem();
    }

    private static String entry(String profiler, String peak) {
        return "{\"schemaVersion\": 1, \"runs\": {\"default\": {\"allocations\": {\"profiler\": \"" + profiler
                + "\", \"totals\": {\"allocations\": 5, \"peakHeapBytes\": " + peak + "}}}}}";
    }

    @Test
    void aValidSummaryIsRead() throws IOException {
        Path file = tmp.resolve("default/allocations.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SUMMARY.formatted("allocations", "heaptrack", "64"));
        assertEquals(64L, SummarySet.scan(tmp).summary("default", "allocations").orElseThrow().totals()
                .peakHeapBytes());
    }

    @Test
    void aNegativeFigureInASummary() throws IOException {
        assertEquals("field 'totals.peakHeapBytes' is -5, but a figure is never negative",
                summaryError("allocations", "heaptrack", "-5"));
    }

    @Test
    void aForeignKindInASummary() throws IOException {
        assertEquals("field 'kind' is 'bogus', but the file is named allocations.json; expected 'allocations'",
                summaryError("bogus", "heaptrack", "5"));
        assertEquals("field 'kind' is 'leaks', but the file is named allocations.json; expected 'allocations'",
                summaryError("leaks", "heaptrack", "5"));
    }

    @Test
    void anUnknownProfilerInASummary() throws IOException {
        assertEquals("field 'profiler' is 'nonsense', which is not a profiler this plugin knows; expected one of"
                + " heaptrack, memcheck, xctrace, macos-leaks, stats, heaptrack-jvm, xctrace-jvm",
                summaryError("allocations", "nonsense", "5"));
    }

    @Test
    void everyProblemOfASummaryAtOnce() throws IOException {
        String problems = summaryError("bogus", "nonsense", "-1");
        assertTrue(problems.contains("field 'kind'") && problems.contains("field 'profiler'")
                && problems.contains("field 'totals.peakHeapBytes'"), problems);
    }

    @Test
    void aFigureOfTheWrongTypeInASummary() throws IOException {
        assertEquals("field 'totals.peakHeapBytes' has a value of the wrong type; expected a whole number",
                summaryError("allocations", "heaptrack", "\"64\""));
        assertEquals("field 'totals.peakHeapBytes' is '1.5'; expected a whole number",
                summaryError("allocations", "heaptrack", "1.5"));
    }

    @Test
    void anUnknownFieldInASummary() throws IOException {
        Path file = tmp.resolve("default/allocations.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SUMMARY.formatted("allocations", "heaptrack", "5").replace("\"platform\"",
                "\"name\": \"x\", \"platform\""));
        String message = assertThrows(IOException.class, () -> SummarySet.scan(tmp)).getMessage();
        assertEquals("cannot read the summary " + file + ": unknown field 'name' at the top level" + FIX_SUMMARY,
                message);
    }

    @Test
    void aTruncatedSummary() throws IOException {
        Path file = tmp.resolve("default/leaks.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"schemaVersion\": 1, \"run\": \"default\",\n \"kind\": ");
        String message = assertThrows(IOException.class, () -> SummarySet.scan(tmp)).getMessage();
        assertTrue(message.startsWith("cannot read the summary " + file + ": the file ends in the middle of the"
                + " JSON at line 2"), message);
        assertTrue(message.endsWith("(cut short?)" + FIX_SUMMARY), message);
    }

    @Test
    void notJsonAtAll() throws IOException {
        Path file = tmp.resolve("default/leaks.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "<html>");
        String message = assertThrows(IOException.class, () -> SummarySet.scan(tmp)).getMessage();
        assertEquals("cannot read the summary " + file + ": not valid JSON at line 1, column 1" + FIX_SUMMARY,
                message);
    }

    @Test
    void aNegativeFigureInABaseline() throws IOException {
        assertEquals("field 'runs.default.allocations.totals.peakHeapBytes' is -100, but a figure is never negative",
                baselineError(entry("heaptrack", "-100")));
    }

    @Test
    void aNegativeNumberOfMemcheckErrorsInABaseline() throws IOException {
        assertEquals("field 'runs.default.leaks.memcheckErrors' is -1, but a figure is never negative",
                baselineError("{\"schemaVersion\": 1, \"runs\": {\"default\": {\"leaks\": {\"profiler\":"
                        + " \"memcheck\", \"totals\": {}, \"memcheckErrors\": -1}}}}"));
    }

    @Test
    void anUnknownProfilerInABaseline() throws IOException {
        assertEquals("field 'runs.default.allocations.profiler' is 'nonsense', which is not a profiler this plugin"
                + " knows; expected one of heaptrack, memcheck, xctrace, macos-leaks, stats, heaptrack-jvm,"
                + " xctrace-jvm", baselineError(entry("nonsense", "5")));
    }

    @Test
    void anUnknownKindInABaseline() throws IOException {
        assertEquals("field 'runs.default.bogus' is not a kind of summary; expected allocations or leaks",
                baselineError("{\"schemaVersion\": 1, \"runs\": {\"default\": {\"bogus\": {\"profiler\":"
                        + " \"heaptrack\", \"totals\": {}}}}}"));
    }

    @Test
    void anImpossibleRunNameInABaseline() throws IOException {
        assertTrue(baselineError("{\"schemaVersion\": 1, \"runs\": {\"../x\": {}}}")
                .startsWith("in 'runs': run name '../x' is not usable as a directory name"));
    }

    @Test
    void anUnknownFieldInABaselineNamesItsPlaceNotAClass() throws IOException {
        assertEquals("unknown field 'name' at the top level",
                baselineError("{\"schemaVersion\": 1, \"name\": \"x\", \"runs\": {}}"));
        assertEquals("unknown field 'profilr' in 'runs.a.allocations'",
                baselineError("{\"schemaVersion\": 1, \"runs\": {\"a\": {\"allocations\": {\"profilr\": \"x\"}}}}"));
        assertEquals("unknown field 'peak' in 'runs.a.allocations.totals'",
                baselineError("{\"schemaVersion\": 1, \"runs\": {\"a\": {\"allocations\": {\"profiler\":"
                        + " \"heaptrack\", \"totals\": {\"peak\": 1}}}}}"));
    }

    @Test
    void aFigureOfTheWrongTypeInABaseline() throws IOException {
        assertEquals("field 'runs.default.allocations.totals.peakHeapBytes' has a value of the wrong type; expected"
                + " a whole number", baselineError(entry("heaptrack", "\"lots\"")));
    }

    @Test
    void aValidBaselineIsRead() throws IOException {
        Path file = tmp.resolve("baseline.json");
        Files.writeString(file, entry("heaptrack", "100"));
        assertEquals(100L, Baseline.read(file).orElseThrow().value("default", "allocations", Metric.PEAK_HEAP));
    }
}
