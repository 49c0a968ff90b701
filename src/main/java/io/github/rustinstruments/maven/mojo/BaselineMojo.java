package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.gate.Baseline;
import io.github.rustinstruments.maven.gate.GatedRuns;
import io.github.rustinstruments.maven.gate.SummarySet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stores the totals of the current summaries of the project's runs (the runs {@code verify} gates) as the
 * baseline that {@code verify}'s {@code maximumIncrease} limits compare against. The file is meant to be
 * committed; it is the only file this goal writes outside the output directory, and it says what changed since
 * the previous baseline. A baseline file that cannot be read is replaced, and a copy of it is kept under
 * {@code <outputDirectory>/gate/}.
 *
 * @since 0.1.0
 */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends AbstractGateMojo {

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
        GatedRuns selection = selectSummaries();
        SummarySet summaries = selection.gated();
        if (summaries.isEmpty()) {
            throw new MojoFailureException(noSummaries(selection) + " to take a baseline from: run"
                    + " rust-instruments:allocations or rust-instruments:leaks first");
        }
        Baseline current = Baseline.of(summaries);
        Path file = baselineFile.toPath();
        try {
            Optional<Baseline> previous;
            try {
                previous = Baseline.read(file);
            } catch (Baseline.InvalidBaselineException e) {
                // the goal that the message recommends must not be blocked by the file it is meant to replace
                Path copy = keepCopy(file);
                current.write(file);
                getLog().warn("Replaced the unreadable baseline " + file + " (" + e.problem() + ") with the current"
                        + " summaries of run(s) " + String.join(", ", summaries.runs()) + "; the old file is kept"
                        + " at " + copy + "; commit the new one");
                return;
            }
            current.write(file);
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

    /** Copies the file into the output directory under a name no earlier copy has. */
    private Path keepCopy(Path file) throws IOException {
        Path directory = output().resolve("gate");
        Files.createDirectories(directory);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path copy = directory.resolve("replaced-baseline-" + stamp + ".json");
        for (int i = 2; Files.exists(copy); i++) {
            copy = directory.resolve("replaced-baseline-" + stamp + "-" + i + ".json");
        }
        Files.copy(file, copy);
        return copy;
    }
}
