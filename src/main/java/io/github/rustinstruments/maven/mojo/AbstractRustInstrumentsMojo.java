package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.cargo.Cargo;
import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.cargo.CargoException;
import io.github.rustinstruments.maven.cargo.CrateLocator;
import io.github.rustinstruments.maven.gate.SummarySet;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.Platform;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: skip handling, where the crate and the output are, how cargo is called.
 * Subclasses implement {@link #run()}; {@link #execute()} handles {@code skip} once for all of them.
 */
public abstract class AbstractRustInstrumentsMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /**
     * Skips every goal of this plugin.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The directory of the Rust library's {@code Cargo.toml}. When unset: <code>${basedir}</code> if it has a
     * {@code Cargo.toml}, else <code>${basedir}/src/main/rust</code>.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.crateDirectory")
    protected File crateDirectory;

    /**
     * The directory of the harness crate that calls the library under the profiler. Created once by
     * {@code scaffold}, then the user's to edit; the plugin never overwrites a file in it.
     * Default: {@code <crateDirectory>/memcheck}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.harnessDirectory")
    protected File harnessDirectory;

    /**
     * Where recordings, summaries and cargo's build output go.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.outputDirectory",
            defaultValue = "${project.build.directory}/rust-instruments")
    protected File outputDirectory;

    /**
     * The cargo executable: a name looked up on the PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.cargoExecutable", defaultValue = "cargo")
    protected String cargoExecutable;

    /**
     * How long one cargo call ({@code cargo metadata}, {@code cargo build}) may take: {@code 30m}, {@code 1h},
     * {@code 90s}. After it cargo and its children are killed and the goal fails, instead of a cargo that waits for
     * a lock or the network hanging the build.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.cargoTimeLimit", defaultValue = "30m")
    protected String cargoTimeLimit;

    /**
     * Environment variables added for cargo and for the profiled program. A {@code PATH} given here is also
     * where cargo and the profiler are looked up. Entries without a value are ignored.
     * <pre>{@code
     * <environmentVariables>
     *   <RUST_LOG>debug</RUST_LOG>
     * </environmentVariables>
     * }</pre>
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> environmentVariables;

    /**
     * The property with which the plugin's own tests make a goal behave as on another platform
     * ({@code macos-aarch64}, {@code linux-x86_64}); the other platform's tools must then be on the PATH (the tests
     * use stand-ins). Read from the command line, not a parameter: it is no setting for users, so the help leaves it
     * out.
     */
    static final String PLATFORM_PROPERTY = "rust-instruments.platform";

    private BuildLog buildLog;
    private Path crate;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping rust-instruments (rust-instruments.skip)");
            onSkip();
            return;
        }
        if (isGoalSkipped()) {
            getLog().info("Skipping rust-instruments:" + goal() + " (rust-instruments." + goal() + ".skip)");
            onSkip();
            return;
        }
        if (needsCrate() && crateDirectory == null && module() != null
                && !CrateLocator.hasCrate(project.getBasedir().toPath())) {
            // from the root of a multi-module build, the modules without Rust (the aggregator, Java-only ones)
            getLog().info("Skipping rust-instruments:" + goal() + " in module " + module() + ": it has no Cargo.toml"
                    + " in its base directory or src/main/rust");
            return;
        }
        Path basedir = project != null && project.getBasedir() != null ? project.getBasedir().toPath() : null;
        String unsafe = unsafeOutputDirectory(output(), basedir);
        if (unsafe != null) {
            throw new MojoExecutionException("outputDirectory " + output() + " " + unsafe + ": the plugin writes"
                    + " (and replaces) its files there. Point <outputDirectory> (-Drust-instruments.outputDirectory)"
                    + " at a directory of its own, such as the default ${project.build.directory}/rust-instruments");
        }
        run();
    }

    /** What a skipped goal still owes the build (e.g. a property other plugins read); nothing by default. */
    protected void onSkip() {
        // nothing
    }

    /**
     * Why an output directory is refused, or {@code null} when it is fine: a file system root, the project's base
     * directory or one above it, or anything inside its {@code src} tree would mix the plugin's files with the
     * user's.
     */
    static String unsafeOutputDirectory(Path output, Path basedir) {
        Path out = output.toAbsolutePath().normalize();
        if (out.getParent() == null) {
            return "is a file system root";
        }
        if (basedir == null) {
            return null;
        }
        Path base = basedir.toAbsolutePath().normalize();
        if (base.startsWith(out)) {
            return out.equals(base) ? "is the project's base directory" : "contains the project " + base;
        }
        if (out.startsWith(base.resolve("src"))) {
            return "is inside the source tree " + base.resolve("src");
        }
        return null;
    }

    /** Whether the goal works on the module's Rust crate (it is then skipped in modules without one). */
    protected boolean needsCrate() {
        return false;
    }

    /** The module's name, for headings, when the build has several modules; {@code null} otherwise. */
    protected String module() {
        boolean several = session != null && session.getProjects() != null && session.getProjects().size() > 1;
        return several && project != null ? project.getArtifactId() : null;
    }

    /** The goal's name, for messages. */
    protected abstract String goal();

    /** The goal's own skip parameter. */
    protected abstract boolean isGoalSkipped();

    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** This goal in this project, as a build waiting for the same run directory is told. */
    protected String owner() {
        return "rust-instruments:" + goal() + (project == null ? "" : " of " + project.getGroupId() + ":"
                + project.getArtifactId());
    }

    protected BuildLog buildLog() {
        if (buildLog == null) {
            buildLog = new MavenBuildLog(getLog());
        }
        return buildLog;
    }

    /** The platform the goal acts for: the real one, unless the tests say otherwise. */
    protected Platform platform() throws MojoExecutionException {
        String override = commandLineProperty(PLATFORM_PROPERTY);
        if (override == null || override.isBlank()) {
            return Platform.current();
        }
        try {
            return Platform.parse(override);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
    }

    /** A property given with {@code -D} (or in the pom's properties), for what is no parameter; {@code null} if unset. */
    protected String commandLineProperty(String name) {
        String value = null;
        if (session != null && session.getUserProperties() != null) {
            value = session.getUserProperties().getProperty(name);
        }
        if (value == null && project != null && project.getProperties() != null) {
            value = project.getProperties().getProperty(name);
        }
        return value != null ? value : System.getProperty(name);
    }

    protected Map<String, String> environment() {
        return environmentVariables == null ? Map.of() : environmentVariables;
    }

    protected Path resolvedCrateDirectory() throws MojoExecutionException {
        if (crate == null) {
            try {
                crate = CrateLocator.locate(crateDirectory == null ? null : crateDirectory.toPath(),
                        project.getBasedir().toPath());
            } catch (CargoException e) {
                throw new MojoExecutionException(e.getMessage());
            }
        }
        return crate;
    }

    protected Path resolvedHarnessDirectory(Path crate) {
        return harnessDirectory != null ? harnessDirectory.toPath().toAbsolutePath().normalize()
                : crate.resolve("memcheck");
    }

    protected Path output() {
        if (outputDirectory.getPath().contains("${")) {
            // run without a pom (report goal): Maven leaves ${project.basedir} unresolved; use the current directory
            Path base = Path.of(session != null && session.getExecutionRootDirectory() != null
                    ? session.getExecutionRootDirectory() : System.getProperty("user.dir"));
            return base.resolve("target/rust-instruments").toAbsolutePath().normalize();
        }
        return outputDirectory.toPath().toAbsolutePath().normalize();
    }

    /** Every summary under the output directory; a malformed one fails naming its file. */
    protected SummarySet scanSummaries() throws MojoExecutionException {
        try {
            return SummarySet.scan(output());
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    protected ProcessRunner processRunner() {
        return new ProcessRunner(buildLog());
    }

    protected Cargo cargo(ProcessRunner runner) throws MojoExecutionException {
        Duration limit;
        try {
            limit = cargoTimeLimit == null || cargoTimeLimit.isBlank() ? Cargo.DEFAULT_TIME_LIMIT
                    : Durations.parse(cargoTimeLimit);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("invalid <cargoTimeLimit> (-Drust-instruments.cargoTimeLimit) '"
                    + cargoTimeLimit + "': " + e.getMessage());
        }
        return new Cargo(runner, buildLog(), cargoExecutable, environment(), session != null && session.isOffline())
                .timeLimit(limit);
    }
}
