package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link XctraceProfiler} driving STAND-IN {@code xcrun} and {@code codesign} shell scripts (no macOS tool runs
 * here). They are put first on the PATH of the request's environment; they record each argument list (one file
 * per call, one argument a line), and the stand-in xcrun answers {@code --find xctrace}, {@code xctrace record}
 * (creates the {@code .trace} directory, prints xctrace's documented lines) and {@code xctrace export} (writes the
 * TOC and the Statistics / Allocations List / Leaks details in the documented formats to {@code --output}). What
 * they do is set per test in a {@code conf} file the scripts source, never through the recorder's environment.
 */
class XctraceProfilerTest {
    /** STAND-IN for Apple's xcrun + xctrace. */
    private static final String XCRUN_STAND_IN = """
            #!/bin/sh
            # STAND-IN for xcrun/xctrace, written by XctraceProfilerTest. It records and exports nothing real.
            STATE='@STATE@'
            FIND=ok; RECORD_STYLE=completed; RECORD_EXIT=0; RECORD_WRITE=yes; TEMPLATE_BROKEN=no
            TOC_END_REASON='Target app exited'; TOC_EXIT=0; TOC_TERMINATION='exit(0)'; TRACKS=allocations
            . "$STATE/conf"
            n=$(cat "$STATE/count" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$STATE/count"
            printf '%s\\n' "$@" > "$STATE/call-$n.args"
            echo "${RUST_LOG-unset}" > "$STATE/call-$n.rustlog"
            pwd -P > "$STATE/call-$n.pwd"
            if [ "$1" = "--find" ]; then
              if [ "$FIND" = missing ]; then
                echo 'xcrun: error: unable to find utility "xctrace", not a developer tool or in PATH' >&2
                exit 1
              fi
              echo /Applications/Xcode.app/Contents/Developer/usr/bin/xctrace
              exit 0
            fi
            [ "$1" = xctrace ] || { echo "stand-in xcrun: unexpected $1" >&2; exit 64; }
            shift; sub=$1; shift
            output=; input=; xpath=; toc=; mode=; name=
            while [ $# -gt 0 ]; do
              case "$1" in
                --output) output=$2; shift 2;;
                --input) input=$2; shift 2;;
                --xpath) xpath=$2; shift 2;;
                --toc) toc=1; shift;;
                --template|--instrument) mode=$1; name=$2; shift 2;;
                --launch) shift; [ "$1" = "--" ] && shift; break;;
                *) shift;;
              esac
            done
            if [ "$sub" = record ]; then
              if [ -e "$output" ]; then echo stale-present > "$STATE/call-$n.seen"; else echo clean > "$STATE/call-$n.seen"; fi
              echo "Starting recording with the $name template. Launching process: $(basename "$1")."
              echo "Ctrl-C to stop the recording"
              if [ "$RECORD_WRITE" = yes ]; then mkdir -p "$output/corespace"; echo "$mode" > "$output/mode"; fi
              if [ -n "$RECORD_HANG" ]; then sleep "$RECORD_HANG"; fi
              case "$RECORD_STYLE" in
                completed)
                  echo "Target app exited, ending recording..."
                  echo "Recording completed. Saving output file..."
                  echo "Output file saved as: $output";;
                failed)
                  echo "Recording failed with errors. Saving output file..."
                  echo "  * [Error] Failed starting ktrace session: Permission denied" >&2;;
                runissues)
                  echo "Recording completed. Saving output file..."
                  echo "Run issues were detected (trace is still ready to be viewed):"
                  echo "* [Error] Allocations: Failed to attach to target process";;
              esac
              exit "$RECORD_EXIT"
            fi
            [ "$sub" = export ] || { echo "stand-in xctrace: unexpected $sub" >&2; exit 64; }
            if [ -n "$xpath" ] && { [ "$TEMPLATE_BROKEN" = always ] || { [ "$TEMPLATE_BROKEN" = yes ] && [ "$(cat "$input/mode")" = --template ]; }; }; then
              echo "Export failed: Document Missing Template Error" >&2
              exit 10
            fi
            exitattr=
            if [ -n "$TOC_EXIT" ]; then exitattr=" return-exit-status=\\"$TOC_EXIT\\""; fi
            if [ -n "$toc" ]; then
              case "$TRACKS" in
                allocations) tracks='<track name="Allocations"><details><detail name="Statistics" kind="table"/><detail name="Allocations List" kind="table"/></details></track>';;
                leaks) tracks='<track name="Allocations"><details><detail name="Statistics" kind="table"/></details></track><track name="Leaks"><details><detail name="Leaks" kind="table"/></details></track>';;
                *) tracks='<track name="Time Profiler"><details><detail name="Profile" kind="table"/></details></track>';;
              esac
              cat > "$output" <<EOF
            <?xml version="1.0"?>
            <trace-toc>
              <run number="1">
                <info>
                  <target>
                    <device platform="macOS" model="MacBook Pro" name="dev-mac" os-version="14.2 (23C64)" uuid="00008103-000A3C2E1E68801E"/>
                    <process type="launched" name="memhog" pid="4242"$exitattr termination-reason="$TOC_TERMINATION"/>
                  </target>
                  <summary>
                    <start-date>2024-01-15T10:20:30.123+01:00</start-date>
                    <end-date>2024-01-15T10:20:32.469+01:00</end-date>
                    <duration>2.345678</duration>
                    <end-reason>$TOC_END_REASON</end-reason>
                    <instruments-version>15.2 (15C500b)</instruments-version>
                    <template-name>Allocations</template-name>
                    <recording-mode>Immediate</recording-mode>
                    <time-limit>30 seconds</time-limit>
                  </summary>
                </info>
                <processes><process name="memhog" pid="4242" path="/Users/dev/target/memhog"/></processes>
                <data/>
                <tracks>$tracks</tracks>
              </run>
            </trace-toc>
            EOF
            else
              case "$xpath" in
                *'"Statistics"'*)
                  cat > "$output" <<'EOF'
            <?xml version="1.0"?>
            <trace-query-result>
            <node xpath='//trace-toc[1]/run[1]/tracks[1]/track[1]/details[1]/detail[1]'>
            <row category="All Heap &amp; Anonymous VM" persistent-bytes="1048736" count-persistent="12" total-bytes="2129920" transient-bytes="1081184" count-events="2010" count-transient="998" count-total="1010"/>
            <row category="All Heap Allocations" persistent-bytes="160" count-persistent="2" total-bytes="81920" transient-bytes="81760" count-events="1998" count-transient="998" count-total="1000"/>
            <row category="All Anonymous VM" persistent-bytes="1048576" count-persistent="10" total-bytes="2048000" transient-bytes="999424" count-events="12" count-transient="0" count-total="10"/>
            <row category="Malloc 32 Bytes" persistent-bytes="64" count-persistent="2" total-bytes="32000" transient-bytes="31936" count-events="1998" count-transient="998" count-total="1000"/>
            <row category="VM: Anonymous VM" persistent-bytes="1048576" count-persistent="10" total-bytes="2048000" transient-bytes="999424" count-events="12" count-transient="0" count-total="10"/>
            </node></trace-query-result>
            EOF
                  ;;
                *'"Allocations List"'*)
                  cat > "$output" <<'EOF'
            <?xml version="1.0"?>
            <trace-query-result>
            <node xpath='//trace-toc[1]/run[1]/tracks[1]/track[1]/details[1]/detail[2]'>
            <row address="0x600001234000" category="Malloc 80 Bytes" live="true" responsible-caller="memhog::make_node::h2f4e0c1d2b3a4f5e" size="80" identifier="1" responsible-library="memhog" timestamp="00:00.012.345" index="0"/>
            <row address="0x600001234050" category="Malloc 80 Bytes" live="false" responsible-caller="memhog::make_node::h2f4e0c1d2b3a4f5e" size="80" identifier="2" responsible-library="memhog" timestamp="00:00.013.000" index="1"/>
            <row address="0x600001235000" category="Malloc 32 Bytes" live="false" responsible-caller="alloc::raw_vec::finish_grow" size="32" identifier="3" responsible-library="memhog" timestamp="00:00.014.000" index="2"/>
            </node></trace-query-result>
            EOF
                  ;;
                *'"Leaks"'*)
                  cat > "$output" <<'EOF'
            <?xml version="1.0"?>
            <trace-query-result>
            <node xpath='//trace-toc[1]/run[1]/tracks[2]/track[1]/details[1]/detail[1]'>
            <row leaked-object="Malloc 80 Bytes" size="80" responsible-frame="memhog::make_node::h2f4e0c1d2b3a4f5e" count="1" responsible-library="memhog" address="0x600001234000"/>
            </node></trace-query-result>
            EOF
                  ;;
                *) echo "stand-in xctrace: no such detail $xpath" >&2; exit 11;;
              esac
            fi
            echo "Export completed"
            exit 0
            """;

