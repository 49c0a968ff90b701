package io.github.rustinstruments.maven.workflow;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.jvm.JvmRunProfiler;
import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.Profilers;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.report.RunFiles;
import io.github.rustinstruments.maven.runs.PlannedRun;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.UserCrateGuess;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.RecordingFormat;
import io.github.rustinstruments.maven.trace.RecordingFormatException;
import io.github.rustinstruments.maven.trace.RecordingIncompleteException;
import io.github.rustinstruments.maven.trace.StackCost;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one way from a run to its summary set, for every goal: record the run with a backend (or take an existing
 * recording), read it, analyse it, attribute its sites, write {@code <kind>.json/.html/.folded} and print the
 * console summary. Goals only translate their parameters into these calls and the outcome into their own errors.
 */
public final class RunWorkflow {
    private final BuildLog log;
    private final AnalysisSettings settings;
    private final String owner;

    /**
     * @param owner who runs the workflow, as a waiting build is told (e.g. {@code rust-instruments:allocations of
     *              my-lib})
     */
    public RunWorkflow(BuildLog log, AnalysisSettings settings, String owner) {
        this.log = log;
        this.settings = settings;
        this.owner = owner;
    }

    /**
     * Records and analyses each run in turn; a run whose program fails or whose recording breaks does not stop the
     * others.
     *
     * @param kind            {@code allocations} or {@code leaks}: the base name of each run's files
     * @param outputDirectory where the runs' directories go, {@code <outputDirectory>/<run>/}
     */
    public GoalOutcome recordRuns(String kind, List<PlannedRun> runs, Profiler backend, RunTarget target,
            String platform, Path outputDirectory) {
        List<RunOutcome> outcomes = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (PlannedRun run : runs) {
            try {
                outcomes.add(recordRun(kind, run, backend, target, platform, outputDirectory.resolve(run.name())));
            } catch (WorkflowException e) {
                outcomes.add(new RunOutcome(run.name(), null, null, e.getMessage()));
                broken.add(run.name());
            }
        }
        return new GoalOutcome(outcomes, broken);
    }

