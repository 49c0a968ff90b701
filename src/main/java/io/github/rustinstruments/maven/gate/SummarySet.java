package io.github.rustinstruments.maven.gate;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.SummaryFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The summaries found under the output directory, by run and kind: {@code <out>/<run>/<kind>.json}.
 * Runs are sorted by name, a run's summaries by kind ({@code allocations} before {@code leaks}).
 */
public final class SummarySet {
    /** The kinds of summary the recording goals write. */
    public static final List<String> KINDS = Summary.KINDS;

    /** Directories under the output directory that are not runs. */
    private static final Set<String> NOT_RUNS = Set.of("cargo", "gate");

    private final Map<String, Map<String, Summary>> runs;
    /** The last modification of a run's summary files; empty for sets made in memory. */
    private final Map<String, FileTime> modified;

    private SummarySet(Map<String, Map<String, Summary>> runs) {
        this(runs, Map.of());
    }

    private SummarySet(Map<String, Map<String, Summary>> runs, Map<String, FileTime> modified) {
        this.runs = runs;
        this.modified = modified;
    }

    /**
     * Reads {@code <run>/allocations.json} and {@code <run>/leaks.json} of every directory directly under the
     * output directory, except {@code cargo/} and {@code gate/} (and hidden ones); other files are not looked at.
     * The run is the directory's name, the kind the file's. A missing output directory is an empty set.
     *
     * @throws IOException naming the file when a summary cannot be read or is of another schema version
     */
    public static SummarySet scan(Path outputDirectory) throws IOException {
        Map<String, Map<String, Summary>> runs = new TreeMap<>();
        Map<String, FileTime> modified = new TreeMap<>();
        if (!Files.isDirectory(outputDirectory)) {
            return new SummarySet(runs);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(outputDirectory, Files::isDirectory)) {
            for (Path directory : entries) {
                String run = directory.getFileName().toString();
                if (NOT_RUNS.contains(run) || run.startsWith(".")) {
                    continue;
                }
                for (String kind : KINDS) {
                    Path file = directory.resolve(kind + ".json");
                    if (Files.isRegularFile(file)) {
                        runs.computeIfAbsent(run, r -> new TreeMap<>()).put(kind, read(file, kind));
                        FileTime time = Files.getLastModifiedTime(file);
                        modified.merge(run, time, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
            }
        }
        return new SummarySet(runs, modified);
    }

    /** A set of summaries already in memory, keyed by their own {@code run} and {@code kind}. */
    public static SummarySet of(Collection<Summary> summaries) {
        Map<String, Map<String, Summary>> runs = new TreeMap<>();
        for (Summary summary : summaries) {
            if (summary.run() == null || summary.kind() == null) {
                throw new IllegalArgumentException("a summary without run or kind: " + summary.run() + "/"
                        + summary.kind());
            }
            Summary previous = runs.computeIfAbsent(summary.run(), r -> new TreeMap<>()).put(summary.kind(), summary);
            if (previous != null) {
                throw new IllegalArgumentException("two " + summary.kind() + " summaries for run '" + summary.run()
                        + "'");
            }
        }
        return new SummarySet(runs);
    }

    public static SummarySet of(Summary... summaries) {
        return of(List.of(summaries));
    }

    private static Summary read(Path file, String kind) throws IOException {
        Summary summary;
        try {
            summary = SummaryFiles.read(file);
        } catch (SummaryFiles.InvalidSummaryException e) {
            throw new IOException("cannot read the summary " + file + ": " + e.getMessage()
                    + "; record it again (or delete it)", e);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read the summary " + file + ": " + firstLine(e.getMessage())
                    + "; record it again (or delete it)", e);
        }
        if (summary == null) {
            throw new IOException("cannot read the summary " + file + ": it is empty; record it again (or delete it)");
        }
        if (summary.schemaVersion() != Summary.SCHEMA_VERSION) {
            throw new IOException("cannot read the summary " + file + ": schema version " + summary.schemaVersion()
                    + ", this plugin reads version " + Summary.SCHEMA_VERSION + "; record it again with this plugin");
        }
        List<String> problems = new ArrayList<>(SummaryFiles.problems(summary, kind));
        if (!problems.isEmpty()) {
            throw new IOException("cannot read the summary " + file + ": " + String.join("; ", problems)
                    + "; record it again (or delete it)");
        }
        return summary;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * The runs with a summary file written at or after {@code start}: those recorded by a build that started
     * then. Where the file system keeps modification times only to the second (the time has no fraction), the
     * start is taken to the second too, so that a summary written in the build's first second counts. Empty for
     * sets made in memory.
     */
    public List<String> runsWrittenSince(Instant start) {
        List<String> written = new ArrayList<>();
        modified.forEach((run, time) -> {
            Instant at = time.toInstant();
            Instant from = at.getNano() == 0 ? start.truncatedTo(ChronoUnit.SECONDS) : start;
            if (!at.isBefore(from)) {
                written.add(run);
            }
        });
        return written;
    }

    /** The summaries of these runs only (runs without summaries are left out). */
    public SummarySet only(Collection<String> names) {
        Map<String, Map<String, Summary>> kept = new TreeMap<>();
        Map<String, FileTime> keptModified = new TreeMap<>();
        for (String run : names) {
            if (runs.containsKey(run)) {
                kept.put(run, runs.get(run));
                if (modified.containsKey(run)) {
                    keptModified.put(run, modified.get(run));
                }
            }
        }
        return new SummarySet(kept, keptModified);
    }

    /** The run names, sorted. */
    public List<String> runs() {
        return List.copyOf(runs.keySet());
    }

    /** The run's summaries, by kind; empty for an unknown run. */
    public List<Summary> summaries(String run) {
        Map<String, Summary> kinds = runs.get(run);
        return kinds == null ? List.of() : List.copyOf(kinds.values());
    }

    /** The run's kinds, sorted; empty for an unknown run. */
    public List<String> kinds(String run) {
        Map<String, Summary> kinds = runs.get(run);
        return kinds == null ? List.of() : List.copyOf(kinds.keySet());
    }

    public Optional<Summary> summary(String run, String kind) {
        return Optional.ofNullable(runs.getOrDefault(run, Collections.emptyMap()).get(kind));
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** The number of summaries. */
    public int size() {
        return runs.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        runs.forEach((run, kinds) -> parts.add(run + " " + kinds.keySet()));
        return "SummarySet" + parts;
    }
}
