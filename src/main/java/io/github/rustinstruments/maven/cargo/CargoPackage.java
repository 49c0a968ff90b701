package io.github.rustinstruments.maven.cargo;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One package as {@code cargo metadata} describes it.
 *
 * @param name         the package name ({@code my-lib})
 * @param version      the package version
 * @param manifestPath absolute path of its Cargo.toml
 * @param targets      its build targets
 * @param features     the names of the features it declares
 */
public record CargoPackage(String name, String version, Path manifestPath, List<CargoTarget> targets,
        Set<String> features) {

    /** The library target, if the package has one. */
    public Optional<CargoTarget> library() {
        return targets.stream().filter(CargoTarget::isLibrary).findFirst();
    }

    public Path directory() {
        return manifestPath.getParent();
    }

    /**
     * One build target of a package.
     *
     * @param name       target name; for a library, the crate name used in {@code use} paths
     * @param kinds      {@code lib}, {@code rlib}, {@code cdylib}, {@code bin}, {@code example}, ...
     * @param crateTypes the crate types it produces
     */
    public record CargoTarget(String name, List<String> kinds, List<String> crateTypes) {
        public boolean isLibrary() {
            return kinds.stream().anyMatch(kind -> kind.equals("lib") || kind.equals("rlib") || kind.equals("dylib")
                    || kind.equals("cdylib") || kind.equals("staticlib") || kind.equals("proc-macro"));
        }

        /** A binary can link against it only with an rlib (or {@code lib}, which means rlib). */
        public boolean isLinkableFromRust() {
            return crateTypes.stream().anyMatch(type -> type.equals("lib") || type.equals("rlib")
                    || type.equals("dylib"));
        }

        public boolean isKind(String kind) {
            return kinds.contains(kind);
        }
    }
}
