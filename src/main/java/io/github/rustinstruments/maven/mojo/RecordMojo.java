package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.profiler.Platform;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.Profilers;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.runs.PlannedRun;
import io.github.rustinstruments.maven.summary.RunNames;
import io.github.rustinstruments.maven.workflow.AnalysisSettings;
import io.github.rustinstruments.maven.workflow.RunTarget;
import io.github.rustinstruments.maven.workflow.RunWorkflow;
import io.github.rustinstruments.maven.workflow.WorkflowException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * macOS: records the harness with any Instruments template or instrument ({@code Time Profiler}, {@code Leaks},
 * {@code System Trace}, ...) into {@code <outputDirectory>/<run>/<template>.trace}, for the Instruments GUI. No
 * analysis beyond checking that the recording succeeded. On Linux it fails, pointing to {@code allocations} and
 * {@code leaks}.
 * <pre>
 * mvn rust-instruments:record -Drust-instruments.template="Time Profiler" -Drust-instruments.open
 * </pre>
 *
 * @since 0.1.0
 */
@Mojo(name = "record", threadSafe = true)
public class RecordMojo extends AbstractProgramMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.record.skip", defaultValue = "false")
    private boolean skipRecord;

    /**
     * The Instruments template (or instrument) to record with.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.template", defaultValue = "Allocations")
    private String template;

    /**
     * The run name: the trace goes to {@code <outputDirectory>/<run>/}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.run", defaultValue = "default")
    private String run;

    /**
     * Opens the trace in Instruments afterwards ({@code open <trace>}); never in batch mode ({@code mvn -B}) or CI.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.open", defaultValue = "false")
    private boolean open;

    @Override
    protected String goal() {
        return "record";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipRecord;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Platform platform = platform();
        if (!platform.isMac()) {
            throw new MojoExecutionException("rust-instruments:record drives Instruments, which exists only on macOS;"
                    + " on " + platform + " use rust-instruments:allocations (heaptrack) or rust-instruments:leaks"
                    + " (valgrind memcheck)");
        }
        if (template == null || template.isBlank()) {
            throw new MojoExecutionException("set <template> (-Drust-instruments.template), e.g. \"Time Profiler\"");
        }
        String runName;
        try {
            runName = RunNames.validate(run);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        PlannedRun planned = plannedRuns(null).get(0);
        checkWorkingDirectory();
        ProcessRunner runner = processRunner();
        Profiler instruments = Profilers.instruments(runner, buildLog(), profilerOptions(), platform, template.trim());
        try {
            instruments.checkInstalled(environment());
        } catch (ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        RunTarget target = target(buildExecutable(runner));
        List<String> command = target.command(planned.args());
        String kind = template.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Recording recording;
        try {
            recording = new RunWorkflow(buildLog(), new AnalysisSettings(0, false, module()), owner()).recordOnly(instruments,
                    new RecordingRequest(kind, command, planned.environment(), target.workingDirectory(),
                            planned.timeLimit(), output().resolve(runName)));
        } catch (WorkflowException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        if (recording.file() == null) {
            throw new MojoFailureException("xctrace wrote no trace for template '" + template + "'");
        }
        getLog().info("Recorded " + recording.file() + " (template '" + template + "', program exit status "
                + recording.exitCode() + ")");
        getLog().info("Open it with: " + instruments.viewerCommand(recording.file()));
        if (open && opensViewer()) {
            try {
                runner.run(ProcessSpec.of("open", recording.file().toString()).environment(environment()));
            } catch (IOException e) {
                getLog().warn("could not open the trace: " + e.getMessage());
            }
        }
    }

    /** Never from a batch or CI build: nobody is there to look. */
    private boolean opensViewer() {
        boolean batch = session != null && session.getRequest() != null && !session.getRequest().isInteractiveMode();
        boolean ci = System.getenv("CI") != null;
        if (batch || ci) {
            getLog().info("Not opening the trace in " + (ci ? "CI" : "batch mode"));
        }
        return !batch && !ci;
    }
}
