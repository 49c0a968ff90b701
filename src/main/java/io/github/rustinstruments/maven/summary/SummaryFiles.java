package io.github.rustinstruments.maven.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads, validates and writes summary files. */
public final class SummaryFiles {
    private static final ObjectMapper JSON = strictMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryFiles() {}

    /**
     * A mapper that takes numbers only as whole JSON numbers: no {@code "5"} for 5, no {@code 1.5} cut to 1 (a
     * hand-edited figure must be what it looks like).
     */
    public static ObjectMapper strictMapper() {
        return JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
    }

    /** A summary file that is not a summary: the message says what is wrong, without the file's name. */
    public static final class InvalidSummaryException extends IOException {
        private static final long serialVersionUID = 1L;

        public InvalidSummaryException(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    /** The summary as the file would hold it. */
    public static String toJson(Summary summary) throws IOException {
        return JSON.writeValueAsString(summary);
    }

    /** Writes through a temporary file and a move, so a reader never sees half a summary. */
    public static void write(Summary summary, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temporary.toFile(), summary);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a summary as it is; see {@link #problems} for what makes it fit for the gate.
     *
     * @throws InvalidSummaryException when the file is not JSON or not shaped like a summary, saying which field
     * @throws IOException             when it cannot be read at all
     */
    public static Summary read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (new String(content, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidSummaryException("it is empty", null);
        }
        try {
            return JSON.readValue(content, Summary.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSummaryException(JsonProblems.describe(e), e);
        }
    }

    /**
     * What makes a summary unfit for the gate, one phrase per problem naming the field: a kind other than
     * {@code expectedKind} (the file's name), an unknown profiler, a negative figure (in the totals, the sites, and
     * each entry of {@code tests} with its sites), an entry of {@code tests} without its test's name.
     *
     * @param expectedKind the kind the file's name says, {@code allocations} or {@code leaks}
     * @return empty when the summary is fit
     */
    public static List<String> problems(Summary summary, String expectedKind) {
        List<String> problems = new ArrayList<>();
        if (summary.kind() == null) {
            problems.add("field 'kind' is missing; expected '" + expectedKind + "'");
        } else if (!summary.kind().equals(expectedKind)) {
            problems.add("field 'kind' is '" + summary.kind() + "', but the file is named " + expectedKind
                    + ".json; expected '" + expectedKind + "'");
        }
        profilerProblem("profiler", summary.profiler(), problems);
        if (summary.durationMillis() != null && summary.durationMillis() < 0) {
            problems.add(negative("durationMillis", summary.durationMillis()));
        }
        figureProblems("", summary.totals(), summary.leakKinds(), problems);
        siteProblems("topSites", summary.topSites(), problems);
        if (summary.tests() != null) {
            for (int i = 0; i < summary.tests().size(); i++) {
                Summary.TestEntry entry = summary.tests().get(i);
                String at = "tests[" + i + "]";
                if (entry == null) {
                    problems.add("field '" + at + "' is null; expected an object {...}");
                    continue;
                }
                if (entry.test() == null || entry.test().isBlank()) {
                    problems.add("field '" + at + ".test' is missing; expected the test's name");
                }
                Map<String, Long> figures = new LinkedHashMap<>();
                figures.put("allocations", entry.allocations());
                figures.put("allocatedBytes", entry.allocatedBytes());
                figures.put("peakHeapBytes", entry.peakHeapBytes());
                figures.put("leakedBytes", entry.leakedBytes());
                figures.put("leakedBlocks", entry.leakedBlocks());
                negatives(at + ".", figures, problems);
                siteProblems(at + ".topSites", entry.topSites(), problems);
            }
        }
        return problems;
    }

    /** A problem for every missing site and negative figure of a list of sites ({@code null}: none). */
    private static void siteProblems(String field, List<Summary.Site> sites, List<String> problems) {
        if (sites == null) {
            return;
        }
        for (int i = 0; i < sites.size(); i++) {
            Summary.Site site = sites.get(i);
            if (site == null) {
                problems.add("field '" + field + "[" + i + "]' is null; expected an object {...}");
                continue;
            }
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("allocations", site.allocations());
            figures.put("allocatedBytes", site.allocatedBytes());
            figures.put("peakBytes", site.peakBytes());
            figures.put("leakedBytes", (Long) site.leakedBytes());
            negatives(field + "[" + i + "].", figures, problems);
        }
    }

    /**
     * Adds a problem when {@code profiler} is not one of {@link Summary#PROFILERS}.
     *
     * @param field the field's path, as the message names it
     */
    public static void profilerProblem(String field, String profiler, List<String> problems) {
        if (profiler == null) {
            problems.add("field '" + field + "' is missing; expected one of " + String.join(", ",
                    Summary.PROFILERS));
        } else if (!Summary.PROFILERS.contains(profiler)) {
            problems.add("field '" + field + "' is '" + profiler + "', which is not a profiler this plugin knows;"
                    + " expected one of " + String.join(", ", Summary.PROFILERS));
        }
    }

    /**
     * Adds a problem for every negative figure of the totals and leak kinds (either may be {@code null}).
     *
     * @param prefix the path of the object holding {@code totals} and {@code leakKinds}, ending in {@code .}, or
     *               empty at the top level
     */
    public static void figureProblems(String prefix, Summary.Totals totals, Summary.LeakKinds kinds,
            List<String> problems) {
        if (totals != null) {
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("allocations", totals.allocations());
            figures.put("allocatedBytes", totals.allocatedBytes());
            figures.put("temporaryAllocations", totals.temporaryAllocations());
            figures.put("peakHeapBytes", totals.peakHeapBytes());
            figures.put("peakRssBytes", totals.peakRssBytes());
            figures.put("leakedBytes", totals.leakedBytes());
            figures.put("leakedBlocks", totals.leakedBlocks());
            negatives(prefix + "totals.", figures, problems);
        }
        if (kinds != null) {
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("definitelyLostBytes", kinds.definitelyLostBytes());
            figures.put("definitelyLostBlocks", kinds.definitelyLostBlocks());
            figures.put("indirectlyLostBytes", kinds.indirectlyLostBytes());
            figures.put("indirectlyLostBlocks", kinds.indirectlyLostBlocks());
            figures.put("possiblyLostBytes", kinds.possiblyLostBytes());
            figures.put("possiblyLostBlocks", kinds.possiblyLostBlocks());
            figures.put("stillReachableBytes", kinds.stillReachableBytes());
            figures.put("stillReachableBlocks", kinds.stillReachableBlocks());
            negatives(prefix + "leakKinds.", figures, problems);
        }
    }

    private static void negatives(String prefix, Map<String, Long> figures, List<String> problems) {
        figures.forEach((name, value) -> {
            if (value != null && value < 0) {
                problems.add(negative(prefix + name, value));
            }
        });
    }

    /** The phrase for a negative figure. */
    public static String negative(String field, long value) {
        return "field '" + field + "' is " + value + ", but a figure is never negative";
    }
}
