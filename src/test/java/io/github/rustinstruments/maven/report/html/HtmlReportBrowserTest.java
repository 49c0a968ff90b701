package io.github.rustinstruments.maven.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rustinstruments.maven.summary.Summary;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real browser: Debian's headless Chromium ({@code apt-get install -y chromium}) renders the
 * page, the page's own self-test ({@code #selftest}) clicks through the tree and the flame graph, and a screenshot is
 * kept at {@code target/browser/report.png}.
 *
 * <p>Without Chromium on the PATH the test is skipped, except on CI (environment variable {@code CI} set), where it
 * fails: CI installs Chromium.
 */
class HtmlReportBrowserTest {
    private static final Path OUT = Path.of("target", "browser").toAbsolutePath();
    private static final Pattern SELFTEST = Pattern.compile("<pre id=\"selftest-result\">(.*?)</pre>", Pattern.DOTALL);
    private static final long TIMEOUT_SECONDS = 120;

    private static Path chromium;

    @TempDir
    Path temp;

    @BeforeAll
    static void findChromium() {
        chromium = onPath("chromium", "chromium-browser");
    }

    @BeforeEach
    void requireChromium() {
        if (chromium == null) {
            String message = "headless Chromium is needed for this test: apt-get install -y chromium";
            if (System.getenv("CI") != null) {
                fail(message + " (CI is set, so the browser test must run)");
            }
            Assumptions.assumeTrue(false, message);
        }
    }

