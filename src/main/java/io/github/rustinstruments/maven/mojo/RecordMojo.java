package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.cargo.BuiltExecutable;
import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.profiler.Platform;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.Profilers;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.summary.RunNames;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
public class RecordMojo extends AbstractBuildingMojo {

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
     * Arguments for the recorded program (comma-separated on the command line).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.args")
    private List<String> args;

    /**
     * The recorded program's working directory. Default: the crate directory.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.workingDirectory")
    private File workingDirectory;

    /**
     * How long to record ({@code 90s}, {@code 10m}); xctrace stops itself then.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.timeLimit", defaultValue = "10m")
    private String timeLimit;

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

    /**
     * xcrun, which finds xctrace (full Xcode is needed).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.xcrunExecutable", defaultValue = "xcrun")
    private String xcrunExecutable;

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
        Duration limit;
        String runName;
        try {
            limit = Durations.parse(timeLimit);
            runName = RunNames.validate(run);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        ProcessRunner runner = processRunner();
        Profiler xctrace = Profilers.xctrace(runner, buildLog(), new Profilers.Tools("heaptrack", "valgrind",
                List.of(), List.of(), "leaks", xcrunExecutable, "codesign"), platform, template.trim());
        try {
            xctrace.checkInstalled(environment());
        } catch (ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        BuiltExecutable built = buildExecutable(runner);
        List<String> command = new ArrayList<>();
        command.add(built.executable().toString());
        if (args != null) {
            args.stream().filter(arg -> arg != null).forEach(command::add);
        }
        Path workDir = workingDirectory != null ? workingDirectory.toPath() : resolvedCrateDirectory();
        String kind = template.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Recording recording;
        try {
            recording = xctrace.record(new RecordingRequest(kind, command, environment(), workDir, limit,
                    output().resolve(runName)));
        } catch (IOException e) {
            throw new MojoExecutionException("could not record with Instruments: " + e.getMessage());
        }
        if (recording.file() == null) {
            throw new MojoFailureException("xctrace wrote no trace for template '" + template + "'");
        }
        getLog().info("Recorded " + recording.file() + " (template '" + template + "', program exit status "
                + recording.exitCode() + ")");
        getLog().info("Open it with: open " + recording.file());
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
