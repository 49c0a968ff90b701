package io.github.rustinstruments.maven.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary contract of DESIGN.md: field names, their order, and nulls that stay null. */
class SummaryFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> TOP_LEVEL = List.of("schemaVersion", "run", "kind", "profiler", "platform", "command",
            "exitCode", "durationMillis", "recording", "totals", "leakKinds", "topSites");
    static final List<String> TOTALS = List.of("allocations", "allocatedBytes", "temporaryAllocations",
            "peakHeapBytes", "peakRssBytes", "leakedBytes", "leakedBlocks");
    static final List<String> LEAK_KINDS = List.of("definitelyLostBytes", "definitelyLostBlocks",
            "indirectlyLostBytes", "indirectlyLostBlocks", "possiblyLostBytes", "possiblyLostBlocks",
            "stillReachableBytes", "stillReachableBlocks");
    static final List<String> SITE = List.of("function", "file", "line", "inUserCode", "allocations",
            "allocatedBytes", "peakBytes", "leakedBytes", "stack");

    @TempDir
    Path tmp;

    static Summary full() {
        return new Summary(Summary.SCHEMA_VERSION, "parse-big", "leaks", "memcheck", "linux-x86_64",
                List.of("/abs/path/memcheck", "--size", "big input"), 0, 1234L, "leaks.xml",
                new Summary.Totals(120L, 65536L, 7L, 32768L, 90112L, 544L, 2L),
                new Summary.LeakKinds(512L, 1L, 32L, 1L, 0L, 0L, 72704L, 1L),
                List.of(new Summary.Site("mylib::parse", "src/lib.rs", 42, true, 100, 60000, 30000, 512,
                                List.of("mylib::parse (src/lib.rs:42)", "memcheck::main (src/main.rs:7)")),
                        new Summary.Site("?? in libfoo.so", null, null, false, 3, 300, 0, 0, List.of("?? in libfoo.so"))));
    }

    static Summary withUnknowns() {
        return new Summary(Summary.SCHEMA_VERSION, "default", "allocations", "heaptrack", "linux-x86_64",
                List.of("/abs/path/memcheck"), null, null, null,
                new Summary.Totals(10L, 1000L, 0L, 800L, null, null, null), null, List.of());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void roundTripsEveryField() throws IOException {
        Path file = tmp.resolve("out/parse-big/leaks.json");

        SummaryFiles.write(full(), file);

        assertEquals(full(), SummaryFiles.read(file));
    }

    @Test
    void roundTripsUnknownFiguresAsNull() throws IOException {
        Path file = tmp.resolve("default/allocations.json");

        SummaryFiles.write(withUnknowns(), file);
        Summary read = SummaryFiles.read(file);

        assertEquals(withUnknowns(), read);
        assertEquals(null, read.totals().peakRssBytes());
        assertEquals(null, read.exitCode());
    }

    @Test
    void writesTheContractFieldNamesInOrder() throws IOException {
        Path file = tmp.resolve("parse-big/leaks.json");

        SummaryFiles.write(full(), file);
        JsonNode root = JSON.readTree(file.toFile());

        assertEquals(TOP_LEVEL, fieldNames(root));
        assertEquals(TOTALS, fieldNames(root.get("totals")));
        assertEquals(LEAK_KINDS, fieldNames(root.get("leakKinds")));
        assertEquals(SITE, fieldNames(root.get("topSites").get(0)));
        assertEquals(SITE, fieldNames(root.get("topSites").get(1)));
    }

    @Test
    void writesTheValuesWithTheirJsonTypes() throws IOException {
        Path file = tmp.resolve("parse-big/leaks.json");

        SummaryFiles.write(full(), file);
        JsonNode root = JSON.readTree(file.toFile());

        assertTrue(root.get("schemaVersion").isInt());
        assertEquals(1, root.get("schemaVersion").asInt());
        assertEquals("parse-big", root.get("run").asText());
        assertTrue(root.get("command").isArray());
        assertEquals("big input", root.get("command").get(2).asText());
        assertEquals(1234, root.get("durationMillis").asLong());
        assertEquals(72704, root.get("leakKinds").get("stillReachableBytes").asLong());
        JsonNode site = root.get("topSites").get(0);
        assertTrue(site.get("inUserCode").isBoolean());
        assertEquals(42, site.get("line").asInt());
        assertEquals("memcheck::main (src/main.rs:7)", site.get("stack").get(1).asText());
    }

    @Test
    void unknownValuesAreWrittenAsNullNotOmitted() throws IOException {
        Path file = tmp.resolve("default/allocations.json");

        SummaryFiles.write(withUnknowns(), file);
        JsonNode root = JSON.readTree(file.toFile());

        assertEquals(TOP_LEVEL, fieldNames(root), "no field is left out");
        for (String name : List.of("exitCode", "durationMillis", "recording", "leakKinds")) {
            assertTrue(root.get(name).isNull(), name + " is null: " + root);
        }
        assertEquals(TOTALS, fieldNames(root.get("totals")));
        for (String name : List.of("peakRssBytes", "leakedBytes", "leakedBlocks")) {
            assertTrue(root.get("totals").get(name).isNull(), name + " is null: " + root.get("totals"));
        }
        assertEquals(0, root.get("totals").get("temporaryAllocations").asLong(-1), "a real 0 stays 0");
        assertFalse(root.get("totals").get("temporaryAllocations").isNull());
        assertTrue(root.get("topSites").isArray() && root.get("topSites").isEmpty());

        JsonNode siteWithoutLocation = JSON.readTree(writeAndRead(full())).get("topSites").get(1);
        assertTrue(siteWithoutLocation.get("file").isNull());
        assertTrue(siteWithoutLocation.get("line").isNull());
    }

    private String writeAndRead(Summary summary) throws IOException {
        Path file = tmp.resolve("again/" + System.nanoTime() + ".json");
        SummaryFiles.write(summary, file);
        return Files.readString(file);
    }

    @Test
    void readsTheExampleOfTheDesignDocument() throws IOException {
        Path file = tmp.resolve("design.json");
        try (InputStream in = getClass().getResourceAsStream("/report/design-example-summary.json")) {
            assertNotNull(in);
            Files.write(file, in.readAllBytes());
        }

        Summary summary = SummaryFiles.read(file);

        assertEquals(1, summary.schemaVersion());
        assertEquals(List.of("/abs/path/memcheck", "arg"), summary.command());
        assertEquals("allocations.zst", summary.recording());
        assertEquals(65536L, summary.totals().allocatedBytes());
        assertEquals(null, summary.totals().peakRssBytes());
        assertEquals(32L, summary.leakKinds().indirectlyLostBytes());
        Summary.Site site = summary.topSites().get(0);
        assertEquals(new Summary.Site("mylib::parse", "src/lib.rs", 42, true, 100, 60000, 30000, 512,
                List.of("mylib::parse (src/lib.rs:42)", "memcheck::main (src/main.rs:7)")), site);

        Path rewritten = tmp.resolve("rewritten.json");
        SummaryFiles.write(summary, rewritten);
        assertEquals(JSON.readTree(file.toFile()), JSON.readTree(rewritten.toFile()),
                "what the plugin writes is the document's example, field for field");
    }

    @Test
    void replacesAnEarlierSummaryAndLeavesNoTemporaryFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("default"));
        Path file = dir.resolve("allocations.json");
        Files.writeString(file, "{\"stale\": true}");

        SummaryFiles.write(withUnknowns(), file);

        assertEquals(withUnknowns(), SummaryFiles.read(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