    private static Path onPath(String... names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    @Test
    void realRecordingRendersAndItsControlsWork() throws Exception {
        Path page = OUT.resolve("report.html");
        HtmlReport.write(page, ReportFixtures.realProgram());

        String dom = chromium(temp.resolve("profile-1"), "--dump-dom", page.toUri() + "#selftest");
        JsonNode result = selftest(dom);

        assertTrue(result.path("ok").asBoolean(), result.toString());
        assertTrue(result.path("chart").asBoolean(), "heap line drawn");
        assertTrue(result.path("chartPeak").asBoolean(), "peak marked");
        assertTrue(result.path("chartRss").asBoolean(), "RSS drawn: heaptrack samples it");
        assertEquals(8, result.path("headlineCards").asInt());
        assertTrue(result.path("siteRows").asInt() >= 3, result.toString());
        assertTrue(result.path("sitesSorted").asBoolean(), "sorted by allocations after a click on the header");
        assertTrue(result.path("sitesToggle").asBoolean());
        assertTrue(result.path("treeExpanded").asBoolean(), "expanding a node shows its children");
        assertTrue(result.path("treeCollapsed").asBoolean(), "collapsing hides them again");
        assertTrue(result.path("treeRowsAfterExpand").asInt() > result.path("treeRows").asInt());
        assertTrue(result.path("search").asBoolean(), "search finds, highlights and reveals a deep function");
        assertTrue(result.path("flameSearchHits").asInt() > 0, "search highlights flame graph frames");
        assertTrue(result.path("bottomUpRows").asInt() > 1);
        assertTrue(result.path("flameFrames").asInt() > 5, result.toString());
        assertTrue(result.path("flameZoom").asBoolean(), "a clicked frame becomes full width");
        assertTrue(result.path("flameReset").asBoolean(), "clicking the root zooms out");
        assertTrue(result.path("flamePeakFrames").asInt() > 1, "flame graph weighted by bytes at peak");
        assertEquals(0, result.path("errors").size(), result.toString());

        // what the browser built, independently of the self-test's own judgement
        assertTrue(section(dom, "heap-chart").matches("(?s).*<svg.*class=\"heap-line\" d=\"M[^\"]{20,}\".*"),
                "chart has a drawn line");
        assertTrue(section(dom, "heap-chart").contains("peak 1.1 MiB at"), "peak labelled");
        assertTrue(count(section(dom, "call-tree"), "role=\"treeitem\"") > 3, "tree rows");
        assertTrue(section(dom, "call-tree").contains("prog::main"), "user function in the tree");
        assertTrue(count(section(dom, "flame-graph"), "<g class=\"frame") > 5, "flame graph frames");
        assertTrue(count(dom, "<tr class=\"site user") >= 3, "site rows");

        Path png = OUT.resolve("report.png");
        Files.deleteIfExists(png);
        chromium(temp.resolve("profile-2"), "--screenshot=" + png, "--window-size=1400,2000", page.toUri().toString());
        assertScreenshot(png);
    }

    @Test
    void aClickOnATestShowsItsOwnTreeAndTheWholeRunComesBack() throws Exception {
        Path page = OUT.resolve("report-tests.html");
        HtmlReport.write(page, ReportFixtures.jvmTests());

        String dom = chromium(temp.resolve("profile-6"), "--dump-dom", page.toUri() + "#selftest");
        JsonNode result = selftest(dom);

        assertTrue(result.path("ok").asBoolean(), result.toString());
        assertEquals(5, result.path("testRows").asInt(), result.toString());
        assertTrue(result.path("testsSorted").asBoolean(), "sorted by allocations after a click on the header");
        assertTrue(result.path("testsSortedByLeaked").asBoolean(), result.toString());
        assertEquals("com.example.LeakyTest#leaks", result.path("testClicked").asText(), "the first: most leaked");
        assertTrue(result.path("testView").asBoolean(), "the tree shows the test's bytes, its banner and row are"
                + " marked: " + result);
        assertTrue(result.path("testTreeRows").asInt() > 2, result.toString());
        assertTrue(result.path("testFlameFrames").asInt() > 2, result.toString());
        assertTrue(result.path("testBottomUpRows").asInt() > 1, result.toString());
        assertTrue(result.path("testBack").asBoolean(), "the whole run again: " + result);
        assertTrue(result.path("testsFiltered").asBoolean(), result.toString());
        assertEquals(0, result.path("errors").size(), result.toString());

        // what the browser built: the rows, the hostile name as text, the special entries
        String table = section(dom, "tests-table");
        assertEquals(5, count(table, "<tr class=\"test"), table);
        assertTrue(table.contains("com.example.LeakyTest#leaks"));
        assertTrue(table.contains("leaked at leaky_jni::leak_blocks (src/lib.rs:31) \u2190 com.example.Leaky.leakBlocks"),
                table);
        assertTrue(table.contains("&lt;/script&gt;&lt;b onmouseover=alert(1)&gt;"), "a name is text, not markup");
        assertTrue(table.contains("(outside tests)") && table.contains("(overlapping tests)"));
        assertTrue(table.contains("40.0 KiB"), "leaked bytes in the console's units");

        Path png = OUT.resolve("report-tests.png");
        Files.deleteIfExists(png);
        chromium(temp.resolve("profile-7"), "--screenshot=" + png, "--window-size=1400,2000", page.toUri().toString());
        assertScreenshot(png);
    }

    @Test
    void largeProfileStaysResponsiveInTheBrowser() throws Exception {
        Path page = OUT.resolve("report-large.html");
        HtmlReport.write(page, ReportFixtures.synthetic(20_000, 30_000));

        long started = System.nanoTime();
        String dom = chromium(temp.resolve("profile-3"), "--dump-dom", page.toUri() + "#selftest");
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonNode result = selftest(dom);

        System.out.printf("large report (%,d bytes): headless Chromium load + self-test in %d ms%n", Files.size(page),
                millis);
        assertTrue(result.path("ok").asBoolean(), result.toString());
        assertTrue(result.path("search").asBoolean(), result.toString());
        assertTrue(result.path("flameFrames").asInt() > 100, result.toString());

        Path png = OUT.resolve("report-large.png");
        Files.deleteIfExists(png);
        chromium(temp.resolve("profile-4"), "--screenshot=" + png, "--window-size=1400,2000", page.toUri().toString());
        assertScreenshot(png);
    }

    @Test
    void profileWithoutStacksOrTimeLineShowsWhatIsMissingWithoutScriptErrors() throws Exception {
        Summary summary = new Summary(1, "default", "leaks", "memcheck", "linux-x86_64", List.of("./memcheck"), 0,
                12L, null, new Summary.Totals(null, null, null, null, null, 32L, 1L), null, List.of());
        Path page = OUT.resolve("report-empty.html");
        HtmlReport.write(page, new ReportInput(summary, List.of(), null, List.of(), null, null));

        String dom = chromium(temp.resolve("profile-5"), "--dump-dom", page.toUri() + "#selftest");
        JsonNode result = selftest(dom);

        assertEquals(0, result.path("errors").size(), result.toString());
        assertFalse(result.path("ok").asBoolean(), "nothing to expand or zoom");
        assertTrue(section(dom, "heap-chart").contains("This recording has no time line"));
        assertTrue(section(dom, "call-tree").contains("This recording has no call stacks."));
        assertTrue(section(dom, "flame-graph").contains("This recording has no call stacks."));
        assertTrue(dom.contains("No allocation sites in this recording."));
    }

    private static void assertScreenshot(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "screenshot written: " + png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 20_000, "a screenshot with content: " + bytes.length + " bytes");
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
    }

    private static JsonNode selftest(String dom) throws IOException {
        Matcher m = SELFTEST.matcher(dom);
        assertTrue(m.find(), () -> "no self-test result in the page:\n" + tail(dom));
        String text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        assertFalse(text.isBlank(), () -> "the self-test did not run:\n" + tail(dom));
        return new ObjectMapper().readTree(text);
    }

    private static String tail(String s) {
        return s.length() < 4000 ? s : s.substring(s.length() - 4000);
    }

    /** The element with this id, up to the next section or panel (enough for "contains" checks). */
    private static String section(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertTrue(start >= 0, "element #" + id);
        int end = dom.indexOf("<section", start);
        return dom.substring(start, end < 0 ? dom.length() : end);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Runs headless Chromium with a fresh profile directory; returns what it printed on standard output. */
    private static String chromium(Path userDataDir, String... args) throws IOException, InterruptedException {
        Files.createDirectories(userDataDir);
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + userDataDir, "--virtual-time-budget=5000"));
        command.addAll(List.of(args));
        Path stdout = userDataDir.resolveSibling(userDataDir.getFileName() + ".out");
        Path stderr = userDataDir.resolveSibling(userDataDir.getFileName() + ".err");
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("Chromium exited with " + process.exitValue() + ": " + String.join(" ", command) + "\n"
                    + tail(Files.readString(stderr, StandardCharsets.UTF_8)));
        }
        return out;
    }
}
