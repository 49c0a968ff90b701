package io.github.rustinstruments.maven.mojo;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the harness (or the chosen bin / example) with cargo, debug info on, into
 * {@code <outputDirectory>/cargo}. Scaffolds the harness first when it does not exist.
 *
 * @since 0.1.0
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.TEST_COMPILE, threadSafe = true)
public class BuildMojo extends AbstractBuildingMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.build.skip", defaultValue = "false")
    private boolean skipBuild;

    @Override
    protected String goal() {
        return "build";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipBuild;
    }

    @Override
    protected void run() throws MojoExecutionException {
        buildExecutable(processRunner());
    }
}
