package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.cargo.BuiltExecutable;
import io.github.rustinstruments.maven.profiler.ProfilerOptions;
import io.github.rustinstruments.maven.profiler.ProfilerOptions.Tool;
import io.github.rustinstruments.maven.runs.PlannedRun;
import io.github.rustinstruments.maven.runs.RunConfiguration;
import io.github.rustinstruments.maven.runs.RunPlan;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.workflow.RunTarget;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals that run the built program share: its arguments, directory and time limit, and xcrun. */
public abstract class AbstractProgramMojo extends AbstractBuildingMojo {

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
     * macOS: xcrun, which finds xctrace (full Xcode is needed).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.xcrunExecutable", defaultValue = "xcrun")
    protected String xcrunExecutable;

    /**
     * macOS on Apple Silicon: codesign, which gives the program the {@code get-task-allow} entitlement Instruments
     * needs to attach (an ad-hoc signature of the built executable).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.codesignExecutable", defaultValue = "codesign")
    protected String codesignExecutable;

    /** The runs to record: the configured ones, or {@code default} made of the top-level parameters. */
    protected List<PlannedRun> plannedRuns(List<RunConfiguration> configured) throws MojoExecutionException {
        try {
            return RunPlan.resolve(configured, args, environment(), timeLimit);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("invalid <runs> or run parameters: " + e.getMessage());
        }
    }

    /** Fails on a working directory that does not exist, before anything is built. */
    protected void checkWorkingDirectory() throws MojoExecutionException {
        if (workingDirectory != null && !workingDirectory.isDirectory()) {
            throw new MojoExecutionException("workingDirectory " + workingDirectory + " does not exist or is not a"
                    + " directory: create it or change <workingDirectory> (-Drust-instruments.workingDirectory)");
        }
    }

    /** The built program, where it starts, and which code is the user's ({@link #checkWorkingDirectory} first). */
    protected RunTarget target(BuiltExecutable built) throws MojoExecutionException {
        Path directory = workingDirectory != null ? workingDirectory.toPath() : resolvedCrateDirectory();
        return new RunTarget(built.executable(), directory,
                new FrameClassifier(built.userCrates(), built.userRoots()));
    }

    /** The profilers' executables and options this goal has parameters for; the others keep their defaults. */
    protected ProfilerOptions profilerOptions() throws MojoExecutionException {
        return new ProfilerOptions().executable(Tool.XCRUN, xcrunExecutable)
                .executable(Tool.CODESIGN, codesignExecutable);
    }
}
