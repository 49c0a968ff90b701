package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.cargo.BuildSettings;
import io.github.rustinstruments.maven.cargo.BuiltExecutable;
import io.github.rustinstruments.maven.cargo.CargoException;
import io.github.rustinstruments.maven.cargo.ExecutableBuilder;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** The cargo build parameters shared by {@code build} and the recording goals. */
public abstract class AbstractBuildingMojo extends AbstractRustInstrumentsMojo {

    /**
     * The cargo profile to build with. Debug info is switched on for it through
     * {@code CARGO_PROFILE_<NAME>_DEBUG=true}, so stacks have file:line even in optimised builds.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.cargoProfile", defaultValue = "release")
    protected String cargoProfile;

    /**
     * Features of the library to enable (comma-separated on the command line). For the harness, a plain
     * {@code foo} means the library's feature {@code foo}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.features")
    protected List<String> features;

    /**
     * Switches off the library's default features ({@code --no-default-features}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.noDefaultFeatures", defaultValue = "false")
    protected boolean noDefaultFeatures;

    /**
     * Switches on all features ({@code --all-features}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.allFeatures", defaultValue = "false")
    protected boolean allFeatures;

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
        if (cargoProfile == null || cargoProfile.isBlank() || !cargoProfile.matches("[A-Za-z0-9_-]+")) {
            throw new MojoExecutionException("cargoProfile '" + cargoProfile + "' is not a cargo profile name:"
                    + " use release, dev, or a profile defined in Cargo.toml");
        }
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
