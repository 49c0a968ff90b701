package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessScaffolderTest {
    @TempDir
    Path tmp;

    private CargoPackage library(String name, String libName, Set<String> features, String... crateTypes) {
        return new CargoPackage(name, "0.3.1", tmp.resolve("mylib/Cargo.toml"),
                List.of(new CargoPackage.CargoTarget(libName, List.of(crateTypes), List.of(crateTypes))), features);
    }

    @Test
    void writesCargoTomlAndMainRsForTheLibrary() throws Exception {
        Path harness = tmp.resolve("mylib/memcheck");

        HarnessScaffolder.Result result = HarnessScaffolder.scaffold(
                library("my-lib", "my_lib", Set.of(), "cdylib", "rlib"), harness);

        assertEquals(List.of(harness.resolve("Cargo.toml"), harness.resolve("src/main.rs")), result.created());
        assertEquals(List.of(), result.kept());
        assertFalse(result.harnessExisted());
        String toml = Files.readString(harness.resolve("Cargo.toml"));
        assertTrue(toml.contains("[package]\nname = \"memcheck\"\n"), toml);
        assertTrue(toml.contains("publish = false\n"), toml);
        assertTrue(toml.contains("[dependencies]\nmy-lib = { path = \"..\" }\n"), toml);
        assertTrue(toml.contains("\n[workspace]\n"), toml);
        assertTrue(toml.contains("[profile.release]\ndebug = true\n"), toml);
        String main = Files.readString(harness.resolve("src/main.rs"));
        assertTrue(main.contains("use my_lib as _;\n"), main);
        assertTrue(main.contains("harness for `my-lib`"), main);
        assertTrue(main.contains("#[global_allocator]\nstatic GLOBAL: std::alloc::System = std::alloc::System;"),
                main);
        assertTrue(main.contains("fn main() {"), main);
    }

    @Test
    void usesTheLibTargetNameWhenItDiffersFromThePackage() throws Exception {
        Path harness = tmp.resolve("mylib/memcheck");

        HarnessScaffolder.scaffold(library("my-lib", "fastparse", Set.of(), "lib"), harness);

        String main = Files.readString(harness.resolve("src/main.rs"));
        assertTrue(main.contains("use fastparse as _;"), main);
        assertTrue(Files.readString(harness.resolve("Cargo.toml")).contains("my-lib = { path = \"..\" }"));
    }

    @Test
    void forwardsTheDefaultFeatureOnlyWhenTheLibraryDeclaresOne() throws Exception {
        Path withDefault = tmp.resolve("mylib/memcheck");
        HarnessScaffolder.scaffold(library("my-lib", "my_lib", Set.of("default", "fast"), "rlib"), withDefault);
        String toml = Files.readString(withDefault.resolve("Cargo.toml"));

        assertTrue(toml.contains("my-lib = { path = \"..\", default-features = false }\n"), toml);
        assertTrue(toml.contains("[features]\ndefault = [\"my-lib/default\"]\n"), toml);

        Path withoutDefault = tmp.resolve("mylib/other-harness");
        HarnessScaffolder.scaffold(library("my-lib", "my_lib", Set.of("fast"), "rlib"), withoutDefault);
        String plain = Files.readString(withoutDefault.resolve("Cargo.toml"));

        assertFalse(plain.contains("default-features"), plain);
        assertFalse(plain.contains("[features]"), plain);
    }

    @Test
    void pathPointsFromAHarnessElsewhereBackToTheLibrary() throws Exception {
        Path harness = tmp.resolve("tools/harnesses/mc");

        HarnessScaffolder.scaffold(library("my-lib", "my_lib", Set.of(), "lib"), harness);

        assertTrue(Files.readString(harness.resolve("Cargo.toml")).contains("my-lib = { path = \"../../../mylib\" }"));
    }

    @Test
    void secondRunCreatesNothingAndChangesNothing() throws Exception {
        Path harness = tmp.resolve("mylib/memcheck");
        CargoPackage lib = library("my-lib", "my_lib", Set.of("default"), "rlib");
        HarnessScaffolder.scaffold(lib, harness);
        String toml = Files.readString(harness.resolve("Cargo.toml"));
        String main = Files.readString(harness.resolve("src/main.rs"));

        HarnessScaffolder.Result second = HarnessScaffolder.scaffold(lib, harness);

        assertEquals(List.of(), second.created());
        assertEquals(List.of(harness.resolve("Cargo.toml"), harness.resolve("src/main.rs")), second.kept());
        assertTrue(second.harnessExisted());
        assertEquals(toml, Files.readString(harness.resolve("Cargo.toml")));
        assertEquals(main, Files.readString(harness.resolve("src/main.rs")));
    }

    @Test
    void anEditedMainRsIsKeptAndOnlyTheMissingFileIsCreated() throws Exception {
        Path harness = tmp.resolve("mylib/memcheck");
        Path main = harness.resolve("src/main.rs");
        Files.createDirectories(main.getParent());
        String edited = "fn main() { let _ = my_lib::make(1 << 20); } // the user's own\n";
        Files.writeString(main, edited);

        HarnessScaffolder.Result result = HarnessScaffolder.scaffold(
                library("my-lib", "my_lib", Set.of(), "rlib"), harness);

        assertEquals(edited, Files.readString(main));
        assertEquals(List.of(main), result.kept());
        assertEquals(List.of(harness.resolve("Cargo.toml")), result.created());
        assertFalse(result.harnessExisted(), "a file was created, so the harness was not complete before");
    }

    @Test
    void anExistingCargoTomlIsNeverOverwritten() throws Exception {
        Path harness = Files.createDirectories(tmp.resolve("mylib/memcheck"));
        String users = "[package]\nname = \"my-harness\"\nversion = \"1.0.0\"\n";
        Files.writeString(harness.resolve("Cargo.toml"), users);

        HarnessScaffolder.Result result = HarnessScaffolder.scaffold(
                library("my-lib", "my_lib", Set.of(), "rlib"), harness);

        assertEquals(users, Files.readString(harness.resolve("Cargo.toml")));
        assertEquals(List.of(harness.resolve("Cargo.toml")), result.kept());
        assertEquals(List.of(harness.resolve("src/main.rs")), result.created());
    }

    @Test
    void cdylibOnlyLibraryIsRefusedBeforeAnythingIsWritten() {
        Path harness = tmp.resolve("mylib/memcheck");

        CargoException e = assertThrows(CargoException.class, () -> HarnessScaffolder.scaffold(
                library("jni-only", "jni_only", Set.of(), "cdylib"), harness));

        assertTrue(e.getMessage().contains("add \"rlib\""), e.getMessage());
        assertFalse(Files.exists(harness));
    }

    @Test
    void relativeHarnessDirectoryIsResolvedToAbsoluteFiles() throws IOException, CargoException {
        Path relative = Path.of("target", "scaffolder-test-" + System.nanoTime(), "memcheck");
        try {
            HarnessScaffolder.Result result = HarnessScaffolder.scaffold(
                    library("my-lib", "my_lib", Set.of(), "rlib"), relative);

            assertTrue(result.created().stream().allMatch(Path::isAbsolute), result.created().toString());
            assertTrue(Files.isRegularFile(relative.resolve("src/main.rs")));
        } finally {
            for (Path file : List.of(relative.resolve("src/main.rs"), relative.resolve("src"),
                    relative.resolve("Cargo.toml"), relative, relative.getParent())) {
                Files.deleteIfExists(file);
            }
        }
    }
}
