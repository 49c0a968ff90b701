package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.cargo.CargoException;
import io.github.rustinstruments.maven.cargo.CdylibBuilder;
import io.github.rustinstruments.maven.jvm.ArgLine;
import io.github.rustinstruments.maven.jvm.Jdk;
import io.github.rustinstruments.maven.jvm.JdkResolver;
import io.github.rustinstruments.maven.jvm.JUnitListenerJar;
import io.github.rustinstruments.maven.jvm.JvmLauncher;
import io.github.rustinstruments.maven.jvm.JvmRunDirectory;
import io.github.rustinstruments.maven.jvm.NativeLibrary;
import io.github.rustinstruments.maven.jvm.SignedJdk;
import io.github.rustinstruments.maven.jvm.TestFrameworks;
import io.github.rustinstruments.maven.jvm.TestPluginCheck;
import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import io.github.rustinstruments.maven.profiler.HeaptrackInstallation;
import io.github.rustinstruments.maven.profiler.HeaptrackProfiler;
import io.github.rustinstruments.maven.profiler.Platform;
import io.github.rustinstruments.maven.profiler.XctraceProfiler;
import io.github.rustinstruments.maven.summary.RunNames;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.toolchain.Toolchain;
import org.apache.maven.toolchain.ToolchainManager;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Prepares the project's own test JVMs to be profiled, in the way jacoco's {@code prepare-agent} prepares them for
 * coverage: builds the crate's cdylib (debug line tables on), adds its directory to the {@code java.library.path} of
 * the {@code argLine} property, and points the {@code jvm} property, which Surefire and Failsafe both read, at a
 * launcher that runs the real {@code java} under heaptrack. Every forked JVM then leaves one recording, its exit
 * status and its perf map in {@code <outputDirectory>/<run>/}, for {@code jvm-allocations} to analyse. The plugin's
 * JUnit Platform listener goes on the test classpath ({@code maven.test.additionalClasspath}): it marks each test's
 * start and end in the recording, and each fork's {@code jvm-<pid>.tests} names them.
 *
 * <p>On macOS the launcher runs {@code java} under Instruments' Allocations template instead,
 * {@code xcrun xctrace record --template Allocations --output <run>/jvm-<n>.trace ... --launch -- <java> <args>}
 * (on Apple Silicon an ad-hoc signed copy of {@code java}, see {@link SignedJdk}): one trace and one
 * {@code jvm-<n>.json} per fork, which {@code jvm-allocations} reads through their exported Allocations List. That
 * path is tested with stand-ins for xcrun and codesign, not on a Mac.
 *
 * @since 0.2.0
 */
@Mojo(name = "prepare-jvm", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, threadSafe = true)
public class PrepareJvmMojo extends AbstractCargoMojo {
    static final List<String> TEST_PLUGINS = List.of("org.apache.maven.plugins:maven-surefire-plugin",
            "org.apache.maven.plugins:maven-failsafe-plugin");

