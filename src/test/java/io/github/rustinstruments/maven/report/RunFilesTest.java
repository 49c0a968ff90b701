package io.github.rustinstruments.maven.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.analysis.JvmTestsFixture;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.SummaryFiles;
import io.github.rustinstruments.maven.workflow.SummaryFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM run split per test, through the run's files and its console summary. */
class RunFilesTest {
    @TempDir
    Path dir;

    @Test
    void theTestsOfAJvmRunReachItsSummaryReportAndConsole() throws IOException {
        ProfileAnalysis analysis = JvmTestsFixture.analysis();
        Summary summary = SummaryFactory.of("allocations", "jvm", "heaptrack-jvm", "linux-x86_64", null, 0, 900L,
                "jvm-41.zst", analysis.profile(), analysis).inJvm(List.of("libleaky_jni.so"),
                List.of(new Summary.Fork(41, "jvm-41.zst", 0)), new Summary.Totals(9_000L, 9_000_000L, null,
                        900_000L, 50_000_000L, 30_000L, 50L));

        RunFiles.Written written = RunFiles.write(dir.resolve("jvm"), "allocations", summary, analysis);
        CollectingBuildLog log = new CollectingBuildLog();
        RunFiles.print(log, summary, null, 10, written, dir.resolve("jvm/jvm-41.zst"), "heaptrack_gui jvm-41.zst");

        Summary read = SummaryFiles.read(written.summary());
        assertEquals(summary, read);
        assertEquals(4, read.tests().size());
        assertEquals(List.of(), SummaryFiles.problems(read, "allocations"));
        String html = Files.readString(written.html());
        assertTrue(html.contains("id=\"tests-table\""));
        assertTrue(log.info().contains("Tests that leaked (library memory still live at exit):"),
                log.info().toString());
        assertTrue(log.info().contains("   1. com.example.LeakyTest#leaks: 40.0 KiB in 10 blocks"),
                log.info().toString());
        assertTrue(log.info().contains("      at leaky_jni::leak_blocks (src/lib.rs:31), called from Java:"
                + " com.example.Leaky.leakBlocks"), log.info().toString());
    }
}
