package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.cargo.CargoException;
import io.github.rustinstruments.maven.cargo.ExecutableBuilder;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates the harness crate ({@code <crate>/memcheck}) that calls the library under the profiler: a
 * {@code Cargo.toml} with a path dependency on the library and a {@code src/main.rs} that installs the system
 * allocator. Files that exist are never touched.
 *
 * @since 0.1.0
 */
@Mojo(name = "scaffold", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class ScaffoldMojo extends AbstractRustInstrumentsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.scaffold.skip", defaultValue = "false")
    private boolean skipScaffold;

    @Override
    protected String goal() {
        return "scaffold";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipScaffold;
    }

    @Override
    protected boolean needsCrate() {
        return true;
    }

    @Override
    protected void run() throws MojoExecutionException {
        Path crate = resolvedCrateDirectory();
        ExecutableBuilder builder = new ExecutableBuilder(cargo(processRunner()), buildLog());
        try {
            builder.scaffold(builder.inspect(crate).pkg(), resolvedHarnessDirectory(crate));
        } catch (CargoException | ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("could not write the harness: " + e.getMessage(), e);
        }
    }
}
