package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.summary.RunNames;
import io.github.rustinstruments.maven.workflow.AnalysisSettings;
import io.github.rustinstruments.maven.workflow.RunWorkflow;
import io.github.rustinstruments.maven.workflow.WorkflowException;
import java.io.File;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Analyses an existing recording, made here or on another machine, into the same summary, HTML report and
 * collapsed stacks as {@code allocations} writes. Needs no Rust crate and no cargo; the format is recognised from
 * the file's content. Nothing is written unless the whole analysis succeeds.
 * <pre>
 * mvn rust-instruments:report -Drust-instruments.input=/tmp/heaptrack.memcheck.1234.zst
 * </pre>
 *
 * @since 0.1.0
 */
@Mojo(name = "report", requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractRustInstrumentsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.report.skip", defaultValue = "false")
    private boolean skipReport;

    /**
     * The recording to analyse: a heaptrack data file ({@code .zst}, {@code .gz} or plain text), valgrind memcheck
     * XML, a macOS {@code leaks} report, or an xctrace export (Allocations Statistics or Leaks detail).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.input")
    private File input;

    /**
     * The run name: the results go to {@code <outputDirectory>/<run>/}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.run", defaultValue = "default")
    private String run;

    /**
     * Crates whose frames are the user's own code (names as in symbols, {@code my_lib}). When unset, the crates
     * with local (relative) source files in the recording are taken, as cargo records those for local crates.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.userCrates")
    private List<String> userCrates;

    /**
     * Shows the hashes of Rust symbols ({@code ::h0123456789abcdef}) instead of hiding them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.showHashes", defaultValue = "false")
    private boolean showHashes;

    /**
     * How many allocation sites in the user's code the console summary lists.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.topSites", defaultValue = "10")
    private int topSites;

    @Override
    protected String goal() {
        return "report";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipReport;
    }

    @Override
    protected void run() throws MojoExecutionException {
        if (input == null) {
            throw new MojoExecutionException("no recording given: run mvn rust-instruments:report"
                    + " -Drust-instruments.input=PATH (a heaptrack .zst or .gz file)");
        }
        String runName;
        try {
            runName = RunNames.validate(run);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        if (topSites < 0) {
            throw new MojoExecutionException("topSites must be 0 or more, not " + topSites);
        }
        Set<String> crates = new LinkedHashSet<>();
        if (userCrates != null) {
            userCrates.stream().filter(c -> c != null && !c.isBlank()).map(c -> c.trim().replace('-', '_'))
                    .forEach(crates::add);
        }
        try {
            new RunWorkflow(buildLog(), new AnalysisSettings(topSites, showHashes, module()), owner()).analyseRecording(
                    input.toPath().toAbsolutePath().normalize(), runName, output().resolve(runName), crates,
                    processRunner());
        } catch (WorkflowException e) {
            throw new MojoExecutionException(e.getMessage());
        }
    }
}
