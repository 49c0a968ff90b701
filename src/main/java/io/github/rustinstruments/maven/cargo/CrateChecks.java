package io.github.rustinstruments.maven.cargo;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** Checks on the user's crate that must pass before a harness can link against it. */
public final class CrateChecks {
    private CrateChecks() {}

    /** The package of the crate's own Cargo.toml; a virtual workspace manifest is refused with the members. */
    public static CargoPackage packageOf(CargoMetadata metadata, Path crateDirectory) throws CargoException {
        Path manifest = CrateLocator.manifest(crateDirectory);
        CargoPackage pkg = metadata.packageAt(manifest);
        if (pkg == null) {
            String members = metadata.packages().stream().map(p -> p.name() + " (" + p.directory() + ")")
                    .collect(Collectors.joining(", "));
            throw new CargoException(manifest + " is a workspace manifest without a [package]: set <crateDirectory>"
                    + " to the member to profile" + (members.isEmpty() ? "" : ", one of: " + members));
        }
        return pkg;
    }

    /** A binary can only depend on a library that builds an rlib; a JNI crate is often cdylib-only. */
    public static CargoPackage.CargoTarget requireLinkableLibrary(CargoPackage pkg) throws CargoException {
        CargoPackage.CargoTarget lib = pkg.library().orElseThrow(() -> new CargoException("crate '" + pkg.name()
                + "' has no library target, so a harness has nothing to call: profile one of its binaries with"
                + " <bin> (-Drust-instruments.bin) or examples with <example>"));
        if (!lib.isLinkableFromRust()) {
            throw new CargoException("crate '" + pkg.name() + "' builds only " + String.join(", ", lib.crateTypes())
                    + ", which a Rust binary cannot link against: add \"rlib\" to crate-type in the [lib] section of "
                    + pkg.manifestPath() + ", e.g. crate-type = [\"cdylib\", \"rlib\"] (the cdylib for Java is"
                    + " still built). The plugin does not edit your Cargo.toml.");
        }
        return lib;
    }
}
