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

    static final List<String> TEST_ENTRY = List.of("test", "allocations", "allocatedBytes", "peakHeapBytes",
            "leakedBytes", "leakedBlocks", "topSites");

    /** A JVM-mode summary with the library's figures per test, one of them leaking. */
    static Summary withTests() {
        Summary.Site leak = new Summary.Site("leaky_jni::leak_blocks", "src/lib.rs", 31, true, 10L, 40_960L, 40_960L,
                40_960, List.of("leaky_jni::leak_blocks (src/lib.rs:31)", "com.example.Leaky.leakBlocks"),
                "com.example.Leaky.leakBlocks");
        Summary.Site load = new Summary.Site("leaky_jni::init", "src/lib.rs", 5, true, 1L, 64L, null, 0,
                List.of("leaky_jni::init (src/lib.rs:5)"), null);
        return new Summary(Summary.SCHEMA_VERSION, "jvm", "allocations", "heaptrack-jvm", "linux-x86_64", null, 0,
                900L, "jvm-41.zst", new Summary.Totals(11L, 41_024L, 0L, 40_960L, null, 40_960L, 10L), null,
                List.of(leak, load))
                .inJvm(List.of("libleaky_jni.so"), List.of(new Summary.Fork(41, "jvm-41.zst", 0)),
                        new Summary.Totals(5000L, 900_000L, null, 400_000L, 30_000_000L, 20_000L, 40L))
                .withTests(List.of(
                        new Summary.TestEntry("com.example.LeakyTest#leaks", 10, 40_960, 40_960L, 40_960, 10,
                                List.of(leak)),
                        new Summary.TestEntry("com.example.LeakyTest#params[2]", 0, 0, null, 0, 0, List.of()),
                        new Summary.TestEntry(Summary.OUTSIDE_TESTS, 1, 64, 64L, 0, 0, List.of(load))));
    }

    @Test
    void roundTripsTheTestsOfAJvmRun() throws IOException {
        Path file = tmp.resolve("jvm/allocations.json");

        SummaryFiles.write(withTests(), file);
        Summary read = SummaryFiles.read(file);

        assertEquals(withTests(), read);
        assertEquals(List.of(), SummaryFiles.problems(read, "allocations"));
        JsonNode root = JSON.readTree(file.toFile());
        assertEquals("tests", fieldNames(root).get(fieldNames(root).size() - 1));
        assertEquals(TEST_ENTRY, fieldNames(root.get("tests").get(0)), "no field but the contract's");
        assertEquals("com.example.LeakyTest#leaks", root.at("/tests/0/test").asText());
        assertTrue(root.at("/tests/1/peakHeapBytes").isNull(), "an unknown peak stays null");
        assertEquals("com.example.Leaky.leakBlocks", root.at("/tests/0/topSites/0/javaEntryPoint").asText());
        assertEquals(Summary.OUTSIDE_TESTS, read.tests().get(2).test());
        assertFalse(read.tests().get(2).isTest());
        assertTrue(read.tests().get(0).isTest());
    }

    @Test
    void aSummaryWithoutTestsHasNoTestsField() throws IOException {
        JsonNode root = JSON.readTree(writeAndRead(full()));

        assertFalse(root.has("tests"), root.toString());
        assertEquals(null, SummaryFiles.read(tmp.resolve(writtenFile(full()))).tests());
    }

    private String writtenFile(Summary summary) throws IOException {
        Path file = tmp.resolve("plain/" + System.nanoTime() + ".json");
        SummaryFiles.write(summary, file);
        return tmp.relativize(file).toString();
    }

    @Test
    void negativeFiguresInTestsAreProblems() {
        Summary.Site bad = new Summary.Site("x", null, null, true, 1L, -8L, 0L, 0, List.of(), null);
        List<Summary.TestEntry> entries = new ArrayList<>(List.of(
                new Summary.TestEntry("a#b", -1, 8, -5L, 0, -2, List.of()),
                new Summary.TestEntry("", 1, 8, 8L, -3, 0, List.of(bad))));
        entries.add(null);
        Summary summary = withTests();
        summary = new Summary(summary.schemaVersion(), summary.run(), summary.kind(), summary.profiler(),
                summary.platform(), summary.command(), summary.exitCode(), summary.ended(), summary.durationMillis(),
                summary.recording(), summary.scope(), summary.modules(), summary.forks(), summary.totals(),
                summary.process(), summary.leakKinds(), summary.errors(), summary.topSites(), entries);

        assertEquals(List.of(
                "field 'tests[0].allocations' is -1, but a figure is never negative",
                "field 'tests[0].peakHeapBytes' is -5, but a figure is never negative",
                "field 'tests[0].leakedBlocks' is -2, but a figure is never negative",
                "field 'tests[1].test' is missing; expected the test's name",
                "field 'tests[1].leakedBytes' is -3, but a figure is never negative",
                "field 'tests[1].topSites[0].allocatedBytes' is -8, but a figure is never negative",
                "field 'tests[2]' is null; expected an object {...}"), SummaryFiles.problems(summary, "allocations"));
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
