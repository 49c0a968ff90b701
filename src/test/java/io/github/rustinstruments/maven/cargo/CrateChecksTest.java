package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrateChecksTest {

    @Test
    void findsThePackageOfTheCrateDirectory() throws CargoException {
        CargoPackage pkg = CrateChecks.packageOf(Fixtures.metadata("lib-cdylib-rlib-no-deps.json"),
                Path.of("/home/dev/rust/mylib"));

        assertEquals("my-lib", pkg.name());
    }

    @Test
    void refusesAVirtualWorkspaceManifestListingItsMembers() {
        CargoException e = assertThrows(CargoException.class, () -> CrateChecks.packageOf(
                Fixtures.metadata("virtual-workspace-no-deps.json"), Path.of("/home/dev/rust/ws")));

        assertTrue(e.getMessage().startsWith("/home/dev/rust/ws/Cargo.toml is a workspace manifest without a"
                + " [package]: set <crateDirectory> to the member to profile"), e.getMessage());
        assertTrue(e.getMessage().endsWith("one of: alpha (/home/dev/rust/ws/crates/alpha),"
                + " beta (/home/dev/rust/ws/crates/beta)"), e.getMessage());
    }

    @Test
    void cdylibOnlyLibraryIsRefusedWithTheFix() {
        CargoPackage pkg = Fixtures.metadata("cdylib-only-no-deps.json").packages().get(0);

        CargoException e = assertThrows(CargoException.class, () -> CrateChecks.requireLinkableLibrary(pkg));

        assertTrue(e.getMessage().contains("crate 'jni-only' builds only cdylib"), e.getMessage());
        assertTrue(e.getMessage().contains("add \"rlib\" to crate-type in the [lib] section of"
                + " /home/dev/rust/jni/Cargo.toml"), e.getMessage());
        assertTrue(e.getMessage().contains("crate-type = [\"cdylib\", \"rlib\"]"), e.getMessage());
    }

    @Test
    void packageWithoutLibraryTargetIsRefusedPointingAtBinAndExample() {
        CargoPackage pkg = Fixtures.metadata("bin-only-no-deps.json").packages().get(0);

        CargoException e = assertThrows(CargoException.class, () -> CrateChecks.requireLinkableLibrary(pkg));

        assertTrue(e.getMessage().startsWith("crate 'bin-only' has no library target"), e.getMessage());
        assertTrue(e.getMessage().contains("<bin> (-Drust-instruments.bin)"), e.getMessage());
        assertTrue(e.getMessage().contains("<example>"), e.getMessage());
    }

    @Test
    void cdylibWithRlibIsLinkable() throws CargoException {
        CargoPackage pkg = Fixtures.metadata("lib-cdylib-rlib-no-deps.json").packages().get(0);

        assertEquals("my_lib", CrateChecks.requireLinkableLibrary(pkg).name());
    }

    @Test
    void plainLibAndDylibAreLinkableButStaticlibIsNot() throws CargoException {
        assertEquals("a", CrateChecks.requireLinkableLibrary(pkg(target("a", "lib"))).name());
        assertEquals("b", CrateChecks.requireLinkableLibrary(pkg(target("b", "dylib"))).name());
        CargoException e = assertThrows(CargoException.class,
                () -> CrateChecks.requireLinkableLibrary(pkg(target("c", "staticlib", "cdylib"))));
        assertTrue(e.getMessage().contains("builds only staticlib, cdylib"), e.getMessage());
    }

    private static CargoPackage.CargoTarget target(String name, String... types) {
        return new CargoPackage.CargoTarget(name, List.of(types), List.of(types));
    }

    private static CargoPackage pkg(CargoPackage.CargoTarget lib) {
        return new CargoPackage("p", "1.0.0", Path.of("/home/dev/rust/p/Cargo.toml"), List.of(lib), Set.of());
    }
}
