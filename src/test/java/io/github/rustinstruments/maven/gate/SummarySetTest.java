package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.SummaryFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummarySetTest {
    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(SummarySetTest.class.getResource("/gate/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEverySummaryOfEveryRunAndNothingElse() throws IOException {
        SummarySet set = SummarySet.scan(resource("output"));
        assertEquals(List.of("parse-big", "parse-small"), set.runs(), "cargo/, gate/ and empty-run/ are not runs");
        assertEquals(3, set.size());
        assertEquals(List.of("allocations", "leaks"), set.kinds("parse-big"));
        List<Summary> big = set.summaries("parse-big");
        assertEquals(List.of("heaptrack", "memcheck"), big.stream().map(Summary::profiler).toList());
        assertEquals(74658611L, big.get(0).totals().peakHeapBytes());
        assertEquals(1, big.get(1).errors().size());
        assertEquals(List.of("allocations"), set.kinds("parse-small"));
        assertEquals(1200L, set.summary("parse-small", "allocations").orElseThrow().totals().allocations());
        assertTrue(set.summary("parse-small", "leaks").isEmpty());
        assertEquals(List.of(), set.summaries("unknown"));
        assertFalse(set.isEmpty());
    }

    @Test
    void aMissingOutputDirectoryHasNoSummaries() throws IOException {
        SummarySet set = SummarySet.scan(tmp.resolve("target/rust-instruments"));
        assertTrue(set.isEmpty());
        assertEquals(List.of(), set.runs());
        assertEquals(0, set.size());
    }

    @Test
    void theRunIsTheDirectoryName() throws IOException {
        SummaryFiles.write(Summaries.heaptrack("old-name", 5, 10), tmp.resolve("new-name/allocations.json"));
        SummarySet set = SummarySet.scan(tmp);
        assertEquals(List.of("new-name"), set.runs());
    }

    @Test
    void aMalformedSummaryIsAnErrorNamingTheFile() {
        Path output = resource("malformed");
        IOException e = assertThrows(IOException.class, () -> SummarySet.scan(output));
        String file = output.resolve("default/allocations.json").toString();
        assertTrue(e.getMessage().startsWith("cannot read the summary " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; record it again (or delete it)"), e.getMessage());
    }

    @Test
    void aSummaryOfAnotherSchemaVersionIsAnError() {
        Path output = resource("wrong-schema");
        IOException e = assertThrows(IOException.class, () -> SummarySet.scan(output));
        assertEquals("cannot read the summary " + output.resolve("default/allocations.json") + ": schema version 2,"
                + " this plugin reads version 1; record it again with this plugin", e.getMessage());
    }

    @Test
    void anEmptySummaryFileIsAnError() throws IOException {
        java.nio.file.Files.createDirectories(tmp.resolve("default"));
        java.nio.file.Files.writeString(tmp.resolve("default/leaks.json"), "");
        IOException e = assertThrows(IOException.class, () -> SummarySet.scan(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve("default/leaks.json").toString()), e.getMessage());
    }

    @Test
    void inMemorySetsAreKeyedByRunAndKind() {
        SummarySet set = SummarySet.of(Summaries.memcheck("b", 0, 0, 0), Summaries.heaptrack("b", 1, 2),
                Summaries.heaptrack("a", 1, 2));
        assertEquals(List.of("a", "b"), set.runs());
        assertEquals(List.of("allocations", "leaks"), set.kinds("b"));
        assertThrows(IllegalArgumentException.class,
                () -> SummarySet.of(Summaries.heaptrack("a", 1, 2), Summaries.heaptrack("a", 3, 4)));
    }
}