    /**
     * The run the test JVMs are recorded into: the directory {@code <outputDirectory>/<run>/}. {@code jvm-allocations}
     * reads the same parameter.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.jvm.run", defaultValue = "jvm")
    protected String run;

    /**
     * The shared library the tests load, when the project builds it itself: the file, or its directory. When unset,
     * the crate's cdylib is built with cargo into {@code <outputDirectory>/cargo}.
     * <pre>{@code <library>${project.build.directory}/native/libcodec.so</library>}</pre>
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.library")
    protected File library;

    /**
     * The real {@code java} the tests run on, inside the launcher. When unset: the {@code jvm} property Surefire would
     * have used, else a {@code <jvm>} in Surefire's or Failsafe's configuration, else the JDK toolchain, else the JDK
     * running Maven.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.jvm")
    protected String jvm;

    /**
     * The heaptrack executable: a name looked up on the PATH, or a path. Its installation's preload library and
     * interpreter are what the launcher runs.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.heaptrackExecutable", defaultValue = "heaptrack")
    protected String heaptrackExecutable;

    /**
     * Adds {@code -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit} to the argLine (JDK 17 and later), so that
     * each JVM's map of its JIT-compiled Java methods names Java frames in the recordings.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.jvm.perfMap", defaultValue = "true")
    protected boolean perfMap;

    /**
     * macOS: xcrun, by name (searched on the PATH of {@code <environmentVariables>}, else Maven's) or path. The
     * launcher runs it by the absolute path found here.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.xcrunExecutable", defaultValue = "xcrun")
    protected String xcrunExecutable;

    /**
     * macOS on Apple Silicon: codesign, which signs the copy of {@code java} that Allocations records.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.codesignExecutable", defaultValue = "codesign")
    protected String codesignExecutable;

    /**
     * macOS: xctrace's {@code --time-limit} for each test JVM ({@code 90s}, {@code 30m}, {@code PT1H}). xctrace stops
     * the recording, and ends the JVM, when it is reached: set it above the longest test JVM. A trace whose recording
     * was stopped any other way may not open.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.jvm.timeLimit", defaultValue = "1h")
    protected String jvmTimeLimit;

    /**
     * Skips this goal: the tests then run as without the plugin.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.prepare-jvm.skip", defaultValue = "false")
    protected boolean skipPrepareJvm;

    private final ToolchainManager toolchainManager;

    @Inject
    public PrepareJvmMojo(ToolchainManager toolchainManager) {
        this.toolchainManager = toolchainManager;
    }

    /**
     * Skipped, the goal still defines {@code argLine} when the project has none, so that a Surefire configuration
     * with {@code @{argLine}} in it does not hand the JVM that text literally.
     */
    @Override
    protected void onSkip() {
        if (project != null && project.getProperties().getProperty("argLine") == null) {
            project.getProperties().setProperty("argLine", "");
        }
    }

    @Override
    protected String goal() {
        return "prepare-jvm";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipPrepareJvm;
    }

    @Override
    protected boolean needsCrate() {
        return library == null;
    }

    @Override
    protected void run() throws MojoExecutionException {
        String runName;
        try {
            runName = RunNames.validate(run);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<run> (rust-instruments.jvm.run): " + e.getMessage());
        }
        Platform platform = platform();
        if (platform.isMac()) {
            runOnMac(runName, platform);
            return;
        }
        if (!platform.isLinux()) {
            throw new MojoExecutionException("prepare-jvm profiles test JVMs with heaptrack on Linux and with"
                    + " Instruments on macOS; on " + platform + " skip it with -Drust-instruments.prepare-jvm.skip");
        }
        // before anything else: the tests must never start under a launcher whose profiler is missing
        HeaptrackInstallation heaptrack;
        HeaptrackInstallation.Compressor compressor;
        try {
            heaptrack = HeaptrackInstallation.locate(heaptrackExecutable, environment(),
                    HeaptrackProfiler.INSTALL_HINT).orElseThrow(() -> new ToolNotFoundException(heaptrackExecutable,
                    heaptrackExecutable + " is not heaptrack's own script and has no libheaptrack_preload.so and"
                    + " heaptrack_interpret beside it, which the JVM launcher runs directly: point"
                    + " <heaptrackExecutable> at the bin/heaptrack of a heaptrack installation"));
            compressor = HeaptrackInstallation.compressor(environment());
        } catch (ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage() + " (the tests were not started)");
        }

        Prepared prepared = prepare(runName);
        NativeLibrary nativeLibrary = prepared.nativeLibrary();
        Path launcherDirectory = prepared.launcherDirectory();
        Path runDirectory = prepared.runDirectory();
        Jdk jdk = prepared.jdk();
        Path launcher;
        try {
            launcher = JvmLauncher.write(launcherDirectory,
                    new JvmLauncher.Settings(jdk, heaptrack, compressor, runDirectory));
        } catch (IOException | IllegalArgumentException e) {
            throw new MojoExecutionException("could not write the JVM launcher in " + launcherDirectory + ": "
                    + e.getMessage(), e);
        }

        List<String> flags = perfMap && jdk.hasPerfMap() ? ArgLine.PERF_MAP_FLAGS : List.of();
        if (perfMap && !jdk.hasPerfMap()) {
            getLog().info("Java " + jdk.feature() + " cannot write a perf map (JDK 17 and later can): JIT-compiled Java"
                    + " frames stay unnamed");
        }
        setTestProperties(nativeLibrary, launcher, flags, "heaptrack", runDirectory);
        addTestMarkersListener(launcherDirectory);

