package io.github.rustinstruments.maven.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.rustinstruments.maven.summary.Summary.LeakKinds;
import io.github.rustinstruments.maven.summary.Summary.Totals;
import io.github.rustinstruments.maven.summary.JsonProblems;
import io.github.rustinstruments.maven.summary.RunNames;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.SummaryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The committed reference figures that {@code maximumIncrease} limits compare with: per run and kind, the
 * profiler and the totals, leak kinds and number of memcheck errors of a summary (not its sites, command or
 * timings, which change on every run), and for a summary with per-test figures (JVM mode) each test's figures.
 *
 * <pre>{@code
 * {"schemaVersion": 1, "runs": {"<run>": {"<kind>": {"profiler": "heaptrack", "totals": {...},
 *   "leakKinds": {...} | null, "memcheckErrors": 3 | null,
 *   "tests": {"<class>#<method>": {"allocations": 12, ..., "peakHeapBytes": 4096 | null, ...}}}}}}
 * }</pre>
 *
 * {@code tests} is absent for summaries without per-test figures, so baselines written before it existed read
 * as they are, and a baseline without it is written as before. Runs, kinds and tests are written sorted and with
 * {@code \n} line ends, so the committed file diffs cleanly.
 */
public final class Baseline {
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = SummaryFiles.strictMapper();
    private static final String FIX = "; fix it, or record it again with rust-instruments:baseline";

    /**
     * A baseline file that exists but is not a baseline this plugin can use (malformed, another schema, a
     * negative figure, an unknown kind or profiler). The {@code baseline} goal replaces such a file.
     */
    public static final class InvalidBaselineException extends IOException {
        private static final long serialVersionUID = 1L;

        private final String problem;

        InvalidBaselineException(Path file, String problem, String fix, Throwable cause) {
            super("cannot read the baseline " + file + ": " + problem + fix, cause);
            this.problem = problem;
        }

        /** What is wrong, without the file's name or the fix. */
        public String problem() {
            return problem;
        }
    }
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /**
     * The figures of one summary.
     *
     * @param memcheckErrors the number of memory errors; {@code null} when the profiler does not detect them
     * @param tests          the figures of each test, by test name, sorted; {@code null} when the summary has no
     *                       per-test figures (the entries that are not tests are not kept)
     */
    @JsonPropertyOrder({"profiler", "totals", "leakKinds", "memcheckErrors", "tests"})
    public record Entry(String profiler, Totals totals, LeakKinds leakKinds, Long memcheckErrors,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, TestFigures> tests) {

        public Entry {
            tests = tests == null ? null : Collections.unmodifiableMap(new TreeMap<>(tests));
        }

        /** The figures of a summary without per-test figures. */
        public Entry(String profiler, Totals totals, LeakKinds leakKinds, Long memcheckErrors) {
            this(profiler, totals, leakKinds, memcheckErrors, null);
        }

        public static Entry of(Summary summary) {
            Map<String, TestFigures> tests = null;
            if (summary.tests() != null) {
                tests = new TreeMap<>();
                for (Summary.TestEntry test : summary.tests()) {
                    if (test != null && test.test() != null && test.isTest()) {
                        tests.put(test.test(), TestFigures.of(test));
                    }
                }
            }
            return new Entry(summary.profiler(), summary.totals(), summary.leakKinds(),
                    summary.errors() == null ? null : (long) summary.errors().size(), tests);
        }

        /** This figure; {@code null} when it was not measured. */
        public Long value(Metric metric) {
            return metric.valueIn(totals, leakKinds, memcheckErrors);
        }

        /** The figures of one test; empty when this entry has none for it (or no per-test figures at all). */
        public Optional<TestFigures> test(String name) {
            return tests == null ? Optional.empty() : Optional.ofNullable(tests.get(name));
        }
    }

