package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.profiler.Platform;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.ProfilerOptions;
import io.github.rustinstruments.maven.profiler.ProfilerOptions.Tool;
import io.github.rustinstruments.maven.runs.PlannedRun;
import io.github.rustinstruments.maven.runs.RunConfiguration;
import io.github.rustinstruments.maven.workflow.AnalysisSettings;
import io.github.rustinstruments.maven.workflow.GoalOutcome;
import io.github.rustinstruments.maven.workflow.RunTarget;
import io.github.rustinstruments.maven.workflow.RunWorkflow;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code allocations} and {@code leaks} share: build once, then let the workflow record and analyse each run.
 * A run whose program fails does not stop the others; the goal fails at the end, naming each.
 */
public abstract class AbstractRecordingMojo extends AbstractProgramMojo {

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

    /**
     * The heaptrack executable: a name looked up on the PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.heaptrackExecutable", defaultValue = "heaptrack")
    protected String heaptrackExecutable;

    /** {@code allocations} or {@code leaks}: the base name of the run's files. */
    protected abstract String kind();

    /**
     * The backend the goal's {@code profiler} parameter chooses.
     *
     * @throws IllegalArgumentException for an unknown choice, listing the others
     */
    protected abstract Profiler profiler(Platform platform, ProcessRunner runner, ProfilerOptions options);

    @Override
    protected ProfilerOptions profilerOptions() throws MojoExecutionException {
        return super.profilerOptions().executable(Tool.HEAPTRACK, heaptrackExecutable);
    }

    @Override
    protected final void run() throws MojoExecutionException, MojoFailureException {
        List<PlannedRun> planned = plannedRuns(runs);
        checkWorkingDirectory();
        AnalysisSettings settings;
        try {
            settings = new AnalysisSettings(topSites, showHashes, module());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        ProcessRunner runner = processRunner();
        Platform platform = platform();
        Profiler backend;
        try {
            backend = profiler(platform, runner, profilerOptions());
            backend.checkInstalled(environment());
        } catch (IllegalArgumentException | ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        RunTarget target = target(buildExecutable(runner));
        GoalOutcome outcome = new RunWorkflow(buildLog(), settings, owner()).recordRuns(kind(), planned, backend, target,
                platform.toString(), output());
        if (outcome.succeeded()) {
            return;
        }
        if (!outcome.broken().isEmpty()) {
            throw new MojoExecutionException(outcome.failureMessage());
        }
        throw new MojoFailureException(outcome.failureMessage());
    }
}