    /** STAND-IN for Apple's codesign. */
    private static final String CODESIGN_STAND_IN = """
            #!/bin/sh
            # STAND-IN for codesign, written by XctraceProfilerTest. It signs nothing.
            STATE='@STATE@'
            CODESIGN=ok
            . "$STATE/conf"
            printf '%s\\n' "$@" > "$STATE/codesign.args"
            for last; do :; done
            if [ "$CODESIGN" = fail ]; then
              echo "$last: invalid or unsupported format for signature" >&2
              exit 1
            fi
            echo "$last: replacing existing signature" >&2
            exit 0
            """;

    private static final String STATISTICS_XPATH = "/trace-toc/run[@number=\"1\"]/tracks/track[@name=\"Allocations\"]"
            + "/details/detail[@name=\"Statistics\"]";
    private static final String LIST_XPATH = "/trace-toc/run[@number=\"1\"]/tracks/track[@name=\"Allocations\"]"
            + "/details/detail[@name=\"Allocations List\"]";

    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private Path standInBin;
    private Path state;
    private Path runDirectory;
    private Path workDir;
    private Path exe;
    private Path trace;

    @BeforeEach
    void placeStandIns() throws IOException {
        standInBin = Files.createDirectory(tmp.resolve("stand-in-bin"));
        state = Files.createDirectory(tmp.resolve("stand-in-state"));
        Files.writeString(state.resolve("conf"), "");
        script("xcrun", XCRUN_STAND_IN);
        script("codesign", CODESIGN_STAND_IN);
        runDirectory = tmp.resolve("target/rust-instruments/default");
        workDir = Files.createDirectory(tmp.resolve("work"));
        exe = Files.createDirectories(tmp.resolve("crate/target/release")).resolve("memhog");
        Files.writeString(exe, "not really a Mach-O binary");
        trace = runDirectory.resolve("allocations.trace");
    }

