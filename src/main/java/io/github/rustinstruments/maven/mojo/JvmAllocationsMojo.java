package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.jvm.JvmRunProfiler;
import io.github.rustinstruments.maven.summary.RunNames;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.workflow.AnalysisSettings;
import io.github.rustinstruments.maven.workflow.RunWorkflow;
import io.github.rustinstruments.maven.workflow.WorkflowException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * JVM mode: analyses every test JVM that {@code prepare-jvm}'s launcher recorded in this build (Surefire's and
 * Failsafe's forks) into the run's summary set, {@code <outputDirectory>/<run>/allocations.json}, {@code .html} and
 * {@code .folded}, scoped to the Rust library: its totals count only allocations made by the library's own code
 * (Rust's standard library compiled into it included), each site names the Java method through which the tests
 * called in, and the whole processes' figures are kept beside them for context. On macOS it reads each JVM's
 * Instruments trace through {@code xcrun xctrace export} (its Allocations List: no peak, no temporaries).
 * When the tests ran on the JUnit Platform, the markers of {@code prepare-jvm}'s listener split the library's figures
 * by test: the summary's {@code tests} list, the console's tests that leaked, the report's tests table.
 * {@code verify} gates the run and {@code baseline} stores it like any other. Bound after the integration tests by
 * default, so {@code mvn test} alone records but does not analyse.
 *
 * @since 0.2.0
 */
@Mojo(name = "jvm-allocations", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class JvmAllocationsMojo extends AbstractRustInstrumentsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.jvm-allocations.skip", defaultValue = "false")
    private boolean skipJvmAllocations;

    /**
     * The run the test JVMs were recorded into: the same as {@code prepare-jvm}'s.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.jvm.run", defaultValue = "jvm")
    private String run;

    /**
     * How many allocation sites in the library the console summary lists.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.topSites", defaultValue = "10")
    private int topSites;

    /**
     * Shows the hashes of Rust symbols ({@code ::h0123456789abcdef}) instead of hiding them.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.showHashes", defaultValue = "false")
    private boolean showHashes;

    /**
     * macOS: xcrun, by name (searched on the PATH of {@code <environmentVariables>}, else Maven's) or path. It
     * exports each test JVM's Instruments trace ({@code xcrun xctrace export}) for the analysis; the same as
     * {@code prepare-jvm}'s.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.xcrunExecutable", defaultValue = "xcrun")
    private String xcrunExecutable;

    @Override
    protected String goal() {
        return "jvm-allocations";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipJvmAllocations;
    }

    @Override
    protected void run() throws MojoExecutionException {
        String runName;
        AnalysisSettings settings;
        try {
            runName = RunNames.validate(run);
            settings = new AnalysisSettings(topSites, showHashes, module());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        // the library's crate is the user's code; files recorded relative to a crate are too
        FrameClassifier userCode = new FrameClassifier(Set.of(), List.of()).localSourcesAreUsers();
        Path runDirectory = output().resolve(runName);
        // the backend of the profiler prepare-jvm prepared the run for: heaptrack's recordings, or Instruments' traces
        JvmRunProfiler backend = JvmRunProfiler.forRun(runDirectory, buildLog(), processRunner(), xcrunExecutable,
                environment());
        try {
            new RunWorkflow(buildLog(), settings, owner()).analyseJvmRun(runName, backend, runDirectory, userCode,
                    platform().toString());
        } catch (WorkflowException e) {
            throw new MojoExecutionException(e.getMessage());
        }
    }
}