    /**
     * The figures of one test, as a summary's {@code tests} entry has them; a figure the profiler could not know is
     * {@code null}.
     */
    @JsonPropertyOrder({"allocations", "allocatedBytes", "peakHeapBytes", "leakedBytes", "leakedBlocks"})
    public record TestFigures(Long allocations, Long allocatedBytes, Long peakHeapBytes, Long leakedBytes,
            Long leakedBlocks) {

        static TestFigures of(Summary.TestEntry test) {
            return new TestFigures(test.allocations(), test.allocatedBytes(), test.peakHeapBytes(),
                    test.leakedBytes(), test.leakedBlocks());
        }

        /** This figure; {@code null} when it was not measured, or the metric is not measured per test. */
        public Long value(Metric metric) {
            return metric.perTest(allocations, allocatedBytes, peakHeapBytes, leakedBytes, leakedBlocks);
        }
    }

    /** The file's shape. */
    @JsonPropertyOrder({"schemaVersion", "runs"})
    record Document(int schemaVersion, Map<String, Map<String, Entry>> runs) {}

    private final Map<String, Map<String, Entry>> runs;

    private Baseline(Map<String, Map<String, Entry>> runs) {
        this.runs = runs;
    }

    /** The baseline of the current summaries. */
    public static Baseline of(SummarySet summaries) {
        Map<String, Map<String, Entry>> runs = new TreeMap<>();
        for (String run : summaries.runs()) {
            Map<String, Entry> kinds = new TreeMap<>();
            for (Summary summary : summaries.summaries(run)) {
                kinds.put(summary.kind(), Entry.of(summary));
            }
            runs.put(run, kinds);
        }
        return new Baseline(runs);
    }

    /**
     * Reads a baseline file.
     *
     * @return empty when the file does not exist (no baseline recorded yet)
     * @throws InvalidBaselineException naming the file, the field and the fix when it is malformed, of another
     *     schema, has a negative figure, an unknown kind or profiler, or a run name that cannot be a run
     * @throws IOException when it exists but cannot be read
     */
    public static Optional<Baseline> read(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidBaselineException(file, "it is empty",
                    "; record it again with rust-instruments:baseline", null);
        }
        Document document;
        try {
            document = JSON.readValue(content, Document.class);
        } catch (JsonProcessingException e) {
            throw new InvalidBaselineException(file, JsonProblems.describe(e), FIX, e);
        } catch (RuntimeException e) {
            throw new InvalidBaselineException(file, firstLine(e.getMessage()), FIX, e);
        }
        if (document == null) {
            throw new InvalidBaselineException(file, "it is empty", "; record it again with rust-instruments:baseline",
                    null);
        }
        if (document.schemaVersion() != SCHEMA_VERSION) {
            throw new InvalidBaselineException(file, "schema version " + document.schemaVersion()
                    + ", this plugin reads version " + SCHEMA_VERSION,
                    "; record it again with rust-instruments:baseline", null);
        }
        Map<String, Map<String, Entry>> runs = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (document.runs() != null) {
            for (Map.Entry<String, Map<String, Entry>> run : document.runs().entrySet()) {
                try {
                    RunNames.validate(run.getKey());
                } catch (IllegalArgumentException e) {
                    problems.add("in 'runs': " + e.getMessage());
                }
                Map<String, Entry> kinds = new TreeMap<>();
                if (run.getValue() != null) {
                    for (Map.Entry<String, Entry> kind : run.getValue().entrySet()) {
                        if (kind.getValue() == null) {
                            problems.add("run '" + run.getKey() + "' has no figures for " + kind.getKey());
                            continue;
                        }
                        String field = "runs." + run.getKey() + "." + kind.getKey();
                        if (!Summary.KINDS.contains(kind.getKey())) {
                            problems.add("field '" + field + "' is not a kind of summary; expected "
                                    + String.join(" or ", Summary.KINDS));
                        }
                        validate(field, kind.getValue(), problems);
                        kinds.put(kind.getKey(), kind.getValue());
                    }
                }
                runs.put(run.getKey(), kinds);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidBaselineException(file, String.join("; ", problems), FIX, null);
        }
        return Optional.of(new Baseline(runs));
    }

