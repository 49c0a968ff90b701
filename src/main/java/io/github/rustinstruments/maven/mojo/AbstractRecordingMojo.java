package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.cargo.BuiltExecutable;
import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.report.RunReport;
import io.github.rustinstruments.maven.runs.PlannedRun;
import io.github.rustinstruments.maven.runs.RunConfiguration;
import io.github.rustinstruments.maven.runs.RunPlan;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code allocations} and {@code leaks} share: build once, then for each run record, analyse and write the
 * run's files. A run whose program fails does not stop the others; the goal fails at the end, naming each.
 */
public abstract class AbstractRecordingMojo extends AbstractBuildingMojo {

    /**
     * Arguments for the profiled program (comma-separated on the command line).
     * <pre>{@code
     * <args>
     *   <arg>--input</arg>
     *   <arg>src/test/resources/big.json</arg>
     * </args>
     * }</pre>
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.args")
    protected List<String> args;

    /**
     * The profiled program's working directory. Default: the crate directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.workingDirectory")
    protected File workingDirectory;

    /**
     * How long the profiled program may run: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 500ms} (a plain
     * number is seconds). After it, the program and its children are killed and the goal fails.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.timeLimit", defaultValue = "10m")
    protected String timeLimit;

    /**
     * Named runs: the same harness profiled on several workloads, each with its own directory
     * {@code <outputDirectory>/<name>/}. Without runs there is one run, {@code default}, made of the top-level
     * {@code args}, {@code environmentVariables} and {@code timeLimit}; a run inherits what it leaves out.
     * <pre>{@code
     * <runs>
     *   <run><name>parse-small</name><args><arg>small.json</arg></args></run>
     *   <run><name>parse-big</name><args><arg>big.json</arg></args><timeLimit>5m</timeLimit></run>
     * </runs>
     * }</pre>
     *
     * @since 0.1.0
     */
    @Parameter
    protected List<RunConfiguration> runs;

    /**
     * How many allocation sites in the user's code the console summary lists.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.topSites", defaultValue = "10")
    protected int topSites;

    /**
     * Shows the hashes of Rust symbols ({@code ::h0123456789abcdef}) instead of hiding them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.showHashes", defaultValue = "false")
    protected boolean showHashes;

    /** {@code allocations} or {@code leaks}: the base name of the run's files. */
    protected abstract String kind();

    /** The backend for this goal, checked to be installed. */
    protected abstract Profiler profiler(ProcessRunner runner) throws MojoExecutionException;

    /** The summary of one run. */
    protected abstract Summary summarize(String run, String platform, Profiler profiler, List<String> command,
            Recording recording, Profile profile, ProfileAnalysis analysis);

