package io.github.rustinstruments.maven.mojo;

import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** The cargo build parameters of every goal that builds the crate (the harness, or the cdylib for the tests). */
public abstract class AbstractCargoMojo extends AbstractRustInstrumentsMojo {

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

    /** Fails on a profile name cargo could not take. */
    protected void checkCargoProfile() throws MojoExecutionException {
        if (cargoProfile == null || cargoProfile.isBlank() || !cargoProfile.matches("[A-Za-z0-9_-]+")) {
            throw new MojoExecutionException("cargoProfile '" + cargoProfile + "' is not a cargo profile name:"
                    + " use release, dev, or a profile defined in Cargo.toml");
        }
    }
}
