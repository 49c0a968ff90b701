package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.cargo.BuildSettings;
import io.github.rustinstruments.maven.cargo.BuiltExecutable;
import io.github.rustinstruments.maven.cargo.CargoException;
import io.github.rustinstruments.maven.cargo.ExecutableBuilder;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** The cargo build parameters shared by {@code build} and the recording goals. */
public abstract class AbstractBuildingMojo extends AbstractCargoMojo {

    /**
     * Profiles this existing binary target of the crate instead of the harness.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.bin")
    protected String bin;

    /**
     * Profiles this example of the crate instead of the harness.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.example")
    protected String example;

    @Override
    protected boolean needsCrate() {
        return true;
    }

    /** Builds the executable to profile; tells the user how to fix what stops the build. */
    protected BuiltExecutable buildExecutable(ProcessRunner runner) throws MojoExecutionException {
        Path crate = resolvedCrateDirectory();
        checkCargoProfile();
        BuildSettings settings = new BuildSettings(crate, resolvedHarnessDirectory(crate), blankToNull(bin),
                blankToNull(example), cargoProfile, features, noDefaultFeatures, allFeatures,
                output().resolve("cargo"));
        try {
            return new ExecutableBuilder(cargo(runner), buildLog()).build(settings);
        } catch (CargoException | ToolNotFoundException e) {
            throw new MojoExecutionException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("could not prepare the build: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
