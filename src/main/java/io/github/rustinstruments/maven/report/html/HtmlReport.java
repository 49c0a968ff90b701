package io.github.rustinstruments.maven.report.html;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.summary.Units;
import io.github.rustinstruments.maven.trace.HeapSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the report page ({@code <run>/allocations.html}): one self-contained HTML file, with its styles, its
 * script and its data inline, that works offline in any current browser.
 *
 * <p>The page has, top to bottom (the ids are stable, tests and users may rely on them):
 * <ul>
 *   <li>{@code #headline}: the headline figures in human units (rendered here, readable without script);</li>
 *   <li>{@code #heap-chart}: heap (and RSS) over time as an SVG drawn by the script, with the peak marked;</li>
 *   <li>{@code #sites-table}: the top allocation sites in the user's code, sortable, optionally all sites;</li>
 *   <li>{@code #tests-table}: only for a run split per test (JVM mode): the tests, sortable and filterable
 *       ({@code #tests-filter}); a click on a test ({@code .test-btn}) switches the flame graph and the call tree to
 *       that test's allocations ({@code #tree-view}, {@code #flame-view} then name it), {@code #tree-whole-run} and
 *       {@code #flame-whole-run} switch back to the whole run;</li>
 *   <li>{@code #call-tree}: the collapsible call tree, top-down or bottom-up, with search ({@code #tree-search});</li>
 *   <li>{@code #flame-graph}: a flame graph (root at the top) weighted by bytes allocated, at peak or leaked, with
 *       zoom on click;</li>
 *   <li>{@code #selftest-result}: filled only when the page is opened with {@code #selftest} in its URL: the page
 *       then exercises its own controls and writes what it found as JSON (used by the browser test).</li>
 * </ul>
 *
 * <p>Large profiles stay usable: the trees are pruned ({@link ReportViews#MIN_FRACTION},
 * {@link ReportViews#MAX_NODES}), the time line is reduced to {@link ReportData#MAX_TIMELINE_POINTS} points and the
 * sites to the top {@link ReportData#SITES_PER_KEY} per sort key; the tests' trees are bounded as
 * {@link ReportTests} says.
 */
public final class HtmlReport {
    private static final String RESOURCES = "/io/github/rustinstruments/maven/report/html/";

    private HtmlReport() {}

    /** Writes the page through a temporary file and a move, so a reader never sees half a page. */
    public static void write(Path file, ReportInput input) throws IOException {
        write(file, input.summary(), input.timeline(), input.peakTimeMillis(), input.sites(),
                ReportViews.of(input.topDown(), input.bottomUp()), ReportTests.of(input.tests()));
    }

    /** Writes the page from trees that are already pruned. */
    public static void write(Path file, Summary summary, List<HeapSample> timeline, Long peakTimeMillis,
            List<Summary.Site> sites, ReportViews views) throws IOException {
        write(file, summary, timeline, peakTimeMillis, sites, views, null);
    }

    private static void write(Path file, Summary summary, List<HeapSample> timeline, Long peakTimeMillis,
            List<Summary.Site> sites, ReportViews views, ReportTests tests) throws IOException {
        String html = render(summary, timeline == null ? List.of() : timeline, peakTimeMillis,
                sites == null ? List.of() : sites, views, tests);
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // not Files.createTempFile: its owner-only permissions would stay on the report
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid()
                + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out.write(html);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The whole page. */
    static String render(Summary summary, List<HeapSample> timeline, Long peakTimeMillis, List<Summary.Site> sites,
            ReportViews views) {
        return render(summary, timeline, peakTimeMillis, sites, views, null);
    }

    static String render(Summary summary, List<HeapSample> timeline, Long peakTimeMillis, List<Summary.Site> sites,
            ReportViews views, ReportTests tests) {
        String data = HtmlSafeJson.write(ReportData.build(summary, timeline, peakTimeMillis, sites, views, tests));
        String kind = summary.kind() == null ? "allocations" : summary.kind();
        String run = summary.run() == null ? "default" : summary.run();
        String title = capitalize(kind) + " of run '" + run + "'";
        return Template.fill(resource("report.html"), Map.of(
                "TITLE", escape(title + " \u2014 rust-instruments"),
                "HEADING", escape(title),
                "META", meta(summary),
                "HEADLINE", headline(summary, peakTimeMillis),
                "ERRORS", errors(summary),
                "TESTS", tests == null ? "" : resource("tests.html"),
                "STYLE", resource("report.css"),
                "SCRIPT", resource("report.js"),
                "DATA", data,
                "THRESHOLD", escape(thresholds())));
    }

    /**
     * Memory errors that are not leaks (from memcheck), each with its place and stack; they matter more than
     * leaks, so they come first. Nothing when the profiler does not detect errors.
     */
    static String errors(Summary summary) {
        if (summary.errors() == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("  <section id=\"memory-errors\" class=\"panel\""
                + " aria-labelledby=\"errors-title\">\n    <div class=\"panel-head\"><h2 id=\"errors-title\">Memory"
                + " errors (" + summary.errors().size() + ")</h2></div>\n");
        if (summary.errors().isEmpty()) {
            return out.append("    <p class=\"errors-none\">memcheck found no invalid reads or writes, uninitialised"
                    + " values or bad frees.</p>\n  </section>\n").toString();
        }
        out.append("    <ol class=\"errors\">\n");
        for (Summary.MemoryError error : summary.errors()) {
            String place = error.function() == null ? "" : error.function() + (error.file() == null ? ""
                    : " (" + error.file() + (error.line() == null ? "" : ":" + error.line()) + ")");
            out.append("      <li><strong>").append(escape(error.kind())).append("</strong> ")
                    .append(escape(error.what())).append("<br><code>").append(escape(place)).append("</code>");
            if (error.stack() != null && !error.stack().isEmpty()) {
                out.append("<details><summary>stack</summary><pre>")
                        .append(escape(String.join("\n", error.stack()))).append("</pre></details>");
            }
            out.append("</li>\n");
        }
        return out.append("    </ol>\n  </section>\n").toString();
    }

    static String thresholds() {
        return String.format(Locale.ROOT, "Call tree and flame graph: entries below %s of the chosen figure are merged "
                + "into \u201c[n smaller entries]\u201d, at most %,d entries per view.",
                percent(ReportViews.MIN_FRACTION), ReportViews.MAX_NODES);
    }

    private static String percent(double fraction) {
        String s = String.format(Locale.ROOT, "%.3f", fraction * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + " %";
    }

    // ---- headline

    static String headline(Summary summary, Long peakTimeMillis) {
        Summary.Totals t = summary.totals() == null
                ? new Summary.Totals(null, null, null, null, null, null, null) : summary.totals();
        StringBuilder html = new StringBuilder();
        String peakNote = peakTimeMillis == null ? null : "at " + Units.millis(peakTimeMillis);
        card(html, "peak-heap", "Peak heap", Units.bytes(t.peakHeapBytes()), peakNote, false);
        card(html, "allocated", "Total allocated", Units.bytes(t.allocatedBytes()), null, false);
        card(html, "allocations", "Allocations", Units.count(t.allocations()), null, false);
        card(html, "temporary", "Temporary", Units.count(t.temporaryAllocations()),
                share(t.temporaryAllocations(), t.allocations(), "of all"), false);
        String blocks = t.leakedBlocks() == null ? null
                : Units.count(t.leakedBlocks()) + (t.leakedBlocks() == 1 ? " block" : " blocks");
        card(html, "leaked", "Leaked", Units.bytes(t.leakedBytes()), blocks,
                t.leakedBytes() != null && t.leakedBytes() > 0);
        card(html, "peak-rss", "Peak RSS", Units.bytes(t.peakRssBytes()), null, false);
        card(html, "duration", "Run time", Units.millis(summary.durationMillis()), null, false);
        Integer exit = summary.exitCode();
        card(html, "exit", "Exit status", exit == null ? "n/a" : String.valueOf(exit),
                exit == null ? null : exit == 0 ? "success" : "failure", exit != null && exit != 0);
        Summary.LeakKinds k = summary.leakKinds();
        if (k != null) {
            card(html, "definitely-lost", "Definitely lost", Units.bytes(k.definitelyLostBytes()),
                    blocks(k.definitelyLostBlocks()), k.definitelyLostBytes() != null && k.definitelyLostBytes() > 0);
            card(html, "indirectly-lost", "Indirectly lost", Units.bytes(k.indirectlyLostBytes()),
                    blocks(k.indirectlyLostBlocks()), false);
            card(html, "possibly-lost", "Possibly lost", Units.bytes(k.possiblyLostBytes()),
                    blocks(k.possiblyLostBlocks()), false);
            card(html, "still-reachable", "Still reachable", Units.bytes(k.stillReachableBytes()),
                    blocks(k.stillReachableBlocks()), false);
        }
        return html.toString();
    }

    private static String blocks(Long n) {
        return n == null ? null : Units.count(n) + (n == 1 ? " block" : " blocks");
    }

    private static String share(Long part, Long whole, String of) {
        if (part == null || whole == null || whole == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "%.1f %% %s", 100.0 * part / whole, of);
    }

    private static void card(StringBuilder html, String id, String label, String value, String note, boolean alert) {
        html.append("<div class=\"card").append(alert ? " alert" : "").append("\" id=\"figure-").append(id)
                .append("\"><div class=\"label\">").append(escape(label)).append("</div><div class=\"value\">")
                .append(escape(value)).append("</div>");
        if (note != null) {
            html.append("<div class=\"note\">").append(escape(note)).append("</div>");
        }
        html.append("</div>\n");
    }

    static String meta(Summary summary) {
        StringBuilder html = new StringBuilder("<dl class=\"meta\">");
        if (summary.command() != null && !summary.command().isEmpty()) {
            metaItem(html, "Command", "<code>" + escape(String.join(" ", summary.command())) + "</code>");
        }
        metaItem(html, "Profiler", escape(orNa(summary.profiler())));
        metaItem(html, "Platform", escape(orNa(summary.platform())));
        if (summary.recording() != null) {
            metaItem(html, "Recording", "<code>" + escape(summary.recording()) + "</code>");
        }
        return html.append("</dl>").toString();
    }

    private static void metaItem(StringBuilder html, String term, String valueHtml) {
        html.append("<div><dt>").append(escape(term)).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }

    private static String orNa(String s) {
        return s == null || s.isBlank() ? "n/a" : s;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Text for HTML element content and quoted attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {{NAME}}} placeholders, replaced in one pass so that inserted text is never scanned again. */
    static final class Template {
        private Template() {}

        static String fill(String template, Map<String, String> values) {
            StringBuilder out = new StringBuilder(template.length() + values.values().stream()
                    .mapToInt(String::length).sum());
            int at = 0;
            while (true) {
                int open = template.indexOf("{{", at);
                if (open < 0) {
                    break;
                }
                int close = template.indexOf("}}", open + 2);
                if (close < 0) {
                    break;
                }
                String name = template.substring(open + 2, close);
                String value = values.get(name);
                if (value == null) {
                    throw new IllegalStateException("no value for placeholder {{" + name + "}}");
                }
                out.append(template, at, open).append(value);
                at = close + 2;
            }
            return out.append(template, at, template.length()).toString();
        }
    }
}