    private static void validate(String field, Entry entry, List<String> problems) {
        SummaryFiles.profilerProblem(field + ".profiler", entry.profiler(), problems);
        SummaryFiles.figureProblems(field + ".", entry.totals(), entry.leakKinds(), problems);
        if (entry.memcheckErrors() != null && entry.memcheckErrors() < 0) {
            problems.add(SummaryFiles.negative(field + ".memcheckErrors", entry.memcheckErrors()));
        }
        if (entry.tests() != null) {
            entry.tests().forEach((test, figures) -> {
                String where = field + ".tests." + test;
                if (test.isBlank()) {
                    problems.add("field '" + field + ".tests' has a test without a name");
                }
                if (figures == null) {
                    problems.add("field '" + where + "' is null; expected the test's figures {...}");
                    return;
                }
                Map<String, Long> values = new LinkedHashMap<>();
                values.put("allocations", figures.allocations());
                values.put("allocatedBytes", figures.allocatedBytes());
                values.put("peakHeapBytes", figures.peakHeapBytes());
                values.put("leakedBytes", figures.leakedBytes());
                values.put("leakedBlocks", figures.leakedBlocks());
                values.forEach((name, value) -> {
                    if (value != null && value < 0) {
                        problems.add(SummaryFiles.negative(where + "." + name, value));
                    }
                });
            });
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * Writes the baseline through a temporary file and a move, creating the parent directories; only this file
     * is touched.
     */
    public void write(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        String text = WRITER.writeValueAsString(new Document(SCHEMA_VERSION, runs)) + "\n";
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The run names, sorted. */
    public List<String> runs() {
        return List.copyOf(runs.keySet());
    }

    /** The kinds recorded for a run, sorted; empty for an unknown run. */
    public List<String> kinds(String run) {
        return List.copyOf(runs.getOrDefault(run, Collections.emptyMap()).keySet());
    }

    public Optional<Entry> entry(String run, String kind) {
        return Optional.ofNullable(runs.getOrDefault(run, Collections.emptyMap()).get(kind));
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** A figure of one kind of summary of a run; {@code null} when the baseline does not have it. */
    public Long value(String run, String kind, Metric metric) {
        return entry(run, kind).map(entry -> entry.value(metric)).orElse(null);
    }

    /**
     * A figure of a run from whichever kind measures it: {@code leaks} first for leak figures and memcheck
     * errors, {@code allocations} first for the others, then any other kind; {@code null} when none does.
     */
    public Long value(String run, Metric metric) {
        Map<String, Entry> kinds = runs.getOrDefault(run, Collections.emptyMap());
        List<String> order = new ArrayList<>(kinds.keySet());
        String preferred = naturalKind(metric);
        if (order.remove(preferred)) {
            order.add(0, preferred);
        }
        for (String kind : order) {
            Long value = kinds.get(kind).value(metric);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String naturalKind(Metric metric) {
        return switch (metric) {
            case ALLOCATIONS, ALLOCATED_BYTES, TEMPORARY_ALLOCATIONS, PEAK_HEAP, PEAK_RSS -> "allocations";
            default -> "leaks";
        };
    }

    /**
     * What differs from an earlier baseline, one readable line per change, e.g.
     * {@code run 'parse-big' (allocations): peak heap 65.9 MiB -> 71.2 MiB (+8.1%)}, {@code new run 'x': ...},
     * {@code run 'y' removed}. Empty when nothing changed.
     *
     * @param previous the baseline being replaced; {@code null} when there was none (every run is new)
     */
    public List<String> changesFrom(Baseline previous) {
        Map<String, Map<String, Entry>> before = previous == null ? Map.of() : previous.runs;
        List<String> lines = new ArrayList<>();
        Set<String> names = new TreeSet<>(runs.keySet());
        names.addAll(before.keySet());
        for (String run : names) {
            Map<String, Entry> now = runs.get(run);
            Map<String, Entry> then = before.get(run);
            if (then == null) {
                lines.add("new run '" + run + "': " + describe(now));
            } else if (now == null) {
                lines.add("run '" + run + "' removed (was " + describe(then) + ")");
            } else {
                Set<String> kinds = new TreeSet<>(now.keySet());
                kinds.addAll(then.keySet());
                for (String kind : kinds) {
                    changes(run, kind, then.get(kind), now.get(kind), lines);
                }
            }
        }
        return lines;
    }

    private static void changes(String run, String kind, Entry then, Entry now, List<String> lines) {
        String where = "run '" + run + "' (" + kind + ")";
        if (then == null) {
            lines.add(where + ": new summary by " + now.profiler());
            return;
        }
        if (now == null) {
            lines.add(where + ": summary removed (was by " + then.profiler() + ")");
            return;
        }
        if (!Objects.equals(then.profiler(), now.profiler())) {
            lines.add(where + ": profiler " + then.profiler() + " -> " + now.profiler());
        }
        for (Metric metric : Metric.values()) {
            Long old = then.value(metric);
            Long current = now.value(metric);
            if (Objects.equals(old, current)) {
                continue;
            }
            if (old == null) {
                lines.add(where + ": " + metric.label() + " not measured -> " + metric.format(current));
            } else if (current == null) {
                lines.add(where + ": " + metric.label() + " " + metric.format(old) + " -> not measured");
            } else {
                String[] shown = Figures.pair(metric, old, current);
                lines.add(where + ": " + metric.label() + " " + shown[0] + " -> " + shown[1] + " ("
                        + Figures.change(metric, old, current) + ")");
            }
        }
        testChanges(where, then.tests(), now.tests(), lines);
    }

    /** The most lines of changed per-test figures per summary; the rest are counted. */
    static final int TEST_CHANGE_LINES = 20;
    /** The most test names listed as new or removed per summary; the rest are counted. */
    static final int TEST_NAMES = 10;

    private static void testChanges(String where, Map<String, TestFigures> then, Map<String, TestFigures> now,
            List<String> lines) {
        if (then == null && now == null) {
            return;
        }
        if (then == null) {
            lines.add(where + ": new per-test figures of " + tests(now.size()));
            return;
        }
        if (now == null) {
            lines.add(where + ": per-test figures removed (were of " + tests(then.size()) + ")");
            return;
        }
        List<String> added = now.keySet().stream().filter(test -> !then.containsKey(test)).toList();
        List<String> removed = then.keySet().stream().filter(test -> !now.containsKey(test)).toList();
        if (!added.isEmpty()) {
            lines.add(where + ": new " + (added.size() == 1 ? "test " : "tests ") + names(added));
        }
        if (!removed.isEmpty()) {
            lines.add(where + ": " + (removed.size() == 1 ? "test " : "tests ") + names(removed) + " removed");
        }
        int written = 0;
        int more = 0;
        for (Map.Entry<String, TestFigures> test : now.entrySet()) {
            TestFigures before = then.get(test.getKey());
            if (before == null) {
                continue;
            }
            for (Metric metric : Metric.values()) {
                if (!metric.isPerTest()) {
                    continue;
                }
                Long old = before.value(metric);
                Long current = test.getValue().value(metric);
                if (Objects.equals(old, current)) {
                    continue;
                }
                if (written == TEST_CHANGE_LINES) {
                    more++;
                    continue;
                }
                written++;
                String prefix = where + ", test '" + test.getKey() + "': " + metric.label() + " ";
                if (old == null) {
                    lines.add(prefix + "not measured -> " + metric.format(current));
                } else if (current == null) {
                    lines.add(prefix + metric.format(old) + " -> not measured");
                } else {
                    String[] shown = Figures.pair(metric, old, current);
                    lines.add(prefix + shown[0] + " -> " + shown[1] + " (" + Figures.change(metric, old, current)
                            + ")");
                }
            }
        }
        if (more > 0) {
            lines.add(where + ": " + more + " more " + (more == 1 ? "change" : "changes") + " of per-test figures");
        }
    }

    /** {@code 1 test}, {@code 14 tests}. */
    private static String tests(int count) {
        return count + (count == 1 ? " test" : " tests");
    }

    /** The first {@link #TEST_NAMES} names, quoted, and how many more. */
    private static String names(List<String> tests) {
        String shown = tests.stream().limit(TEST_NAMES).map(test -> "'" + test + "'")
                .collect(Collectors.joining(", "));
        return tests.size() > TEST_NAMES ? shown + " and " + (tests.size() - TEST_NAMES) + " more" : shown;
    }

    private static String describe(Map<String, Entry> kinds) {
        return kinds.entrySet().stream().map(e -> e.getKey() + " by " + e.getValue().profiler())
                .collect(Collectors.joining(", "));
    }
}
