package io.github.rustinstruments.maven.report;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.analysis.CostType;
import io.github.rustinstruments.maven.analysis.FoldedStacks;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.report.html.HtmlReport;
import io.github.rustinstruments.maven.report.html.ReportInput;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.SummaryFiles;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.UserCrateGuess;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.MacLeaksReportReader;
import io.github.rustinstruments.maven.trace.MemcheckXmlReader;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormat;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.XctraceExportReader;
import io.github.rustinstruments.maven.workflow.SummaryFactory;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an analysed recording into the files of a run ({@code <kind>.json}, ...) and the console summary. All files
 * are written to temporary names first and moved into place only when every one of them is complete.
 */
public final class RunReport {
    private RunReport() {}

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

    /**
     * The {@code report} goal: analyses a recording made anywhere.
     *
     * @param userCrates crates that are the user's code; {@code null} or empty to guess them from the recording
     */
    public static Written fromRecordingFile(Path input, String run, Path runDirectory, List<String> userCrates,
            boolean showHashes, int topSites, BuildLog log) throws IOException {
        RecordingFormat format = RecordingFormat.detect(input);
        long start = System.nanoTime();
        Profile profile;
        String profiler;
        String platform = null;
        switch (format) {
            case HEAPTRACK -> {
                profile = HeaptrackReader.read(input);
                profiler = "heaptrack";
            }
            case VALGRIND_XML -> {
                profile = MemcheckXmlReader.read(input);
                profiler = "memcheck";
            }
            case MACOS_LEAKS -> {
                profile = MacLeaksReportReader.read(input);
                profiler = "macos-leaks";
                platform = "macos";
            }
            case XCTRACE_EXPORT -> {
                profile = readXctraceExport(input);
                profiler = "xctrace";
                platform = "macos";
            }
            default -> throw new RecordingFormatException(unsupported(input, format));
        }
        boolean leakCheck = format == RecordingFormat.VALGRIND_XML || format == RecordingFormat.MACOS_LEAKS
                || profile.leaks() != null;
        log.debug("read " + input + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        Set<String> crates = new LinkedHashSet<>();
        if (userCrates != null) {
            userCrates.stream().filter(c -> c != null && !c.isBlank()).map(c -> c.trim().replace('-', '_'))
                    .forEach(crates::add);
        }
        if (crates.isEmpty()) {
            crates.addAll(UserCrateGuess.fromFrames(framesOf(profile)));
            log.info("User crates (from the recording's local sources): "
                    + (crates.isEmpty() ? "none found" : String.join(", ", crates))
                    + "; set <userCrates> (-Drust-instruments.userCrates) to choose them");
        }
        FrameClassifier classifier = new FrameClassifier(crates, List.of()).localSourcesAreUsers();
        ProfileAnalysis analysis = ProfileAnalysis.of(profile, classifier, showHashes);
        if (platform == null) {
            platform = platformOf(profile);
        }
        Summary summary = leakCheck
                ? SummaryFactory.leaks(run, profiler, platform, commandOf(profile), null,
                        profile.durationMillis(), input.toString(), profile, analysis.sites(), analysis.errors())
                : SummaryFactory.allocations(run, profiler, platform, commandOf(profile), null,
                        profile.durationMillis(), input.toString(), profile, analysis.sites());
        log.debug("analysed in " + (System.nanoTime() - start) / 1_000_000 + " ms since the start");
        Written written = write(runDirectory, summary.kind(), summary, analysis);
        log.debug("wrote the run's files " + (System.nanoTime() - start) / 1_000_000 + " ms since the start");
        String viewer = switch (format) {
            case HEAPTRACK -> "heaptrack_gui " + input;
            case VALGRIND_XML -> "any XML viewer: " + input;
            default -> "any text viewer: " + input;
        };
        print(log, summary, topSites, written, input, viewer);
        return written;
    }

    /** The console summary, with where the files are. */
    public static void print(BuildLog log, Summary summary, int topSites, Written written, Path recording,
            String viewerCommand) {
        ConsoleSummary.print(log, summary, topSites, written.summary(), recording, viewerCommand);
        log.info("Report:    " + written.html());
        log.info("Stacks:    " + written.folded() + " (collapsed stacks for flamegraph.pl, inferno, speedscope)");
    }

    /** Writes the run's files; nothing appears under its final name before all are complete. */
    public static Written write(Path runDirectory, String kind, Summary summary, ProfileAnalysis analysis)
            throws IOException {
        Files.createDirectories(runDirectory);
        Path summaryFile = runDirectory.resolve(kind + ".json");
        Path htmlFile = runDirectory.resolve(kind + ".html");
        Path foldedFile = runDirectory.resolve(kind + ".folded");
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
                    analysis.topDown(), analysis.bottomUp()))), htmlFile);
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

    /** An xctrace export: the Allocations Statistics detail or the Leaks detail. */
    private static Profile readXctraceExport(Path input) throws IOException {
        XctraceExportReader.Kind kind = XctraceExportReader.kindOf(input);
        return switch (kind) {
            case STATISTICS -> XctraceExportReader.readAllocations(input, null);
            case LEAKS, EMPTY -> XctraceExportReader.readLeaks(input);
            default -> throw new RecordingFormatException(input + " is " + kind.description() + ": the report goal"
                    + " reads the Allocations Statistics detail or the Leaks detail of an xctrace export, e.g."
                    + " xcrun xctrace export --input run.trace --xpath"
                    + " '/trace-toc/run[@number=\"1\"]/tracks/track[@name=\"Allocations\"]/details/detail[@name=\"Statistics\"]'"
                    + " --output statistics.xml");
        };
    }

    static String unsupported(Path input, RecordingFormat format) {
        return switch (format) {
            default -> input + " is not a recording this plugin can read: expected a heaptrack data file"
                    + " (zstd- or gzip-compressed, or plain text starting with a 'v' version line), as written by"
                    + " `heaptrack -o FILE program`, valgrind memcheck XML (`valgrind --xml=yes --xml-file=FILE`) or a"
                    + " macOS leaks report (`leaks --atExit -- program > FILE`) or an xctrace export (Allocations"
                    + " Statistics or Leaks detail)";
        };
    }

    private static List<String[]> framesOf(Profile profile) {
        Set<Frame> seen = new LinkedHashSet<>();
        for (StackCost stack : profile.stacks()) {
            seen.addAll(stack.frames());
        }
        List<String[]> out = new ArrayList<>(seen.size());
        seen.forEach(frame -> out.add(new String[] {frame.function(), frame.file()}));
        return out;
    }

    /** heaptrack runs on Linux; the modules' paths tell the architecture. */
    static String platformOf(Profile profile) {
        for (StackCost stack : profile.stacks()) {
            for (Frame frame : stack.frames()) {
                String module = frame.module();
                if (module != null && module.contains("x86_64")) {
                    return "linux-x86_64";
                }
                if (module != null && module.contains("aarch64")) {
                    return "linux-aarch64";
                }
            }
        }
        return "linux";
    }

    static List<String> commandOf(Profile profile) {
        if (profile.command() == null || profile.command().isBlank()) {
            return null;
        }
        return Arrays.stream(profile.command().trim().split("\\s+")).toList();
    }
}