    /**
     * Records one run and analyses it, owning its directory meanwhile: another build recording the same run waits
     * (at most this run's time limit and a minute) rather than mixing its figures with these. The run's previous
     * summary set is removed first, so that an interrupted or failed recording never leaves one that the gate could
     * take for this run's; the recording itself is always kept.
     *
     * @throws WorkflowException the profiler did not run, or its recording of a program that succeeded cannot be read
     */
    public RunOutcome recordRun(String kind, PlannedRun run, Profiler backend, RunTarget target, String platform,
            Path runDirectory) throws WorkflowException {
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(runDirectory, owner,
                run.timeLimit().plusMinutes(1), log);
                InterruptNotice notice = InterruptNotice.during("run '" + run.name() + "' (" + kind + ")",
                        runDirectory)) {
            RunFiles.discard(runDirectory, kind);
            return recordLocked(kind, run, backend, target, platform, runDirectory);
        } catch (IOException e) {
            throw new WorkflowException("could not prepare the run directory " + runDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    private RunOutcome recordLocked(String kind, PlannedRun run, Profiler backend, RunTarget target,
            String platform, Path runDirectory) throws WorkflowException {
        List<String> command = target.command(run.args());
        RecordingRequest request = new RecordingRequest(kind, command, run.environment(), target.workingDirectory(),
                run.timeLimit(), runDirectory);
        Recording recording = record(backend, request);
        String timeLimitMessage = "the profiled program ran past its time limit of " + Durations.format(run.timeLimit())
                + " and was killed with its child processes; raise <timeLimit> (-Drust-instruments.timeLimit)"
                + " or give it less work";
        if (recording.file() == null) {
            return failed(run, recording.timedOut() ? timeLimitMessage + "; " + backend.id() + " wrote no recording"
                    : backend.id() + " wrote no recording in " + runDirectory + " (it "
                    + ProcessResult.describeExit(recording.exitCode()) + ")" + stderrTail(recording));
        }
        RunFiles.Written written;
        Summary summary;
        try {
            Analysed analysed = analyse(kind, run.name(), backend, recording.file(), target.userCode(), runDirectory,
                    new Provenance(platform, command, recording.exitCode(),
                            Summary.Ended.of(recording.exitCode(), recording.timedOut()), recording.durationMillis(),
                            recording.file().getFileName().toString()));
            written = analysed.files();
            summary = analysed.summary();
        } catch (RecordingIncompleteException e) {
            // the profiler, not the program, failed: its own last words say why
            throw new WorkflowException(backend.id() + " did not complete its recording, so this run has no figures: "
                    + e.getMessage() + ". It " + ProcessResult.describeExit(recording.exitCode())
                    + stderrTail(recording) + "\nThe recording is kept in " + recording.file(), e);
        } catch (IOException e) {
            String analysisFailure = "could not analyse the recording " + recording.file() + " (it is kept): "
                    + e.getMessage();
            if (recording.timedOut()) {
                return failed(run, timeLimitMessage + "; " + analysisFailure);
            }
            if (recording.exitCode() != 0) {
                return failed(run, "the profiled program " + ProcessResult.describeExit(recording.exitCode())
                        + stderrTail(recording) + "\n" + analysisFailure);
            }
            throw new WorkflowException(analysisFailure, e);
        }
        if (recording.timedOut()) {
            return new RunOutcome(run.name(), summary, written,
                    timeLimitMessage + ". The partial recording is " + recording.file());
        }
        if (recording.exitCode() != 0) {
            return new RunOutcome(run.name(), summary, written, "the profiled program " + target.executable() + " "
                    + ProcessResult.describeExit(recording.exitCode()) + stderrTail(recording)
                    + "\nThe recording and the summary are kept in " + runDirectory);
        }
        return new RunOutcome(run.name(), summary, written, null);
    }

    /**
     * Records without analysing, for a viewer ({@code record} goal: any Instruments template).
     *
     * @throws WorkflowException the profiler did not run
     */
    public Recording recordOnly(Profiler backend, RecordingRequest request) throws WorkflowException {
        return record(backend, request);
    }

    /**
     * Analyses a recording made here or elsewhere ({@code report} goal); its format is recognised from its content.
     *
     * @param userCrates the crates that are the user's code; empty to guess them from the recording's local sources
     * @throws WorkflowException the file is no recording this plugin reads, or it cannot be read
     */
    public RunOutcome analyseRecording(Path input, String run, Path runDirectory, Set<String> userCrates,
            ProcessRunner runner) throws WorkflowException {
        try {
            Profiler reader = Profilers.forRecording(input, RecordingFormat.detect(input), runner, log);
            return analyseWith(reader, input, run, runDirectory, userCrates);
        } catch (RecordingFormatException e) {
            throw new WorkflowException(e.getMessage(), e);
        } catch (IOException e) {
            throw new WorkflowException("could not analyse " + input + ": " + e.getMessage(), e);
        }
    }

    private RunOutcome analyseWith(Profiler reader, Path input, String run, Path runDirectory,
            Set<String> userCrates) throws IOException {
        long start = System.nanoTime();
        warmUpWriting();
        Profile profile = reader.analyse(input);
        log.debug("read " + input + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        Set<String> crates = new LinkedHashSet<>(userCrates);
        if (crates.isEmpty()) {
            crates.addAll(UserCrateGuess.fromFrames(framesOf(profile)));
            log.info("User crates (from the recording's local sources): "
                    + (crates.isEmpty() ? "none found" : String.join(", ", crates))
                    + "; set <userCrates> (-Drust-instruments.userCrates) to choose them");
        }
        FrameClassifier userCode = new FrameClassifier(crates, List.of()).localSourcesAreUsers();
        String kind = profile.leaks() != null ? "leaks" : "allocations";
        Provenance provenance = new Provenance(reader.platformOf(profile), commandOf(profile), null, null,
                profile.durationMillis(), input.toString());
        Analysed analysed = analyse(kind, run, reader, input, profile, start, userCode, runDirectory, provenance,
                UnaryOperator.identity());
        return new RunOutcome(run, analysed.summary(), analysed.files(), null);
    }

    /**
     * Analyses the project's test JVMs that {@code prepare-jvm}'s launcher recorded in this build into the run's
     * summary set, scoped to the library (JVM mode), owning the run directory meanwhile.
     *
     * @throws WorkflowException no JVM was recorded, or a recording cannot be read
     */
    public RunOutcome analyseJvmRun(String run, JvmRunProfiler backend, Path runDirectory,
            FrameClassifier userCode, String platform) throws WorkflowException {
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(runDirectory, owner, Duration.ofMinutes(10), log);
                InterruptNotice notice = InterruptNotice.during("run '" + run + "' (test JVMs)", runDirectory)) {
            RunFiles.discard(runDirectory, "allocations");
            long start = System.nanoTime();
            warmUpWriting();
            JvmRunProfiler.JvmProfile jvm;
            try {
                jvm = backend.analyseRun(runDirectory);
            } catch (RecordingFormatException e) {
                throw new WorkflowException(e.getMessage(), e);
            } catch (IOException e) {
                throw new WorkflowException("could not analyse the test JVMs' recordings in " + runDirectory + " (they"
                        + " are kept): " + e.getMessage(), e);
            }
            log.debug("read " + jvm.forks().size() + " JVM recording(s) in " + (System.nanoTime() - start) / 1_000_000
                    + " ms");
            Provenance provenance = new Provenance(platform, null, jvm.worstExitCode(),
                    Summary.Ended.of(jvm.worstExitCode(), false), jvm.library().durationMillis(),
                    jvm.forks().get(0).recording());
            Analysed analysed = analyse("allocations", run, backend, runDirectory, jvm.library(), start, userCode,
                    runDirectory, provenance, summary -> summary.inJvm(List.of(jvm.module()), jvm.forks(),
                            jvm.process()));
            return new RunOutcome(run, analysed.summary(), analysed.files(), null);
        } catch (IOException e) {
            throw new WorkflowException("could not analyse the test JVMs' recordings in " + runDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where a recording came from, as far as it is known: what the summary says besides the analysis. */
    private record Provenance(String platform, List<String> command, Integer exitCode, Summary.Ended ended,
            Long durationMillis, String recordingName) {}

    private record Analysed(Summary summary, RunFiles.Written files) {}

    private Analysed analyse(String kind, String run, Profiler backend, Path recording, FrameClassifier userCode,
            Path runDirectory, Provenance provenance) throws IOException {
        long start = System.nanoTime();
        warmUpWriting();
        Profile profile = backend.analyse(recording);
        log.debug("read " + recording + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return analyse(kind, run, backend, recording, profile, start, userCode, runDirectory, provenance,
                UnaryOperator.identity());
    }

    private Analysed analyse(String kind, String run, Profiler backend, Path recording, Profile profile, long start,
            FrameClassifier userCode, Path runDirectory, Provenance provenance, UnaryOperator<Summary> scoped)
            throws IOException {
        ProfileAnalysis analysis = ProfileAnalysis.of(profile, userCode, settings.showHashes());
        Summary summary = scoped.apply(SummaryFactory.of(kind, run, backend.id(), provenance.platform(),
                provenance.command(), provenance.exitCode(), provenance.durationMillis(), provenance.recordingName(),
                profile, analysis).withEnded(provenance.ended()));
        log.debug("analysed in " + (System.nanoTime() - start) / 1_000_000 + " ms since the start");
        if (ProcessRunner.shuttingDown() || InterruptNotice.shuttingDown()) {
            throw new IOException("Maven is being stopped: the recording may be incomplete, so no summary is written");
        }
        RunFiles.Written written = RunFiles.write(runDirectory, kind, summary, analysis);
        log.debug("wrote the run's files " + (System.nanoTime() - start) / 1_000_000 + " ms since the start");
        RunFiles.print(log, summary, settings.module(), settings.topSites(), written, recording,
                backend.viewerCommand(recording));
        return new Analysed(summary, written);
    }

    /** The summary's JSON writing gets ready on another core while the recording is read. */
    private static void warmUpWriting() {
        Thread warm = new Thread(RunFiles::warmUp, "rust-instruments-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    private static Recording record(Profiler backend, RecordingRequest request) throws WorkflowException {
        try {
            return backend.record(request);
        } catch (IOException e) {
            throw new WorkflowException("could not run " + backend.id() + ": " + e.getMessage(), e);
        }
    }

    private static RunOutcome failed(PlannedRun run, String why) {
        return new RunOutcome(run.name(), null, null, why);
    }

    private static String stderrTail(Recording recording) {
        return recording.stderrTail().isEmpty() ? ""
                : "; the last lines of its standard error:\n    " + String.join("\n    ", recording.stderrTail());
    }

    private static List<String[]> framesOf(Profile profile) {
        Set<Frame> seen = new LinkedHashSet<>();
        for (StackCost stack : profile.stacks()) {
            stack.frames().forEach(frame -> seen.add(frame.withoutAddress()));
        }
        List<String[]> out = new ArrayList<>(seen.size());
        seen.forEach(frame -> out.add(new String[] {frame.function(), frame.file()}));
        return out;
    }

    /** The command line a recording names (heaptrack writes it), split on white space. */
    static List<String> commandOf(Profile profile) {
        if (profile.command() == null || profile.command().isBlank()) {
            return null;
        }
        return Arrays.stream(profile.command().trim().split("\\s+")).toList();
    }
}