    private void script(String name, String text) throws IOException {
        Path script = standInBin.resolve(name);
        Files.writeString(script, text.replace("@STATE@", state.toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sets the stand-ins' behaviour for this test. */
    private void conf(String... lines) throws IOException {
        Files.writeString(state.resolve("conf"), String.join("\n", lines) + "\n");
    }

    private XctraceProfiler profiler(boolean appleSilicon) {
        return new XctraceProfiler(new ProcessRunner(log), log, "xcrun", "Allocations", appleSilicon, "codesign");
    }

    private String path() {
        return standInBin + ":" + System.getenv("PATH");
    }

    /** The user's variables: a PATH override (with the stand-ins first) and two of the program's own. */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path());
        env.put("RUST_LOG", "debug");
        env.put("MEMHOG_MODE", "two words");
        return env;
    }

    private RecordingRequest request(Duration timeLimit) {
        return new RecordingRequest("allocations", List.of(exe.toString(), "arg one", "--flag"), environment(),
                workDir, timeLimit, runDirectory);
    }

    private List<String> call(int n) throws IOException {
        return Files.readAllLines(state.resolve("call-" + n + ".args"));
    }

    private int calls() throws IOException {
        Path count = state.resolve("count");
        return Files.exists(count) ? Integer.parseInt(Files.readString(count).trim()) : 0;
    }

    private List<String> recordArgs(String mode, String timeLimit, String executable) {
        List<String> args = new ArrayList<>(List.of("xctrace", "record", mode, "Allocations", "--output",
                trace.toString(), "--time-limit", timeLimit, "--no-prompt", "--env", "PATH=" + path(), "--env",
                "RUST_LOG=debug", "--env", "MEMHOG_MODE=two words", "--launch", "--", executable, "arg one",
                "--flag"));
        return args;
    }

    private List<String> exportArgs(String xpath, String output) {
        return List.of("xctrace", "export", "--input", trace.toString(), "--xpath", xpath, "--output",
                runDirectory.resolve(output).toString());
    }

    // ---------------------------------------------------------------------------------------------- detection

    @Test
    void checkInstalledAsksXcrunToFindXctrace() throws IOException {
        profiler(false).checkInstalled(environment());

        assertEquals(List.of("--find", "xctrace"), call(1));
        assertEquals("unset", Files.readString(state.resolve("call-1.rustlog")).trim(),
                "the user's variables are not xcrun's");
    }

    @Test
    void aMissingXctraceSaysToInstallFullXcode() throws IOException {
        conf("FIND=missing");

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler(false).checkInstalled(environment()));

        assertTrue(e.getMessage().startsWith("xctrace not found: install full Xcode (the command line tools alone"
                + " do not ship it) and select it with `sudo xcode-select -s /Applications/Xcode.app`"),
                e.getMessage());
        assertTrue(e.getMessage().contains("xcrun: error: unable to find utility \"xctrace\", not a developer tool"
                + " or in PATH"), e.getMessage());
    }

