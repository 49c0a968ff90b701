package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.gate.GatedRuns;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

/** What {@code verify} and {@code baseline} share: which runs' summaries they take. */
public abstract class AbstractGateMojo extends AbstractRustInstrumentsMojo {

    @Parameter(defaultValue = "${plugin}", readonly = true)
    private PluginDescriptor plugin;

    /**
     * The summaries of the runs this project configures and of those this build recorded; the others are named
     * in one line and left alone.
     */
    protected GatedRuns selectSummaries() throws MojoExecutionException {
        GatedRuns selection = ProjectRuns.select(scanSummaries(), project, session,
                plugin == null ? null : plugin.getPluginLookupKey());
        String ignored = selection.ignoredLine(goal());
        if (ignored != null) {
            getLog().info(ignored);
        }
        return selection;
    }

    /** Where no summaries were found, and of which runs. */
    protected String noSummaries(GatedRuns selection) {
        return selection.ignored().isEmpty() ? "no summaries in " + output()
                : "no summaries of run(s) " + String.join(", ", selection.wanted()) + " in " + output();
    }
}
