package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.gate.Baseline;
import io.github.rustinstruments.maven.gate.SummarySet;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stores the totals of the current summaries as the baseline that {@code verify}'s {@code maximumIncrease} limits
 * compare against. The file is meant to be committed; it is the only file this goal writes, and it says what
 * changed since the previous baseline.
 *
 * @since 0.1.0
 */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends AbstractRustInstrumentsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.baseline.skip", defaultValue = "false")
    private boolean skipBaseline;

    /**
     * Where the baseline is written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.baselineFile",
            defaultValue = "${project.basedir}/src/test/rust-instruments/baseline.json")
    private File baselineFile;

    @Override
    protected String goal() {
        return "baseline";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipBaseline;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        SummarySet summaries = scanSummaries();
        if (summaries.isEmpty()) {
            throw new MojoFailureException("no summaries in " + output() + " to take a baseline from: run"
                    + " rust-instruments:allocations or rust-instruments:leaks first");
        }
        Baseline current = Baseline.of(summaries);
        try {
            Optional<Baseline> previous = Baseline.read(baselineFile.toPath());
            current.write(baselineFile.toPath());
            if (previous.isEmpty()) {
                getLog().info("Created the baseline " + baselineFile + " from " + summaries.size()
                        + " summaries of run(s) " + String.join(", ", summaries.runs()) + "; commit it");
                return;
            }
            List<String> changes = current.changesFrom(previous.get());
            if (changes.isEmpty()) {
                getLog().info("Baseline " + baselineFile + " is unchanged");
            } else {
                getLog().info("Updated the baseline " + baselineFile + "; commit it. What changed:");
                changes.forEach(line -> getLog().info("  " + line));
            }
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
