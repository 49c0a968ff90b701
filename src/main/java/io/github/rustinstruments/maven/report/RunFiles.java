package io.github.rustinstruments.maven.report;

import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.analysis.CostType;
import io.github.rustinstruments.maven.analysis.FoldedStacks;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.report.html.HtmlReport;
import io.github.rustinstruments.maven.report.html.ReportInput;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.SummaryFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the files of a run ({@code <kind>.json}, {@code .html}, {@code .folded}) and prints its console summary.
 * All files are written to temporary names first and moved into place only when every one of them is complete.
 */
public final class RunFiles {
    private RunFiles() {}

    /**
     * The files written for a run.
     *
     * @param summary the summary contract, {@code <kind>.json}
     * @param html    the self-contained report, {@code <kind>.html}
     * @param folded  collapsed stacks weighted by allocated bytes, {@code <kind>.folded}
     */
    public record Written(Path summary, Path html, Path folded) {}

    /**
     * The figure the {@code .folded} file is weighted by: bytes allocated ("where does memory go") for an
     * allocation profile, leaked bytes for a leak check.
     */
    public static CostType foldedCost(String kind) {
        return "leaks".equals(kind) ? CostType.LEAKED_BYTES : CostType.ALLOCATED_BYTES;
    }

    /** The console summary, with where the files are. */
    public static void print(BuildLog log, Summary summary, String module, int topSites, Written written,
            Path recording, String viewerCommand) {
        // one block at a time: in a parallel build (-T) two modules' summaries must not interleave
        synchronized (RunFiles.class) {
            ConsoleSummary.print(log, summary, module, topSites, written.summary(), recording, viewerCommand);
            log.info("Report:    " + written.html());
            log.info("Stacks:    " + written.folded() + " (collapsed stacks for flamegraph.pl, inferno, speedscope)");
        }
    }

    /**
     * Loads and compiles the JSON writing on the calling thread, with a throw-away summary: run on the second core
     * while a large recording is read, it takes the JSON library's start-up off the way to the summary.
     */
    public static void warmUp() {
        Summary.Site site = new Summary.Site("warm::up", "src/lib.rs", 1, true, 1, 1, 1, 1, List.of("warm::up"));
        Summary summary = new Summary(Summary.SCHEMA_VERSION, "warm-up", "allocations", "heaptrack", "linux",
                List.of("warm-up"), 0, 1L, "warm-up", new Summary.Totals(1L, 1L, 1L, 1L, 1L, 1L, 1L), null,
                List.of(site));
        try {
            SummaryFiles.toJson(summary);
        } catch (IOException | RuntimeException | LinkageError e) {
            // only a warm-up: the real write reports its own failure; and when the goal has already failed and
            // Maven is closing the plugin's class realm, classes can no longer be loaded
        }
    }

    /**
     * Removes a run's summary set ({@code <kind>.json}, {@code .html}, {@code .folded}) before a new recording of
     * it, so that nothing is left that could pass for the new one's; the recordings stay.
     */
    public static void discard(Path runDirectory, String kind) throws IOException {
        for (Path file : List.of(summaryFile(runDirectory, kind), htmlFile(runDirectory, kind),
                foldedFile(runDirectory, kind))) {
            Files.deleteIfExists(file);
        }
    }

    private static Path summaryFile(Path runDirectory, String kind) {
        return runDirectory.resolve(kind + ".json");
    }

    private static Path htmlFile(Path runDirectory, String kind) {
        return runDirectory.resolve(kind + ".html");
    }

    private static Path foldedFile(Path runDirectory, String kind) {
        return runDirectory.resolve(kind + ".folded");
    }

    /** Writes the run's files; nothing appears under its final name before all are complete. */
    public static Written write(Path runDirectory, String kind, Summary summary, ProfileAnalysis analysis)
            throws IOException {
        Directories.create(runDirectory);
        Path summaryFile = summaryFile(runDirectory, kind);
        Path htmlFile = htmlFile(runDirectory, kind);
        Path foldedFile = foldedFile(runDirectory, kind);
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            staged.put(stage(summaryFile, file -> SummaryFiles.write(summary, file)), summaryFile);
            staged.put(stage(foldedFile, file -> {
                try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    FoldedStacks.write(analysis.stacks(), foldedCost(kind), out);
                }
            }), foldedFile);
            staged.put(stage(htmlFile, file -> HtmlReport.write(file, new ReportInput(summary,
                    analysis.profile().timeline(), analysis.profile().peakTimeMillis(), analysis.sites(),
                    analysis.topDown(), analysis.bottomUp(), analysis.tests()))), htmlFile);
            for (Map.Entry<Path, Path> entry : staged.entrySet()) {
                Files.move(entry.getKey(), entry.getValue(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return new Written(summaryFile, htmlFile, foldedFile);
        } finally {
            for (Path temporary : staged.keySet()) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    private static Path stage(Path target, FileWriter writer) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".partial");
        writer.write(temporary);
        return temporary;
    }
}
