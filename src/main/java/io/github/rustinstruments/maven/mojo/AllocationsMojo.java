package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.cargo.BuiltExecutable;
import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.profiler.Platform;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.Profilers;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.report.RunReport;
import io.github.rustinstruments.maven.report.Summary;
import io.github.rustinstruments.maven.report.SummaryFactory;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the harness, runs it under the platform's memory profiler (heaptrack on Linux), keeps the recording
 * under {@code <outputDirectory>/<run>/} and writes {@code allocations.json}: totals, peak, leaks and the top
 * allocation sites in the user's own code. Never fails on a budget (that is {@code verify}'s job); fails when
 * the program itself fails, after the recording and the summary are written.
 *
 * @since 0.1.0
 */
@Mojo(name = "allocations", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class AllocationsMojo extends AbstractBuildingMojo {
    static final String RUN = "default";
    static final String KIND = "allocations";

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.allocations.skip", defaultValue = "false")
    private boolean skipAllocations;

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
    private List<String> args;

    /**
     * The profiled program's working directory. Default: the crate directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.workingDirectory")
    private File workingDirectory;

    /**
     * How long the profiled program may run: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 500ms} (a plain
     * number is seconds). After it, the program and its children are killed and the goal fails.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.timeLimit", defaultValue = "10m")
    private String timeLimit;

    /**
     * The memory profiler: {@code auto} (heaptrack on Linux) or {@code heaptrack}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.profiler", defaultValue = "auto")
    private String profiler;

    /**
     * The heaptrack executable: a name looked up on the PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.heaptrackExecutable", defaultValue = "heaptrack")
    private String heaptrackExecutable;

    /**
     * How many allocation sites in the user's code the console summary lists.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.topSites", defaultValue = "10")
    private int topSites;

    /**
     * Shows the hashes of Rust symbols ({@code ::h0123456789abcdef}) instead of hiding them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.showHashes", defaultValue = "false")
    private boolean showHashes;

    @Override
    protected String goal() {
        return KIND;
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipAllocations;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Duration limit;
        try {
            limit = Durations.parse(timeLimit);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("timeLimit " + e.getMessage());
        }
        if (workingDirectory != null && !workingDirectory.isDirectory()) {
            throw new MojoExecutionException("workingDirectory " + workingDirectory + " does not exist or is not a"
                    + " directory: create it or change <workingDirectory> (-Drust-instruments.workingDirectory)");
        }
        if (topSites < 0) {
            throw new MojoExecutionException("topSites must be 0 or more, not " + topSites);
        }
        ProcessRunner runner = processRunner();
        Profiler backend;
        try {
            backend = Profilers.forAllocations(profiler, Platform.current(), runner, buildLog(), heaptrackExecutable);
            backend.checkInstalled(environment());
        } catch (IllegalArgumentException | ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        }

        BuiltExecutable built = buildExecutable(runner);
        List<String> command = new ArrayList<>();
        command.add(built.executable().toString());
        if (args != null) {
            args.stream().filter(arg -> arg != null).forEach(command::add);
        }
        Path runDirectory = output().resolve(RUN);
        Path workDir = workingDirectory != null ? workingDirectory.toPath() : resolvedCrateDirectory();
        Recording recording;
        try {
            recording = backend.record(new RecordingRequest(KIND, command, environment(), workDir, limit,
                    runDirectory));
        } catch (IOException e) {
            throw new MojoExecutionException("could not run " + backend.id() + ": " + e.getMessage());
        }

        String timeLimitMessage = "the profiled program ran past its time limit of " + Durations.format(limit)
                + " and was killed with its child processes; raise <timeLimit> (-Drust-instruments.timeLimit)"
                + " or give it less work";
        if (recording.file() == null) {
            throw new MojoFailureException(recording.timedOut() ? timeLimitMessage + "; " + backend.id()
                    + " wrote no recording" : backend.id() + " wrote no recording in " + runDirectory
                    + " (it " + describeExit(recording.exitCode()) + ")" + stderrTail(recording));
        }

        Path summaryFile = runDirectory.resolve(KIND + ".json");
        try {
            Profile profile = backend.analyse(recording.file());
            FrameClassifier classifier = new FrameClassifier(built.userCrates(), built.userRoots());
            ProfileAnalysis analysis = ProfileAnalysis.of(profile, classifier, showHashes);
            Summary summary = SummaryFactory.allocations(RUN, backend.id(), Platform.current().toString(), command,
                    recording, profile, analysis.sites());
            RunReport.Written written = RunReport.write(runDirectory, KIND, summary, analysis);
            RunReport.print(buildLog(), summary, topSites, written, recording.file(),
                    backend.viewerCommand(recording.file()));
        } catch (IOException e) {
            String analysisFailure = "could not analyse the recording " + recording.file() + " (it is kept): "
                    + e.getMessage();
            if (recording.timedOut()) {
                throw new MojoFailureException(timeLimitMessage + "; " + analysisFailure);
            }
            if (recording.exitCode() != 0) {
                throw new MojoFailureException("the profiled program " + describeExit(recording.exitCode())
                        + stderrTail(recording) + "\n" + analysisFailure);
            }
            throw new MojoExecutionException(analysisFailure);
        }
        if (recording.timedOut()) {
            throw new MojoFailureException(timeLimitMessage + ". The partial recording is " + recording.file());
        }
        if (recording.exitCode() != 0) {
            throw new MojoFailureException("the profiled program " + built.executable() + " "
                    + describeExit(recording.exitCode()) + stderrTail(recording)
                    + "\nThe recording and the summary are kept: " + recording.file() + ", " + summaryFile);
        }
    }

    private static String describeExit(int exitCode) {
        return new io.github.rustinstruments.maven.process.ProcessResult(exitCode, 0, List.of()).describeExit();
    }

    private static String stderrTail(Recording recording) {
        return recording.stderrTail().isEmpty() ? ""
                : "; the last lines of its standard error:\n    " + String.join("\n    ", recording.stderrTail());
    }
}