    @Override
    protected final void run() throws MojoExecutionException, MojoFailureException {
        List<PlannedRun> planned;
        try {
            planned = RunPlan.resolve(runs, args, environment(), timeLimit);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("invalid <runs> or run parameters: " + e.getMessage());
        }
        if (workingDirectory != null && !workingDirectory.isDirectory()) {
            throw new MojoExecutionException("workingDirectory " + workingDirectory + " does not exist or is not a"
                    + " directory: create it or change <workingDirectory> (-Drust-instruments.workingDirectory)");
        }
        if (topSites < 0) {
            throw new MojoExecutionException("topSites must be 0 or more, not " + topSites);
        }
        ProcessRunner runner = processRunner();
        String platform = platform().toString();
        Profiler backend = profiler(runner);
        BuiltExecutable built = buildExecutable(runner);
        Path workDir = workingDirectory != null ? workingDirectory.toPath() : resolvedCrateDirectory();

        Map<String, String> failures = new LinkedHashMap<>();
        boolean brokenRecording = false;
        for (PlannedRun run : planned) {
            try {
                String failure = record(run, platform, backend, built, workDir);
                if (failure != null) {
                    failures.put(run.name(), failure);
                }
            } catch (MojoExecutionException e) {
                failures.put(run.name(), e.getMessage());
                brokenRecording = true;
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder();
        failures.forEach((run, failure) -> message.append(planned.size() > 1 ? "\nrun '" + run + "': " : "")
                .append(failure));
        String text = planned.size() > 1 ? failures.size() + " of " + planned.size() + " runs failed:" + message
                : message.toString();
        if (brokenRecording) {
            throw new MojoExecutionException(text);
        }
        throw new MojoFailureException(text);
    }

    /** Records and analyses one run; returns why the program failed, or {@code null} when it succeeded. */
    private String record(PlannedRun run, String platform, Profiler backend, BuiltExecutable built, Path workDir)
            throws MojoExecutionException {
        List<String> command = new ArrayList<>();
        command.add(built.executable().toString());
        command.addAll(run.args());
        Path runDirectory = output().resolve(run.name());
        RecordingRequest request = new RecordingRequest(kind(), command, run.environment(), workDir, run.timeLimit(),
                runDirectory);
        Recording recording;
        try {
            recording = backend.record(request);
        } catch (IOException e) {
            throw new MojoExecutionException("could not run " + backend.id() + ": " + e.getMessage());
        }
        String timeLimitMessage = "the profiled program ran past its time limit of " + Durations.format(run.timeLimit())
                + " and was killed with its child processes; raise <timeLimit> (-Drust-instruments.timeLimit)"
                + " or give it less work";
        if (recording.file() == null) {
            return recording.timedOut() ? timeLimitMessage + "; " + backend.id() + " wrote no recording"
                    : backend.id() + " wrote no recording in " + runDirectory + " (it "
                    + ProcessResult.describeExit(recording.exitCode()) + ")" + stderrTail(recording);
        }
        try {
            Profile profile = complete(backend.analyse(recording.file()), backend, request);
            FrameClassifier classifier = new FrameClassifier(built.userCrates(), built.userRoots());
            ProfileAnalysis analysis = ProfileAnalysis.of(profile, classifier, showHashes);
            Summary summary = summarize(run.name(), platform, backend, command, recording, profile, analysis);
            RunReport.Written written = RunReport.write(runDirectory, kind(), summary, analysis);
            RunReport.print(buildLog(), summary, topSites, written, recording.file(),
                    backend.viewerCommand(recording.file()));
        } catch (IOException e) {
            String analysisFailure = "could not analyse the recording " + recording.file() + " (it is kept): "
                    + e.getMessage();
            if (recording.timedOut()) {
                return timeLimitMessage + "; " + analysisFailure;
            }
            if (recording.exitCode() != 0) {
                return "the profiled program " + ProcessResult.describeExit(recording.exitCode())
                        + stderrTail(recording) + "\n"
                        + analysisFailure;
            }
            throw new MojoExecutionException(analysisFailure);
        }
        if (recording.timedOut()) {
            return timeLimitMessage + ". The partial recording is " + recording.file();
        }
        if (recording.exitCode() != 0) {
            return "the profiled program " + built.executable() + " " + ProcessResult.describeExit(recording.exitCode())
                    + stderrTail(recording) + "\nThe recording and the summary are kept in " + runDirectory;
        }
        return null;
    }

    /** Adds what the backend's recording lacks and another tool can measure; the profile as it is by default. */
    protected Profile complete(Profile profile, Profiler backend, RecordingRequest request) throws IOException {
        return profile;
    }

    /** Fails with what to install when the backend's tool is missing. */
    protected Profiler checked(Profiler backend) throws MojoExecutionException {
        try {
            backend.checkInstalled(environment());
            return backend;
        } catch (ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        }
    }

    private static String stderrTail(Recording recording) {
        return recording.stderrTail().isEmpty() ? ""
                : "; the last lines of its standard error:\n    " + String.join("\n    ", recording.stderrTail());
    }
}
