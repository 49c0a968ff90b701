package io.github.rustinstruments.maven.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the design: only {@code mojo/} talks to Maven, the summary model sits below everything that reads it, and
 * no two packages depend on each other, directly or through others. Read from the main sources' imports and
 * fully qualified references.
 */
class LayeringTest {
    private static final String ROOT = "io.github.rustinstruments.maven";
    private static final Path SOURCES = Path.of("src/main/java/io/github/rustinstruments/maven");
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.github\\.rustinstruments\\.maven(?:\\.[a-z]\\w*)*)"
            + "\\.[A-Z]");
    private static final Pattern MAVEN = Pattern.compile("^import (static )?org\\.(apache\\.maven|codehaus\\.plexus"
            + "\\.(component|classworlds))\\.", Pattern.MULTILINE);

    @Test
    void onlyMojosImportMaven() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Map.Entry<Path, String> source : sources().entrySet()) {
            if (!packageOf(source.getKey()).equals(ROOT + ".mojo") && MAVEN.matcher(source.getValue()).find()) {
                offenders.add(source.getKey().toString());
            }
        }
        assertEquals(List.of(), offenders, "Maven APIs belong in mojo/ only");
    }

    @Test
    void thePackageGraphHasNoCycle() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        List<String> cycle = findCycle(graph);
        assertEquals(List.of(), cycle, "packages depending on each other: " + String.join(" -> ", cycle));
    }

    @Test
    void theSummaryModelImportsNoProfilerOrReportCode() throws IOException {
        Set<String> uses = packageGraph().getOrDefault(ROOT + ".summary", Set.of());
        assertTrue(uses.isEmpty(), "summary/ must stand on its own, but uses " + uses);
    }

    @Test
    void nothingButMojosUsesTheWorkflowsCallers() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        graph.forEach((from, to) -> assertFalse(to.contains(ROOT + ".mojo") && !from.equals(ROOT + ".mojo"),
                from + " must not depend on mojo/"));
        assertTrue(graph.get(ROOT + ".mojo").contains(ROOT + ".workflow"), "the mojos go through the workflow");
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a"));
        graph.put("d", Set.of("a"));
        assertEquals(List.of("a", "b", "c", "a"), findCycle(graph));
        assertEquals(List.of(), findCycle(Map.of("a", Set.of("b"), "b", Set.of())));
    }

    static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Map.Entry<Path, String> source : sources().entrySet()) {
            String from = packageOf(source.getKey());
            Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(source.getValue());
            while (m.find()) {
                String target = m.group(1);
                if (!target.equals(from)) {
                    to.add(target);
                }
            }
        }
        return graph;
    }

    /** A path {@code a -> b -> ... -> a}, or empty when the graph has no cycle. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
        for (String start : new TreeSet<>(graph.keySet())) {
            Deque<String> path = new ArrayDeque<>();
            List<String> cycle = visit(start, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
            Deque<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String step : (Iterable<String>) path::descendingIterator) {
                in |= step.equals(node);
                if (in) {
                    cycle.add(step);
                }
            }
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.push(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> cycle = visit(next, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.pop();
        state.put(node, 2);
        return List.of();
    }

    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file, Files.readString(file));
            }
        }
        assertFalse(sources.isEmpty(), "no sources under " + SOURCES.toAbsolutePath());
        return sources;
    }

    private static String packageOf(Path source) {
        Path relative = SOURCES.relativize(source.getParent());
        String suffix = relative.toString().replace('/', '.');
        return suffix.isEmpty() ? ROOT : ROOT + "." + suffix;
    }
}
