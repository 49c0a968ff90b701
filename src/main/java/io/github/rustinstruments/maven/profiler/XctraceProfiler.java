package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import io.github.rustinstruments.maven.trace.XctraceExportReader;
import io.github.rustinstruments.maven.trace.XctraceToc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instruments through {@code xcrun xctrace} (macOS, full Xcode). The legacy {@code instruments} command line tool
 * (removed in Xcode 13) is never used.
 *
 * <h2>Recording</h2>
 * {@link #record} writes {@code <run>/<kind>.trace} (a directory bundle; a stale one is deleted first, recursively,
 * and only when it is a {@code .trace} directly inside the run directory) with
 * <pre>
 * xcrun xctrace record --template &lt;template&gt; --output &lt;run&gt;/&lt;kind&gt;.trace --time-limit &lt;N&gt;s --no-prompt
 *     [--env K=V]... --launch -- &lt;exe&gt; &lt;args&gt;
 * </pre>
 * {@code N} is the request's time limit in whole seconds, rounded up, at least 1: xctrace stops the recording
 * itself then, and a trace stopped by a signal may not open. The process runner's own limit is {@code N} plus a
 * grace for saving the trace, only a safety net. The request's variables go to the program through {@code --env}
 * ({@code --launch} does not pass the caller's environment reliably); xcrun itself gets only {@code PATH} and
 * {@code DEVELOPER_DIR} from them, which decide which xcrun and which Xcode are used.
 *
 * <p>On Apple Silicon, Allocations needs the {@code com.apple.security.get-task-allow} entitlement: the executable
 * is first copied to {@code <run>/<name>-signed} and ad-hoc signed with
 * {@code codesign -s - -f --entitlements <run>/get-task-allow.plist <run>/<name>-signed}; the copy is recorded. A
 * failure of codesign fails the recording with codesign's own message.
 *
 * <p>Success is judged as the reference says: the trace exists, xctrace printed none of {@code Recording failed
 * with errors}, {@code [Error]}, {@code Run issues were detected}, and it exited with 0, or with 54 after a
 * completed recording ({@code Recording completed} or {@code Output file saved as:} printed). Anything else is an
 * {@link IOException} carrying xctrace's own lines: a failed xctrace is never reported as a recording.
 *
 * <p>Right after recording, {@link #record} runs
 * <pre>
 * xcrun xctrace export --input &lt;trace&gt; --toc --output &lt;run&gt;/&lt;kind&gt;-toc.xml
 * xcrun xctrace export --input &lt;trace&gt; --xpath '/trace-toc/run[@number="1"]/tracks/track[@name="Allocations"]/details/detail[@name="Statistics"]' --output &lt;run&gt;/&lt;kind&gt;-statistics.xml
 * xcrun xctrace export --input &lt;trace&gt; --xpath '.../detail[@name="Allocations List"]' --output &lt;run&gt;/&lt;kind&gt;-allocations-list.xml
 * xcrun xctrace export --input &lt;trace&gt; --xpath '.../track[@name="Leaks"]/details/detail[@name="Leaks"]' --output &lt;run&gt;/&lt;kind&gt;-leaks.xml
 * </pre>
 * (each detail only when the TOC lists it). The TOC gives the program's exit status ({@code return-exit-status},
 * else the {@code termination-reason}) for {@link Recording#exitCode()}, and {@code Time limit reached} sets
 * {@link Recording#timedOut()}.
 *
 * <h2>The template retry, and why it lives in {@link #record}</h2>
 * On some Xcode versions (26+) recordings made with {@code --template} fail to export with
 * {@code Document Missing Template Error}. The only cure is to record again with {@code --instrument <template>}
 * (right for Allocations and Leaks, whose instrument has the template's name), which needs the request: so the
 * exports are made eagerly in {@link #record}, and when one of them fails that way the recording is made once
 * more with {@code --instrument}, with a warning saying so. {@link #analyse} then reads the exports next to the
 * trace, exporting only what is missing or older than the trace (a trace recorded elsewhere); if that export
 * fails the same way, it explains how to record again, since it cannot.
 */
public final class XctraceProfiler implements Profiler {
    public static final String INSTALL_HINT = "install full Xcode (the command line tools alone do not ship it) and"
            + " select it with `sudo xcode-select -s /Applications/Xcode.app`";
    static final String NOT_FOUND = "xctrace not found: " + INSTALL_HINT;
    static final String CODESIGN_HINT = "codesign ships with macOS as /usr/bin/codesign (or point"
            + " <codesignExecutable> / -Drust-instruments.codesignExecutable at it); it is needed on Apple Silicon to give the program the get-task-allow"
            + " entitlement Allocations requires";
    /** Lines of xctrace's output that mean the recording failed, whatever the exit status. */
    static final List<String> FAILURE_MARKERS = List.of("Recording failed with errors", "[Error]",
            "Run issues were detected");
    static final List<String> COMPLETION_MARKERS = List.of("Recording completed", "Output file saved as:");
    /** Seen after successful {@code --time-limit} recordings; accepted only when the recording completed. */
    static final int EXIT_AFTER_TIME_LIMIT = 54;
    static final String MISSING_TEMPLATE = "Document Missing Template Error";
    /** The request variables xcrun itself gets: they decide which xcrun, and which Xcode, run. */
    static final Set<String> RECORDER_VARIABLES = Set.of("PATH", "DEVELOPER_DIR");
    /** How long xctrace may take to save the trace after its {@code --time-limit}, before it is killed. */
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
    static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);
    static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(30);
    static final String ENTITLEMENTS_FILE = "get-task-allow.plist";
    static final String ENTITLEMENTS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""
            + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
            + "<plist version=\"1.0\">\n"
            + "<dict>\n"
            + "    <key>com.apple.security.get-task-allow</key>\n"
            + "    <true/>\n"
            + "</dict>\n"
            + "</plist>\n";
    /** Lines of a tool's output kept for an error message. */
    private static final int MESSAGE_LINES = 20;
    private static final Pattern EXIT = Pattern.compile("exit\\s*\\(\\s*(\\d+)\\s*\\)");
    private static final Pattern SIGNAL_NUMBER = Pattern.compile("(?i)signal\\s*\\(?\\s*(\\d+)");
    private static final Pattern SIGNAL_NAME = Pattern.compile("SIG([A-Z]+)");
    /** macOS signal numbers. */
    private static final Map<String, Integer> SIGNALS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "ILL", 4, "TRAP", 5,
            "ABRT", 6, "FPE", 8, "KILL", 9, "BUS", 10, "SEGV", 11);

    private final ProcessRunner runner;
    private final BuildLog log;
    private final String xcrun;
    private final String template;
    private final boolean appleSilicon;
    private final String codesign;
    private final Duration grace;
    /**
     * The xcrun environment of the last {@link #checkInstalled} or {@link #record}, for the exports of
     * {@link #analyse}, which gets only the trace.
     */
    private volatile Map<String, String> toolEnvironment = Map.of();
    /** Measures the peak footprint Instruments' Allocations statistics lack; {@code null}: not measured. */
    private MacPeakFootprint peakFootprint;

    /**
     * @param xcrunExecutable    xcrun, by name (searched on the command's PATH) or path; normally {@code xcrun}
     * @param template           the Instruments template, e.g. {@code Allocations} or {@code Time Profiler}
     * @param appleSilicon       whether to ad-hoc sign a copy with get-task-allow first ({@link Platform} arch
     *                           {@code aarch64})
     * @param codesignExecutable codesign, by name or path; normally {@code codesign}
     */
    public XctraceProfiler(ProcessRunner runner, BuildLog log, String xcrunExecutable, String template,
            boolean appleSilicon, String codesignExecutable) {
        this(runner, log, xcrunExecutable, template, appleSilicon, codesignExecutable, DEFAULT_GRACE);
    }

    XctraceProfiler(ProcessRunner runner, BuildLog log, String xcrunExecutable, String template,
            boolean appleSilicon, String codesignExecutable, Duration grace) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("empty Instruments template name: use e.g. Allocations, Leaks or"
                    + " \"Time Profiler\"");
        }
        this.runner = runner;
        this.log = log;
        this.xcrun = xcrunExecutable;
        this.template = template.trim();
        this.appleSilicon = appleSilicon;
        this.codesign = codesignExecutable;
        this.grace = grace;
    }

    @Override
    public String id() {
        return "xctrace";
    }

    public String template() {
        return template;
    }

    /**
     * After each recording, runs the program once more under {@code time -l} for its peak memory footprint, which
     * {@link #analyse} adds to the profile: Instruments' Allocations statistics have no peak.
     *
     * @param timeExecutable {@code time}, by name or path; normally {@code /usr/bin/time}
     */
    public XctraceProfiler measuringPeakFootprint(String timeExecutable) {
        this.peakFootprint = new MacPeakFootprint(runner, log, timeExecutable);
        return this;
    }

    // ------------------------------------------------------------------------------------------------ detection

    @Override
    public void checkInstalled(Map<String, String> environment) throws ToolNotFoundException {
        Map<String, String> env = recorderEnvironment(environment);
        toolEnvironment = env;
        Output output = new Output();
        ProcessResult result;
        try {
            result = runner.run(output.collect(ProcessSpec.of(xcrun, "--find", "xctrace").environment(env)
                    .timeout(TOOL_TIMEOUT).installHint(INSTALL_HINT), null));
        } catch (ToolNotFoundException e) {
            throw new ToolNotFoundException("xctrace", "xctrace not found: " + xcrun + " is not "
                    + (xcrun.contains("/") ? "executable" : "on the PATH") + "; " + INSTALL_HINT + legacyNote(env));
        } catch (IOException e) {
            throw new ToolNotFoundException("xctrace", NOT_FOUND + " (" + xcrun + " --find xctrace failed: "
                    + e.getMessage() + ")");
        }
        if (result.exitCode() != 0) {
            List<String> said = output.tail(5);
            throw new ToolNotFoundException("xctrace", NOT_FOUND + legacyNote(env)
                    + (said.isEmpty() ? "" : " (" + String.join("; ", said) + ")"));
        }
        log.debug("[" + id() + "] " + String.join(" ", output.lines()));
    }

    private static String legacyNote(Map<String, String> env) {
        return ProcessRunner.findExecutable("instruments", env).isPresent()
                ? "; the legacy `instruments` on the PATH is not used (Xcode 13 removed it; xctrace replaces it)"
                : "";
    }

    // ------------------------------------------------------------------------------------------------ recording

    @Override
    public Recording record(RecordingRequest request) throws IOException {
        Path run = request.runDirectory();
        Directories.create(run);
        Path trace = run.resolve(request.kind() + ".trace");
        // analyse reads the footprint beside the trace: one from an earlier build must not pass for this one's
        Files.deleteIfExists(run.resolve(request.kind() + MacPeakFootprint.SUFFIX));
        Map<String, String> env = recorderEnvironment(request.environment());
        toolEnvironment = env;

        List<String> target = new ArrayList<>(request.command());
        if (appleSilicon) {
            target.set(0, signedCopy(Path.of(request.command().get(0)), run, env).toString());
        }

        Attempt attempt = recordOnce(request, target, trace, "--template", env);
        if (attempt.timedOut) {
            return attempt.recording(Files.exists(trace) ? trace : null, 128 + 9, true);
        }
        XctraceToc toc;
        try {
            toc = exportAll(trace, env);
        } catch (MissingTemplateException e) {
            log.warn("[" + id() + "] the --template " + template + " recording cannot be exported (" + MISSING_TEMPLATE
                    + ", seen with Xcode 26 and later): recording once more with --instrument " + template
                    + " instead");
            attempt = recordOnce(request, target, trace, "--instrument", env);
            if (attempt.timedOut) {
                return attempt.recording(Files.exists(trace) ? trace : null, 128 + 9, true);
            }
            try {
                toc = exportAll(trace, env);
            } catch (MissingTemplateException again) {
                throw new IOException(again.getMessage() + "; recording with --instrument " + template
                        + " instead of --template did not help either");
            }
        }
        XctraceToc.Run recorded = toc.lastRun();
        List<String> notes = new ArrayList<>(attempt.stderrTail);
        int exitCode = targetExitCode(recorded, notes);
        if (peakFootprint != null) {
            peakFootprint.measure(request);
        }
        return new Recording(trace, exitCode,
                recorded.durationMillis() != null ? recorded.durationMillis() : attempt.durationMillis,
                recorded.timeLimitReached(), List.copyOf(notes));
    }

    /** The outcome of one {@code xctrace record} judged good, or of one stopped by the runner's safety net. */
    private record Attempt(int xctraceExit, long durationMillis, boolean timedOut, List<String> stderrTail) {
        Recording recording(Path file, int exitCode, boolean timedOut) {
            return new Recording(file, exitCode, durationMillis, timedOut, stderrTail);
        }
    }

    private Attempt recordOnce(RecordingRequest request, List<String> target, Path trace, String mode,
            Map<String, String> env) throws IOException {
        deleteStale(request.runDirectory(), trace);
        for (Path export : exportFiles(trace)) {
            Files.deleteIfExists(export);
        }
        long seconds = timeLimitSeconds(request.timeLimit());
        List<String> command = new ArrayList<>(List.of(xcrun, "xctrace", "record", mode, template, "--output",
                trace.toString(), "--time-limit", seconds + "s", "--no-prompt"));
        request.environment().forEach((key, value) -> {
            if (key != null && value != null) {
                command.add("--env");
                command.add(key + "=" + value);
            }
        });
        command.add("--launch");
        command.add("--");
        command.addAll(target);

        Output output = new Output();
        ProcessSpec spec = output.collect(ProcessSpec.of(command).directory(request.workingDirectory())
                .environment(env).timeout(Duration.ofSeconds(seconds).plus(grace)).installHint(INSTALL_HINT)
                .stopFirst(Path.of(target.get(0))), "[" + id() + "] ");
        ProcessResult result = runner.runWithinLimit(spec);
        if (result.timedOut()) {
            log.warn("[" + id() + "] xctrace did not stop by itself at --time-limit " + seconds + "s and was killed "
                    + Duration.ofSeconds(seconds).plus(grace).toSeconds() + "s after it started; the trace may be"
                    + " incomplete or unreadable");
            return new Attempt(result.exitCode(), result.durationMillis(), true, result.stderrTail());
        }
        judge(result.exitCode(), output.lines(), trace);
        if (result.exitCode() == EXIT_AFTER_TIME_LIMIT) {
            log.debug("[" + id() + "] xctrace exited with status 54 after a completed recording: accepted");
        }
        return new Attempt(result.exitCode(), result.durationMillis(), false, result.stderrTail());
    }

    /**
     * Fails unless the recording is good: the trace exists, no failure line, exit 0 (or 54 after a completed
     * recording).
     */
    static void judge(int exitCode, List<String> output, Path trace) throws IOException {
        List<String> failure = failureLines(output);
        boolean exists = Files.exists(trace);
        boolean completed = output.stream().anyMatch(line -> COMPLETION_MARKERS.stream().anyMatch(line::contains));
        String problem;
        if (!failure.isEmpty()) {
            problem = "xctrace reported a failed recording (exit status " + exitCode + ")"
                    + (exists ? "; the unusable trace is kept at " + trace : "") + ":\n    "
                    + String.join("\n    ", failure);
        } else if (!exists) {
            problem = "xctrace wrote no trace at " + trace + " (exit status " + exitCode + ")" + lastLines(output);
        } else if (exitCode == 0 || exitCode == EXIT_AFTER_TIME_LIMIT && completed) {
            return;
        } else {
            problem = "xctrace exited with status " + exitCode + (exitCode == EXIT_AFTER_TIME_LIMIT
                    ? " without saying the recording completed (no 'Recording completed' or 'Output file saved as:')"
                    : "") + "; the trace at " + trace + " is kept but not trusted" + lastLines(output);
        }
        throw new IOException(problem);
    }

    /** From the first line with a failure marker on (xctrace lists the details under it), at most 20 lines. */
    static List<String> failureLines(List<String> output) {
        for (int i = 0; i < output.size(); i++) {
            String line = output.get(i);
            if (FAILURE_MARKERS.stream().anyMatch(line::contains)) {
                return List.copyOf(output.subList(i, Math.min(output.size(), i + MESSAGE_LINES)));
            }
        }
        return List.of();
    }

    private static String lastLines(List<String> output) {
        if (output.isEmpty()) {
            return "; it printed nothing";
        }
        List<String> tail = output.subList(Math.max(0, output.size() - MESSAGE_LINES), output.size());
        return "; its last lines:\n    " + String.join("\n    ", tail);
    }

    /** Whole seconds, rounded up so the program gets at least what was asked; at least 1. */
    static long timeLimitSeconds(Duration timeLimit) {
        long millis = timeLimit.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * The program's exit status as the TOC states it: {@code return-exit-status}, else the {@code exit(N)} or
     * signal of {@code termination-reason} (128 + N); 128 + 9 when xctrace's time limit ended it; otherwise 1 with
     * a note, since a success cannot be assumed.
     */
    int targetExitCode(XctraceToc.Run run, List<String> notes) {
        if (run.returnExitStatus() != null) {
            return run.returnExitStatus();
        }
        String reason = run.terminationReason();
        if (reason != null) {
            Matcher exit = EXIT.matcher(reason);
            if (exit.find()) {
                return Integer.parseInt(exit.group(1));
            }
            Matcher number = SIGNAL_NUMBER.matcher(reason);
            if (number.find()) {
                return 128 + Integer.parseInt(number.group(1));
            }
            Matcher name = SIGNAL_NAME.matcher(reason);
            if (name.find() && SIGNALS.containsKey(name.group(1))) {
                return 128 + SIGNALS.get(name.group(1));
            }
        }
        if (run.timeLimitReached()) {
            return 128 + 9;
        }
        String note = "xctrace's table of contents does not say how the program ended (end reason "
                + run.endReason() + ", termination reason " + reason + "); it is taken as a failure";
        log.warn("[" + id() + "] " + note);
        notes.add(note);
        return 1;
    }

    // ---------------------------------------------------------------------------------------------- signing

    /** Copies the executable to {@code <run>/<name>-signed} and ad-hoc signs it with get-task-allow. */
    private Path signedCopy(Path executable, Path run, Map<String, String> env) throws IOException {
        Path copy = run.resolve(executable.getFileName() + "-signed");
        Files.copy(executable, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        copy.toFile().setExecutable(true, false);
        Path entitlements = run.resolve(ENTITLEMENTS_FILE);
        Files.writeString(entitlements, ENTITLEMENTS);
        Output output = new Output();
        ProcessResult result = runner.run(output.collect(ProcessSpec.of(codesign, "-s", "-", "-f", "--entitlements",
                entitlements.toString(), copy.toString()).environment(env).timeout(TOOL_TIMEOUT)
                .installHint(CODESIGN_HINT), "[codesign] "));
        if (result.exitCode() != 0) {
            List<String> said = output.tail(MESSAGE_LINES);
            throw new IOException("codesign could not ad-hoc sign " + copy + " (a copy of " + executable + ") with"
                    + " the com.apple.security.get-task-allow entitlement, which Allocations needs on Apple"
                    + " Silicon; it exited with status " + result.exitCode()
                    + (said.isEmpty() ? " and printed nothing" : ":\n    " + String.join("\n    ", said)));
        }
        log.info("[" + id() + "] recording " + copy + ": a copy of " + executable + " ad-hoc signed with the"
                + " get-task-allow entitlement (Apple Silicon)");
        return copy;
    }

    // ------------------------------------------------------------------------------------------------ exports

    @Override
    public Profile analyse(Path trace) throws IOException {
        if (!Files.exists(trace)) {
            throw new IOException(trace + " does not exist: expected an Instruments trace (.trace)");
        }
        if (Files.isRegularFile(trace)) {
            return readExport(trace);
        }
        Profile profile = analyseTrace(trace);
        Path footprint = trace.resolveSibling(stem(trace) + MacPeakFootprint.SUFFIX);
        return Files.isRegularFile(footprint) ? profile.withPeakRssBytes(MacPeakFootprint.parse(footprint)) : profile;
    }

    /** An export made elsewhere ({@code report} goal): the Allocations Statistics detail or the Leaks detail. */
    private static Profile readExport(Path export) throws IOException {
        XctraceExportReader.Kind kind = XctraceExportReader.kindOf(export);
        return switch (kind) {
            case STATISTICS -> XctraceExportReader.readAllocations(export, null);
            case LEAKS, EMPTY -> XctraceExportReader.readLeaks(export);
            default -> throw new RecordingFormatException(export + " is " + kind.description() + ": the report goal"
                    + " reads the Allocations Statistics detail or the Leaks detail of an xctrace export, e.g."
                    + " xcrun xctrace export --input run.trace --xpath '"
                    + detailXpath(1, "Allocations", "Statistics") + "' --output statistics.xml");
        };
    }

    private static String stem(Path trace) {
        String name = trace.getFileName().toString();
        return name.endsWith(".trace") ? name.substring(0, name.length() - ".trace".length()) : name;
    }

    private Profile analyseTrace(Path trace) throws IOException {
        Exports exports;
        try {
            exports = export(trace);
        } catch (MissingTemplateException e) {
            throw new IOException(e.getMessage() + "; record it again with --instrument " + template
                    + " instead of --template " + template + " (the allocations goal does so by itself)");
        }
        XctraceToc.Run run = exports.toc().lastRun();
        if (exports.statistics() == null && exports.leaks() == null) {
            throw new RecordingFormatException(trace + " has no Allocations Statistics and no Leaks detail (template "
                    + run.templateName() + ", tracks " + run.tracks().stream().map(XctraceToc.Track::name).toList()
                    + "): record it with the Allocations or Leaks template to get figures from it");
        }
        Profile profile = null;
        if (exports.statistics() != null) {
            profile = XctraceExportReader.readAllocations(exports.statistics(), exports.allocationsList());
        }
        if (exports.leaks() != null) {
            Profile leaked = XctraceExportReader.readLeaks(exports.leaks());
            profile = profile == null ? leaked : new Profile(profile.command(), profile.allocations(),
                    profile.allocatedBytes(), profile.temporaryAllocations(), profile.peakHeapBytes(),
                    profile.peakRssBytes(), leaked.leakedBytes(), leaked.leakedBlocks(), profile.durationMillis(),
                    profile.stacks(), profile.peakTimeMillis(), profile.timeline(), leaked.leaks());
        }
        if (profile.durationMillis() == null && run.durationMillis() != null) {
            profile = new Profile(profile.command(), profile.allocations(), profile.allocatedBytes(),
                    profile.temporaryAllocations(), profile.peakHeapBytes(), profile.peakRssBytes(),
                    profile.leakedBytes(), profile.leakedBlocks(), run.durationMillis(), profile.stacks(),
                    profile.peakTimeMillis(), profile.timeline(), profile.leaks());
        }
        return profile;
    }

    /**
     * What xctrace exported from a trace, next to it ({@code <name>-toc.xml}, {@code <name>-statistics.xml},
     * {@code <name>-allocations-list.xml}, {@code <name>-leaks.xml}).
     *
     * @param toc             the trace's table of contents
     * @param statistics      the Allocations Statistics detail; {@code null} when the TOC lists none
     * @param allocationsList the Allocations List detail; {@code null} when the TOC lists none (or no Statistics)
     * @param leaks           the Leaks detail; {@code null} when the TOC lists none
     */
    public record Exports(XctraceToc toc, Path statistics, Path allocationsList, Path leaks) {}

    /**
     * Exports a trace's TOC and the details of its last run that this profiler reads (see the class comment),
     * skipping files exported since the trace was written, with the xcrun environment of the last
     * {@link #checkInstalled}: what {@link #analyse} reads, for readers of traces made elsewhere (JVM mode's
     * launcher).
     *
     * @throws IOException xctrace failed, or an export took longer than 30 minutes
     */
    public Exports export(Path trace) throws IOException {
        XctraceToc toc = exportAll(trace, toolEnvironment);
        XctraceToc.Run run = toc.lastRun();
        boolean statistics = run.allocationsDetails().contains("Statistics");
        return new Exports(toc, statistics ? exportFile(trace, "-statistics.xml") : null,
                statistics && run.allocationsDetails().contains("Allocations List")
                        ? exportFile(trace, "-allocations-list.xml") : null,
                run.leaksDetails().contains("Leaks") ? exportFile(trace, "-leaks.xml") : null);
    }

    /**
     * Exports the TOC and every detail it lists that this profiler reads, skipping files already exported since
     * the trace was written.
     *
     * @throws MissingTemplateException an export failed with {@code Document Missing Template Error}
     */
    private XctraceToc exportAll(Path trace, Map<String, String> env) throws IOException {
        Path tocFile = exportFile(trace, "-toc.xml");
        if (!fresh(tocFile, trace)) {
            export(trace, List.of("--toc"), tocFile, env);
        }
        XctraceToc toc = XctraceToc.read(tocFile);
        XctraceToc.Run run = toc.lastRun();
        int number = run.number() == null ? 1 : run.number();
        if (run.allocationsDetails().contains("Statistics")) {
            exportDetail(trace, number, XctraceToc.ALLOCATIONS, "Statistics", "-statistics.xml", env);
            if (run.allocationsDetails().contains("Allocations List")) {
                exportDetail(trace, number, XctraceToc.ALLOCATIONS, "Allocations List", "-allocations-list.xml",
                        env);
            }
        }
        if (run.leaksDetails().contains("Leaks")) {
            exportDetail(trace, number, XctraceToc.LEAKS, "Leaks", "-leaks.xml", env);
        }
        return toc;
    }

    private void exportDetail(Path trace, int run, String track, String detail, String suffix,
            Map<String, String> env) throws IOException {
        Path file = exportFile(trace, suffix);
        if (!fresh(file, trace)) {
            export(trace, List.of("--xpath", detailXpath(run, track, detail)), file, env);
        }
    }

    /** {@code /trace-toc/run[@number="1"]/tracks/track[@name="Allocations"]/details/detail[@name="Statistics"]}. */
    static String detailXpath(int run, String track, String detail) {
        return "/trace-toc/run[@number=\"" + run + "\"]/tracks/track[@name=\"" + track + "\"]/details/detail[@name=\""
                + detail + "\"]";
    }

    private void export(Path trace, List<String> what, Path file, Map<String, String> env) throws IOException {
        Files.deleteIfExists(file);
        List<String> command = new ArrayList<>(List.of(xcrun, "xctrace", "export", "--input", trace.toString()));
        command.addAll(what);
        command.add("--output");
        command.add(file.toString());
        Output output = new Output();
        ProcessResult result = runner.runWithinLimit(output.collect(ProcessSpec.of(command).environment(env)
                .timeout(EXPORT_TIMEOUT).installHint(INSTALL_HINT), null));
        if (result.timedOut()) {
            throw new IOException("xctrace export of " + trace + " (" + String.join(" ", what) + ") took longer than "
                    + EXPORT_TIMEOUT.toMinutes() + " minutes and was killed");
        }
        List<String> lines = output.lines();
        if (lines.stream().anyMatch(line -> line.contains(MISSING_TEMPLATE))) {
            throw new MissingTemplateException("xctrace could not export " + String.join(" ", what) + " from "
                    + trace + lastLines(lines));
        }
        if (result.exitCode() != 0 || !Files.isRegularFile(file) || Files.size(file) == 0) {
            throw new IOException("xctrace could not export " + String.join(" ", what) + " from " + trace + " to "
                    + file + " (exit status " + result.exitCode() + (Files.isRegularFile(file) ? ")" : ", no file)")
                    + lastLines(lines));
        }
    }

    /** {@code Document Missing Template Error}: only a new recording with {@code --instrument} helps. */
    static final class MissingTemplateException extends IOException {
        private static final long serialVersionUID = 1L;

        MissingTemplateException(String message) {
            super(message);
        }
    }

    /** {@code <run>/<kind>.trace} → {@code <run>/<kind><suffix>}. */
    static Path exportFile(Path trace, String suffix) {
        String name = trace.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".trace") ? name.substring(0, name.length() - 6) : name;
        return trace.resolveSibling(base + suffix);
    }

    private static List<Path> exportFiles(Path trace) {
        return List.of(exportFile(trace, "-toc.xml"), exportFile(trace, "-statistics.xml"),
                exportFile(trace, "-allocations-list.xml"), exportFile(trace, "-leaks.xml"));
    }

    private static boolean fresh(Path export, Path trace) throws IOException {
        return Files.isRegularFile(export) && Files.size(export) > 0
                && Files.getLastModifiedTime(export).compareTo(Files.getLastModifiedTime(trace)) >= 0;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Deletes a stale trace bundle, recursively, without following links, and only {@code <run>/<x>.trace}
     * itself: a path anywhere else is refused.
     */
    static void deleteStale(Path runDirectory, Path trace) throws IOException {
        Path dir = runDirectory.toAbsolutePath().normalize();
        Path bundle = trace.toAbsolutePath().normalize();
        if (!dir.equals(bundle.getParent()) || !bundle.getFileName().toString().endsWith(".trace")) {
            throw new IOException("refusing to delete " + bundle + ": only a .trace directly inside the run"
                    + " directory " + dir + " is deleted");
        }
        Directories.deleteTree(bundle);
    }

    /** What xcrun itself gets of the request's variables: only those that choose the xcrun and Xcode. */
    static Map<String, String> recorderEnvironment(Map<String, String> requested) {
        Map<String, String> env = new LinkedHashMap<>();
        if (requested != null) {
            requested.forEach((key, value) -> {
                if (key != null && value != null && RECORDER_VARIABLES.contains(key)) {
                    env.put(key, value);
                }
            });
        }
        return env;
    }

    @Override
    public String viewerCommand(Path recording) {
        return Files.isRegularFile(recording) ? "any XML viewer: " + ProcessRunner.quote(List.of(recording.toString()))
                : "open " + ProcessRunner.quote(List.of(recording.toString())) + "   (opens it in Instruments)";
    }

    @Override
    public String platformOf(Profile profile) {
        return "macos";
    }

    /** Both output streams of one tool, in arrival order, for judging and for messages. */
    private final class Output {
        private final List<String> lines = new ArrayList<>();

        ProcessSpec collect(ProcessSpec spec, String logPrefix) {
            return spec.stdout(line -> add(line, logPrefix)).stderr(line -> add(line, logPrefix));
        }

        private void add(String line, String logPrefix) {
            synchronized (lines) {
                lines.add(line);
            }
            if (logPrefix != null) {
                log.info(logPrefix + line);
            } else {
                log.debug("[" + id() + "] " + line);
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        List<String> tail(int n) {
            List<String> all = lines();
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
    }
}
