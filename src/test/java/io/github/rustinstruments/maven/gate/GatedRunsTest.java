package io.github.rustinstruments.maven.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.rustinstruments.maven.summary.SummaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatedRunsTest {
    @TempDir
    Path tmp;

    private void write(String run, Instant modified) throws IOException {
        Path file = tmp.resolve(run + "/allocations.json");
        SummaryFiles.write(Summaries.heaptrack(run, 1, 2), file);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Test
    void configuredRunsAndRunsOfThisBuildAreGatedTheOthersIgnored() throws IOException {
        Instant start = Instant.parse("2024-05-01T10:00:00.500Z");
        write("default", start.minusSeconds(3600));
        write("regex-4m", start.minusSeconds(3600));
        write("regex-small", start.plusSeconds(5));
        write("adhoc", start.plusSeconds(10));
        SummarySet found = SummarySet.scan(tmp);
        assertEquals(List.of("adhoc", "regex-small"), found.runsWrittenSince(start));

        GatedRuns selection = GatedRuns.select(found, List.of("regex-4m", "regex-small", "never-recorded"),
                found.runsWrittenSince(start));
        assertEquals(List.of("adhoc", "regex-4m", "regex-small"), selection.gated().runs());
        assertEquals(List.of("default"), selection.ignored());
        assertEquals(List.of("adhoc", "never-recorded", "regex-4m", "regex-small"), selection.wanted());
        assertEquals("Ignoring the summaries of run(s) default: not configured for this project nor recorded by this"
                + " build, so verify does not take them (name them in <runs> to include them, or delete their"
                + " directories)", selection.ignoredLine("verify"));
    }

    @Test
    void nothingIgnoredSaysNothing() throws IOException {
        write("default", Instant.now());
        GatedRuns selection = GatedRuns.select(SummarySet.scan(tmp), List.of("default"), List.of());
        assertEquals(List.of("default"), selection.gated().runs());
        assertNull(selection.ignoredLine("baseline"));
    }

    @Test
    void onlyIgnoredRunsLeaveNothingToGate() throws IOException {
        write("default", Instant.now());
        GatedRuns selection = GatedRuns.select(SummarySet.scan(tmp), List.of("parse"), List.of());
        assertEquals(true, selection.gated().isEmpty());
        assertEquals(List.of("default"), selection.ignored());
    }

    @Test
    void timesKeptToTheSecondCountFromTheStartingSecond() throws IOException {
        Instant start = Instant.parse("2024-05-01T10:00:00.700Z");
        write("same-second", Instant.parse("2024-05-01T10:00:00Z"));
        write("before", Instant.parse("2024-05-01T09:59:59Z"));
        write("precise-before", Instant.parse("2024-05-01T10:00:00.600Z"));
        assertEquals(List.of("same-second"), SummarySet.scan(tmp).runsWrittenSince(start));
    }
}