        try {
            JvmRunDirectory.writePrepared(runDirectory, nativeLibrary.file(), nativeLibrary.directory(), jdk, launcher,
                    "heaptrack", flags);
        } catch (IOException e) {
            throw new MojoExecutionException("could not write " + runDirectory.resolve(JvmRunDirectory.PREPARED)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * macOS: the launcher records each test JVM with {@code xcrun xctrace record --template Allocations}. No perf
     * map flags: {@code DumpPerfMapAtExit} is a Linux option of the JDK.
     */
    private void runOnMac(String runName, Platform platform) throws MojoExecutionException {
        // before anything else: the tests must never start under a launcher whose profiler is missing
        ProcessRunner runner = processRunner();
        XctraceProfiler xctrace = new XctraceProfiler(runner, buildLog(), xcrunExecutable, "Allocations",
                platform.isAppleSilicon(), codesignExecutable);
        Path xcrun;
        try {
            xctrace.checkInstalled(environment());
            xcrun = ProcessRunner.findExecutable(xcrunExecutable, environment()).orElseThrow(() ->
                    new ToolNotFoundException(xcrunExecutable, xcrunExecutable + " is not "
                            + (xcrunExecutable.contains("/") ? "executable" : "on the PATH") + "; "
                            + XctraceProfiler.INSTALL_HINT));
        } catch (ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage() + " (the tests were not started)");
        }
        String timeLimit = timeLimitSeconds();

        Prepared prepared = prepare(runName);
        NativeLibrary nativeLibrary = prepared.nativeLibrary();
        Path launcherDirectory = prepared.launcherDirectory();
        Path runDirectory = prepared.runDirectory();
        Jdk jdk = prepared.jdk();
        Path launcher;
        try {
            Path java = platform.isAppleSilicon()
                    ? SignedJdk.create(launcherDirectory, jdk, runner, buildLog(), codesignExecutable, environment())
                    : jdk.java();
            launcher = JvmLauncher.write(launcherDirectory, new JvmLauncher.XctraceSettings(jdk, java, xcrun,
                    xctrace.template(), timeLimit, runDirectory));
        } catch (IOException | IllegalArgumentException e) {
            throw new MojoExecutionException("could not write the JVM launcher in " + launcherDirectory + ": "
                    + e.getMessage() + " (the tests were not started)", e);
        }
        setTestProperties(nativeLibrary, launcher, List.of(), "xcrun xctrace record --template "
                + xctrace.template() + " (a trace per JVM)", runDirectory);
        addTestMarkersListener(launcherDirectory);
        try {
            JvmRunDirectory.writePrepared(runDirectory, nativeLibrary.file(), nativeLibrary.directory(), jdk, launcher,
                    "xctrace", List.of());
        } catch (IOException e) {
            throw new MojoExecutionException("could not write " + runDirectory.resolve(JvmRunDirectory.PREPARED)
                    + ": " + e.getMessage(), e);
        }
    }

    /** What both platforms' launchers start from: the library, the JDK, and a run directory emptied of old JVMs. */
    private record Prepared(NativeLibrary nativeLibrary, Path launcherDirectory, Path runDirectory, Jdk jdk) {}

    private Prepared prepare(String runName) throws MojoExecutionException {
        NativeLibrary nativeLibrary = nativeLibrary();
        if (nativeLibrary.file() == null) {
            getLog().warn("No single shared library in " + nativeLibrary.directory() + " yet; its directory goes on"
                    + " java.library.path, but name the file in <library> so the analysis knows the library's module");
        }
        Path output = output();
        Path launcherDirectory = output.resolve("jvm-launcher");
        Path runDirectory = output.resolve(runName);
        Jdk jdk = resolveJdk(launcherDirectory);
        getLog().info("Tests run on " + jdk.java() + " (" + jdk.source() + (jdk.feature() > 0 ? ", Java "
                + jdk.feature() : "") + ")");
        try {
            List<Path> removed = JvmRunDirectory.clear(runDirectory);
            if (!removed.isEmpty()) {
                getLog().info("Removed " + removed.size() + " file(s) of earlier test JVMs from " + runDirectory);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("could not empty the run directory " + runDirectory + ": "
                    + e.getMessage() + " (the tests were not started)", e);
        }
        return new Prepared(nativeLibrary, launcherDirectory, runDirectory, jdk);
    }

    /** {@link #jvmTimeLimit} as xctrace's {@code --time-limit}: whole seconds, rounded up. */
    private String timeLimitSeconds() throws MojoExecutionException {
        Duration limit;
        try {
            limit = Durations.parse(jvmTimeLimit);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<jvmTimeLimit> (rust-instruments.jvm.timeLimit): " + e.getMessage());
        }
        return Math.max(1, (limit.toMillis() + 999) / 1000) + "s";
    }

    /** Extends {@code argLine} by the library's directory and {@code flags}, and points {@code jvm} at the launcher. */
    private void setTestProperties(NativeLibrary nativeLibrary, Path launcher, List<String> flags, String recorder,
            Path runDirectory) throws MojoExecutionException {
        Properties properties = project.getProperties();
        String argLine;
        try {
            argLine = ArgLine.withArguments(ArgLine.withLibraryDirectory(properties.getProperty("argLine"),
                    nativeLibrary.directory().toString()), flags);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("could not extend the argLine property: " + e.getMessage());
        }
        properties.setProperty("argLine", argLine);
        properties.setProperty("jvm", launcher.toString());
        getLog().info("argLine set to " + argLine);
        getLog().info("jvm set to " + launcher + ": each test JVM is recorded into " + runDirectory + " by "
                + recorder);
        warnAboutTestPlugins(launcher.toString());
    }

    /**
     * Writes the test markers listener's jar beside the launcher and adds it to the test classpath through
     * {@code maven.test.additionalClasspath}, so that the JUnit Platform of Surefire's and Failsafe's forks loads it.
     */
    private void addTestMarkersListener(Path launcherDirectory) throws MojoExecutionException {
        Path jar;
        String classpath;
        try {
            jar = JUnitListenerJar.write(launcherDirectory);
            classpath = JUnitListenerJar.additionalClasspath(
                    project.getProperties().getProperty(JUnitListenerJar.ADDITIONAL_CLASSPATH), jar);
        } catch (IOException | IllegalArgumentException e) {
            throw new MojoExecutionException("could not add the plugin's JUnit listener to the test classpath: "
                    + e.getMessage() + " (the tests were not started)", e);
        }
        project.getProperties().setProperty(JUnitListenerJar.ADDITIONAL_CLASSPATH, classpath);
        getLog().info(JUnitListenerJar.ADDITIONAL_CLASSPATH + " set to " + classpath + ": the JUnit Platform marks each"
                + " test's start and end in the recordings");
        if (session != null && session.getUserProperties().getProperty(JUnitListenerJar.ADDITIONAL_CLASSPATH) != null) {
            getLog().warn("-D" + JUnitListenerJar.ADDITIONAL_CLASSPATH + " on the command line wins over the property"
                    + " prepare-jvm extends, so the test JVMs do not get the plugin's JUnit listener and the run gets"
                    + " no per-test split: add " + jar + " to it");
        }
        for (TestPluginConfiguration configuration : testPluginConfigurations()) {
            TestPluginCheck.listenerWarning(configuration.where(), configuration.additionalClasspath(),
                    jar.toString()).ifPresent(getLog()::warn);
        }
        List<String> dependencies = project.getDependencies().stream()
                .map(d -> d.getGroupId() + ":" + d.getArtifactId()).toList();
        List<String> providers = new ArrayList<>();
        for (String key : TEST_PLUGINS) {
            Plugin plugin = project.getPlugin(key);
            if (plugin != null) {
                plugin.getDependencies().forEach(d -> providers.add(d.getGroupId() + ":" + d.getArtifactId()));
            }
        }
        TestFrameworks.perTestWarning(dependencies, providers).ifPresent(getLog()::warn);
    }

    private NativeLibrary nativeLibrary() throws MojoExecutionException {
        if (library != null) {
            try {
                return NativeLibrary.configured(library.toPath());
            } catch (IOException e) {
                throw new MojoExecutionException(e.getMessage(), e);
            }
        }
        checkCargoProfile();
        CdylibBuilder builder = new CdylibBuilder(processRunner(), buildLog(), cargoExecutable, environment(),
                session != null && session.isOffline());
        try {
            return NativeLibrary.built(builder.build(resolvedCrateDirectory(), cargoProfile, features,
                    noDefaultFeatures, allFeatures, output().resolve("cargo")).file());
        } catch (CargoException | ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        }
    }

    /** The java the user meant the tests to run on; see {@link #jvm}. */
    private Jdk resolveJdk(Path launcherDirectory) throws MojoExecutionException {
        String configured = jvm;
        String configuredBy = "<jvm> of prepare-jvm";
        if (isBlank(configured) && session != null && !isBlank(session.getUserProperties().getProperty("jvm"))) {
            configured = session.getUserProperties().getProperty("jvm");
            configuredBy = "-Djvm";
            getLog().warn("-Djvm=" + configured + " on the command line wins over the jvm property prepare-jvm sets,"
                    + " so the tests would not run under the profiler: pass -Drust-instruments.jvm=" + configured
                    + " instead; the launcher runs that java");
        }
        if (isBlank(configured) && !isBlank(project.getProperties().getProperty("jvm"))) {
            configured = project.getProperties().getProperty("jvm");
            configuredBy = "the jvm property";
        }
        if (isBlank(configured)) {
            for (TestPluginConfiguration configuration : testPluginConfigurations()) {
                if (!isBlank(configuration.jvm()) && !configuration.jvm().contains("${")) {
                    configured = configuration.jvm();
                    configuredBy = "<jvm> of " + configuration.where();
                    break;
                }
            }
        }
        String toolchainJava = null;
        if (toolchainManager != null && session != null) {
            Toolchain toolchain = toolchainManager.getToolchainFromBuildContext("jdk", session);
            toolchainJava = toolchain == null ? null : toolchain.findTool("java");
        }
        try {
            return new JdkResolver(launcherDirectory).resolve(configured, configuredBy, toolchainJava,
                    Path.of(System.getProperty("java.home")));
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    private void warnAboutTestPlugins(String launcher) {
        if (session != null && session.getUserProperties().getProperty("argLine") != null) {
            getLog().warn("-DargLine on the command line wins over the argLine property prepare-jvm extends, so the"
                    + " test JVMs do not find the library: give those options in the pom's argLine property instead");
        }
        for (TestPluginConfiguration configuration : testPluginConfigurations()) {
            TestPluginCheck.warnings(configuration.where(), configuration.argLine(), configuration.jvm(), launcher)
                    .forEach(getLog()::warn);
        }
    }

    /**
     * An explicit configuration of Surefire or Failsafe: the plugin's own, or one execution's.
     *
     * @param additionalClasspath its {@code <additionalClasspathElements>}; {@code null} when it sets none
     */
    record TestPluginConfiguration(String where, String argLine, String jvm, List<String> additionalClasspath) {}

    List<TestPluginConfiguration> testPluginConfigurations() {
        List<TestPluginConfiguration> found = new ArrayList<>();
        for (String key : TEST_PLUGINS) {
            Plugin plugin = project == null ? null : project.getPlugin(key);
            if (plugin == null) {
                continue;
            }
            String name = plugin.getArtifactId();
            add(found, name, plugin.getConfiguration());
            for (PluginExecution execution : plugin.getExecutions()) {
                add(found, name + " (execution " + execution.getId() + ")", execution.getConfiguration());
            }
        }
        return found;
    }

    private static void add(List<TestPluginConfiguration> found, String where, Object configuration) {
        if (configuration instanceof Xpp3Dom dom) {
            String argLine = value(dom, "argLine");
            String java = value(dom, "jvm");
            Xpp3Dom elements = dom.getChild("additionalClasspathElements");
            List<String> additionalClasspath = elements == null ? null
                    : Arrays.stream(elements.getChildren()).map(Xpp3Dom::getValue).toList();
            if (argLine != null || java != null || additionalClasspath != null) {
                found.add(new TestPluginConfiguration(where, argLine, java, additionalClasspath));
            }
        }
    }

    private static String value(Xpp3Dom dom, String name) {
        Xpp3Dom child = dom.getChild(name);
        return child == null ? null : child.getValue();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
