package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fixtures are real {@code cargo metadata --format-version 1} output (cargo 1.95) of tiny std-only crates,
 * trimmed to the fields that matter and moved to {@code /home/dev/rust}.
 */
class CargoMetadataTest {

    @Test
    void readsTheOnlyPackageOfANoDepsRun() {
        CargoMetadata metadata = Fixtures.metadata("lib-cdylib-rlib-no-deps.json");

        assertEquals(Path.of("/home/dev/rust/mylib"), metadata.workspaceRoot());
        assertEquals(1, metadata.packages().size());
        CargoPackage pkg = metadata.packages().get(0);
        assertEquals("my-lib", pkg.name());
        assertEquals("0.3.1", pkg.version());
        assertEquals(Path.of("/home/dev/rust/mylib/Cargo.toml"), pkg.manifestPath());
        assertEquals(Path.of("/home/dev/rust/mylib"), pkg.directory());
        assertEquals(Set.of("default", "fast", "extra"), pkg.features());
        assertEquals(Map.of("path+file:///home/dev/rust/mylib#my-lib@0.3.1", "my-lib"), metadata.packageNames());
    }

    @Test
    void readsTargetsWithKindsAndCrateTypes() {
        CargoPackage pkg = Fixtures.metadata("lib-cdylib-rlib-no-deps.json").packages().get(0);

        assertEquals(List.of(
                new CargoPackage.CargoTarget("my_lib", List.of("cdylib", "rlib"), List.of("cdylib", "rlib")),
                new CargoPackage.CargoTarget("demo", List.of("example"), List.of("bin"))), pkg.targets());
        CargoPackage.CargoTarget lib = pkg.library().orElseThrow();
        assertEquals("my_lib", lib.name(), "the lib target carries the crate name, with an underscore");
        assertTrue(lib.isLinkableFromRust());
        assertTrue(pkg.targets().get(1).isKind("example"));
        assertTrue(!pkg.targets().get(1).isLibrary());
    }

    @Test
    void noDepsRunHasNoGraphAndNoRoot() {
        CargoMetadata metadata = Fixtures.metadata("lib-cdylib-rlib-no-deps.json");

        assertTrue(metadata.dependencyGraph().isEmpty());
        assertNull(metadata.rootId());
    }

    @Test
    void readsTheResolvedGraphAndRoot() {
        CargoMetadata metadata = Fixtures.metadata("app-with-path-dep.json");

        String app = "path+file:///home/dev/rust/app#0.1.0";
        String lib = "path+file:///home/dev/rust/mylib#my-lib@0.3.1";
        assertEquals(app, metadata.rootId());
        assertEquals(Map.of(app, List.of(lib), lib, List.of()), metadata.dependencyGraph());
        assertEquals("app", metadata.packageNames().get(app));
        assertEquals("my-lib", metadata.packageNames().get(lib));
        assertEquals(2, metadata.packages().size());
    }

    @Test
    void findsThePackageOfAManifestEvenThroughDotDot() {
        CargoMetadata metadata = Fixtures.metadata("app-with-path-dep.json");

        CargoPackage lib = metadata.packageAt(Path.of("/home/dev/rust/app/../mylib/Cargo.toml"));

        assertNotNull(lib);
        assertEquals("my-lib", lib.name());
        assertEquals("app", metadata.packageAt(Path.of("/home/dev/rust/app/Cargo.toml")).name());
        assertNull(metadata.packageAt(Path.of("/home/dev/rust/Cargo.toml")));
    }

    @Test
    void readsEveryMemberOfAVirtualWorkspace() {
        CargoMetadata metadata = Fixtures.metadata("virtual-workspace-no-deps.json");

        assertEquals(Path.of("/home/dev/rust/ws"), metadata.workspaceRoot());
        assertEquals(List.of("alpha", "beta"), metadata.packages().stream().map(CargoPackage::name).toList());
        assertNull(metadata.packageAt(Path.of("/home/dev/rust/ws/Cargo.toml")));
    }

    @Test
    void aPackageWithoutFeaturesHasAnEmptyFeatureSet() {
        CargoPackage pkg = Fixtures.metadata("bin-only-no-deps.json").packages().get(0);

        assertEquals("bin-only", pkg.name());
        assertEquals(Set.of(), pkg.features());
        assertTrue(pkg.library().isEmpty());
    }

    @Test
    void refusesOutputWithoutAPackageList() {
        IOException e = assertThrows(IOException.class, () -> CargoMetadata.parse("{\"version\": 1}"));

        assertEquals("cargo metadata printed no package list", e.getMessage());
        assertThrows(IOException.class, () -> CargoMetadata.parse(""));
    }

    @Test
    void refusesOutputThatIsNotJson() {
        assertThrows(IOException.class, () -> CargoMetadata.parse("error: could not find `Cargo.toml`"));
    }
}