    @Test
    void aMissingXcrunSaysTheSame() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty-bin"));

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler(false).checkInstalled(Map.of("PATH", empty.toString())));

        assertTrue(e.getMessage().startsWith("xctrace not found: xcrun is not on the PATH; install full Xcode"),
                e.getMessage());
        assertEquals(0, calls());
    }

    @Test
    void theLegacyInstrumentsToolIsNamedButNeverUsed() throws IOException {
        conf("FIND=missing");
        script("instruments", "#!/bin/sh\n# STAND-IN for the legacy instruments CLI; must never run\n"
                + "touch '" + state.resolve("instruments-ran") + "'\nexit 0\n");

        ToolNotFoundException e = assertThrows(ToolNotFoundException.class,
                () -> profiler(false).checkInstalled(environment()));

        assertTrue(e.getMessage().contains("legacy `instruments` on the PATH is not used"), e.getMessage());
        assertFalse(Files.exists(state.resolve("instruments-ran")));
    }

    // ---------------------------------------------------------------------------------------------- recording

    @Test
    void recordsWithTheExactArgumentsAndExportsTheTocAndDetails() throws IOException {
        conf("TOC_EXIT=3", "TOC_TERMINATION='exit(3)'");

        Recording recording = profiler(false).record(request(Duration.ofSeconds(30)));

        assertEquals(recordArgs("--template", "30s", exe.toString()), call(1));
        assertEquals(List.of("xctrace", "export", "--input", trace.toString(), "--toc", "--output",
                runDirectory.resolve("allocations-toc.xml").toString()), call(2));
        assertEquals(exportArgs(STATISTICS_XPATH, "allocations-statistics.xml"), call(3));
        assertEquals(exportArgs(LIST_XPATH, "allocations-allocations-list.xml"), call(4));
        assertEquals(4, calls());
        assertEquals(trace, recording.file());
        assertTrue(Files.isDirectory(trace));
        assertEquals(3, recording.exitCode(), "the program's exit status, from the TOC");
        assertFalse(recording.timedOut());
        assertEquals(2346, recording.durationMillis(), "the TOC's duration");
        assertEquals("unset", Files.readString(state.resolve("call-1.rustlog")).trim(),
                "user variables go through --env, not into xctrace's environment");
        assertEquals(workDir.toRealPath().toString(), Files.readString(state.resolve("call-1.pwd")).trim());
        assertTrue(log.info().contains("[xctrace] Output file saved as: " + trace), log.info().toString());
    }

    @Test
    void theTimeLimitIsWholeSecondsRoundedUpAndAtLeastOne() throws IOException {
        profiler(false).record(request(Duration.ofMillis(1500)));
        assertEquals(recordArgs("--template", "2s", exe.toString()), call(1));

        assertEquals(1, XctraceProfiler.timeLimitSeconds(Duration.ofMillis(1)));
        assertEquals(1, XctraceProfiler.timeLimitSeconds(Duration.ofMillis(1000)));
        assertEquals(600, XctraceProfiler.timeLimitSeconds(Duration.ofMinutes(10)));
    }

    @Test
    void onAppleSiliconSignsACopyWithGetTaskAllowAndRecordsTheCopy() throws IOException {
        Recording recording = profiler(true).record(request(Duration.ofSeconds(30)));

        Path copy = runDirectory.resolve("memhog-signed");
        Path plist = runDirectory.resolve("get-task-allow.plist");
        assertEquals(List.of("-s", "-", "-f", "--entitlements", plist.toString(), copy.toString()),
                Files.readAllLines(state.resolve("codesign.args")));
        String entitlements = Files.readString(plist);
        assertTrue(entitlements.contains("<key>com.apple.security.get-task-allow</key>\n    <true/>"), entitlements);
        assertEquals("not really a Mach-O binary", Files.readString(copy));
        assertTrue(Files.isExecutable(copy));
        assertEquals(recordArgs("--template", "30s", copy.toString()), call(1));
        assertEquals(trace, recording.file());
    }

    @Test
    void aCodesignFailureFailsWithCodesignsMessageBeforeRecording() throws IOException {
        conf("CODESIGN=fail");

        IOException e = assertThrows(IOException.class, () -> profiler(true).record(request(Duration.ofSeconds(30))));

        assertTrue(e.getMessage().contains(runDirectory.resolve("memhog-signed")
                + ": invalid or unsupported format for signature"), e.getMessage());
        assertTrue(e.getMessage().contains("get-task-allow"), e.getMessage());
        assertEquals(0, calls(), "xctrace must not run");
    }

    @Test
    void anXctraceThatDoesNotStopAtItsTimeLimitIsKilledAndReportedAsTimedOut() throws IOException {
        conf("RECORD_HANG=30");
        XctraceProfiler profiler = new XctraceProfiler(new ProcessRunner(log), log, "xcrun", "Allocations", false,
                "codesign", Duration.ofMillis(300));
        long start = System.nanoTime();

        Recording recording = profiler.record(request(Duration.ofSeconds(1)));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "killed by the safety net");
        assertTrue(recording.timedOut());
        assertEquals(trace, recording.file(), "the partial trace is kept");
        assertEquals(1, calls(), "nothing is exported right away");
        assertTrue(log.warn().stream().anyMatch(l -> l.contains("did not stop by itself at --time-limit 1s")),
                log.warn().toString());
    }

    @Test
    void exit54IsAcceptedAfterACompletedRecording() throws IOException {
        conf("RECORD_EXIT=54", "TOC_END_REASON='Time limit reached'", "TOC_EXIT=", "TOC_TERMINATION=");

        Recording recording = profiler(false).record(request(Duration.ofSeconds(30)));

        assertEquals(trace, recording.file());
        assertTrue(recording.timedOut(), "the TOC says the time limit ended it");
        assertEquals(137, recording.exitCode());
    }

    @Test
    void exit54IsRejectedWhenTheRecordingDidNotComplete() throws IOException {
        conf("RECORD_EXIT=54", "RECORD_STYLE=silent");

        IOException e = assertThrows(IOException.class, () -> profiler(false).record(request(Duration.ofSeconds(30))));

        assertTrue(e.getMessage().contains("xctrace exited with status 54 without saying the recording completed"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Ctrl-C to stop the recording"), e.getMessage());
        assertEquals(1, calls(), "nothing is exported from an untrusted trace");
    }

    @Test
    void exit54IsRejectedWithoutATrace() throws IOException {
        conf("RECORD_EXIT=54", "RECORD_WRITE=no");

        IOException e = assertThrows(IOException.class, () -> profiler(false).record(request(Duration.ofSeconds(30))));

        assertTrue(e.getMessage().contains("xctrace wrote no trace at " + trace + " (exit status 54)"),
                e.getMessage());
    }

    @Test
    void anotherNonZeroExitFails() throws IOException {
        conf("RECORD_EXIT=3");

        IOException e = assertThrows(IOException.class, () -> profiler(false).record(request(Duration.ofSeconds(30))));

        assertTrue(e.getMessage().startsWith("xctrace exited with status 3;"), e.getMessage());
    }

    @Test
    void failureLinesFailTheRecordingWithThoseLinesEvenWithExit0AndATrace() throws IOException {
        conf("RECORD_STYLE=failed");

        IOException e = assertThrows(IOException.class, () -> profiler(false).record(request(Duration.ofSeconds(30))));

        assertTrue(e.getMessage().contains("Recording failed with errors. Saving output file..."), e.getMessage());
        assertTrue(e.getMessage().contains("* [Error] Failed starting ktrace session: Permission denied"),
                e.getMessage());
        assertEquals(1, calls());
    }

    @Test
    void runIssuesFailTheRecording() throws IOException {
        conf("RECORD_STYLE=runissues");

        IOException e = assertThrows(IOException.class, () -> profiler(false).record(request(Duration.ofSeconds(30))));

        assertTrue(e.getMessage().contains("Run issues were detected (trace is still ready to be viewed):\n"
                + "    * [Error] Allocations: Failed to attach to target process"), e.getMessage());
    }

    @Test
    void aProgramKilledByASignalGets128PlusTheSignal() throws IOException {
        conf("TOC_EXIT=", "TOC_TERMINATION='uncaught signal(11)'");

        Recording recording = profiler(false).record(request(Duration.ofSeconds(30)));

        assertEquals(139, recording.exitCode());
        assertFalse(recording.timedOut());
    }

    @Test
    void anUnknownEndIsTakenAsAFailureWithANote() throws IOException {
        conf("TOC_EXIT=", "TOC_TERMINATION=");

        Recording recording = profiler(false).record(request(Duration.ofSeconds(30)));

        assertEquals(1, recording.exitCode());
        assertTrue(recording.stderrTail().stream().anyMatch(l -> l.contains("does not say how the program ended")),
                recording.stderrTail().toString());
    }

    @Test
    void aDocumentMissingTemplateErrorRecordsOnceMoreWithInstrument() throws IOException {
        conf("TEMPLATE_BROKEN=yes");
        XctraceProfiler profiler = profiler(false);

        Recording recording = profiler.record(request(Duration.ofSeconds(30)));

        assertEquals(recordArgs("--template", "30s", exe.toString()), call(1));
        assertEquals(List.of("xctrace", "export", "--input", trace.toString(), "--toc", "--output",
                runDirectory.resolve("allocations-toc.xml").toString()), call(2));
        assertEquals(exportArgs(STATISTICS_XPATH, "allocations-statistics.xml"), call(3)); // fails
        assertEquals(recordArgs("--instrument", "30s", exe.toString()), call(4));
        assertEquals("clean", Files.readString(state.resolve("call-4.seen")).trim(),
                "the unexportable trace is deleted before recording again");
        assertEquals(List.of("xctrace", "export", "--input", trace.toString(), "--toc", "--output",
                runDirectory.resolve("allocations-toc.xml").toString()), call(5));
        assertEquals(exportArgs(STATISTICS_XPATH, "allocations-statistics.xml"), call(6));
        assertEquals(exportArgs(LIST_XPATH, "allocations-allocations-list.xml"), call(7));
        assertEquals(7, calls());
        assertTrue(log.warn().stream().anyMatch(l -> l.contains("Document Missing Template Error")
                && l.contains("recording once more with --instrument Allocations")), log.warn().toString());
        assertEquals(trace, recording.file());
        assertEquals(0, recording.exitCode());

        Profile profile = profiler.analyse(recording.file());
        assertEquals(1000L, profile.allocations());
        assertEquals(7, calls(), "analyse reads the exports made by record");
    }

    @Test
    void aSecondDocumentMissingTemplateErrorFails() throws IOException {
        conf("TEMPLATE_BROKEN=always");

        IOException e = assertThrows(IOException.class, () -> profiler(false).record(request(Duration.ofSeconds(30))));

        assertTrue(e.getMessage().contains("Document Missing Template Error"), e.getMessage());
        assertTrue(e.getMessage().contains("--instrument Allocations instead of --template did not help either"),
                e.getMessage());
        assertEquals(recordArgs("--instrument", "30s", exe.toString()), call(4));
        assertEquals(6, calls(), "one retry only");
    }

    @Test
    void aStaleTraceBundleAndItsExportsAreDeletedFirst() throws IOException {
        Path old = Files.createDirectories(trace.resolve("corespace/run1/core/stores"));
        Files.writeString(old.resolve("old.store"), "from an earlier build");
        Files.writeString(runDirectory.resolve("allocations-statistics.xml"), "stale export");
        Files.writeString(runDirectory.resolve("allocations-leaks.xml"), "stale export");

        profiler(false).record(request(Duration.ofSeconds(30)));

        assertEquals("clean", Files.readString(state.resolve("call-1.seen")).trim(),
                "the stand-in must not find the earlier trace");
        assertFalse(Files.exists(old.resolve("old.store")));
        assertFalse(Files.exists(runDirectory.resolve("allocations-leaks.xml")));
        assertTrue(Files.readString(runDirectory.resolve("allocations-statistics.xml")).contains("<row"));
    }

    @Test
    void onlyATraceDirectlyInsideTheRunDirectoryIsEverDeleted() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("precious.trace"));

        assertThrows(IOException.class, () -> XctraceProfiler.deleteStale(runDirectory, elsewhere));
        assertThrows(IOException.class, () -> XctraceProfiler.deleteStale(runDirectory, runDirectory.resolve("x")));
        assertTrue(Files.isDirectory(elsewhere));
    }

    // ---------------------------------------------------------------------------------------------- analysis

    @Test
    void analyseReadsTheAllocationsExports() throws IOException {
        XctraceProfiler profiler = profiler(false);
        Recording recording = profiler.record(request(Duration.ofSeconds(30)));

        Profile profile = profiler.analyse(recording.file());

        assertEquals(1000L, profile.allocations());
        assertEquals(81920L, profile.allocatedBytes());
        assertEquals(160L, profile.leakedBytes());
        assertEquals(2L, profile.leakedBlocks());
        assertEquals(2346L, profile.durationMillis());
        assertEquals(2, profile.stacks().size(), "one stack per responsible caller of the Allocations List");
        assertEquals("memhog::make_node::h2f4e0c1d2b3a4f5e", profile.stacks().get(0).frames().get(0).function());
        assertNull(profile.leaks());
    }

    @Test
    void analyseExportsWhatIsMissingOnItsOwn() throws IOException {
        XctraceProfiler profiler = profiler(false);
        profiler.record(request(Duration.ofSeconds(30)));
        Files.delete(runDirectory.resolve("allocations-statistics.xml"));
        Files.delete(runDirectory.resolve("allocations-allocations-list.xml"));
        int before = calls();

        Profile profile = profiler.analyse(trace);

        assertEquals(before + 2, calls());
        assertEquals(exportArgs(STATISTICS_XPATH, "allocations-statistics.xml"), call(before + 1));
        assertEquals(exportArgs(LIST_XPATH, "allocations-allocations-list.xml"), call(before + 2));
        assertEquals(81920L, profile.allocatedBytes());
    }

    @Test
    void aLeaksTemplateTraceGetsTheLeaksDetail() throws IOException {
        conf("TRACKS=leaks");
        XctraceProfiler profiler = profiler(false);
        profiler.record(request(Duration.ofSeconds(30)));

        assertEquals(List.of("xctrace", "export", "--input", trace.toString(), "--xpath",
                "/trace-toc/run[@number=\"1\"]/tracks/track[@name=\"Leaks\"]/details/detail[@name=\"Leaks\"]",
                "--output", runDirectory.resolve("allocations-leaks.xml").toString()), call(4));
        Profile profile = profiler.analyse(trace);

        assertEquals(1000L, profile.allocations());
        assertEquals(80L, profile.leakedBytes(), "leaks, not persistent bytes, when the Leaks detail is there");
        assertEquals(1L, profile.leakedBlocks());
        assertEquals(1, profile.leaks().records().size());
    }

    @Test
    void aTraceWithoutAllocationsOrLeaksCannotBeAnalysed() throws IOException {
        conf("TRACKS=timeprofiler");
        XctraceProfiler profiler = profiler(false);
        Recording recording = profiler.record(request(Duration.ofSeconds(30)));
        assertEquals(2, calls(), "only the TOC is exported");

        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> profiler.analyse(recording.file()));
        assertTrue(e.getMessage().contains("tracks [Time Profiler]"), e.getMessage());
    }

    @Test
    void theViewerIsInstruments() {
        assertEquals("open '" + tmp.resolve("a b.trace") + "'   (opens it in Instruments)",
                profiler(false).viewerCommand(tmp.resolve("a b.trace")));
    }

    @Test
    void xcrunGetsOnlyThePathAndDeveloperDir() {
        Map<String, String> env = new LinkedHashMap<>(environment());
        env.put("DEVELOPER_DIR", "/Applications/Xcode-beta.app/Contents/Developer");

        assertEquals(Map.of("PATH", path(), "DEVELOPER_DIR", "/Applications/Xcode-beta.app/Contents/Developer"),
                XctraceProfiler.recorderEnvironment(env));
    }
}
