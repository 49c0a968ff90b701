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
        assertTrue(main.contains("#[global_allocator]\nstatic GLOBAL: alloc_stats::Counting = alloc_stats::Counting;\n"),
                main);
        assertTrue(main.contains("fn main() {"), main);
        assertTrue(main.contains("// Call the functions of `my_lib` that you suspect of leaking or bloating,"), main);
    }

    @Test
    void theGlobalAllocatorIsTheSystemAllocatorCounted() {
        String main = HarnessScaffolder.mainRs("my-lib", "my_lib");

        assertEquals(1, occurrences(main, "#[global_allocator]"), main);
        assertTrue(main.contains("// The system allocator lets heaptrack, valgrind and Instruments see every allocation."),
                main);
        assertTrue(main.contains("`static GLOBAL: std::alloc::System = std::alloc::System;`"),
                "the comment says how to drop the counting: " + main);
        String module = main.substring(main.indexOf("mod alloc_stats {"));
        assertTrue(module.contains("use std::alloc::{GlobalAlloc, Layout, System};"), module);
        assertTrue(module.contains("pub struct Counting;\n"), module);
        assertTrue(module.contains("unsafe impl GlobalAlloc for Counting {"), module);
        // every entry point hands the call to the system allocator: heaptrack and valgrind still see each malloc
        for (String call : List.of("System.alloc(layout)", "System.alloc_zeroed(layout)",
                "System.dealloc(ptr, layout)", "System.realloc(ptr, layout, new_size)")) {
            assertEquals(1, occurrences(module, call), call + " in\n" + module);
        }
        assertTrue(module.contains("PEAK_BYTES.fetch_max(live, Relaxed);"), module);
        assertTrue(main.endsWith("}\n"), main);
        assertTrue(main.indexOf("mod alloc_stats {") > main.indexOf("fn main() {"), "the module is at the bottom");
    }

    @Test
    void reallocCountsAsADeallocationAndAnAllocationAsHeaptrackDoes() {
        String main = HarnessScaffolder.mainRs("my-lib", "my_lib");
        String realloc = main.substring(main.indexOf("unsafe fn realloc("));
        realloc = realloc.substring(0, realloc.indexOf("\n        }\n"));

        assertTrue(realloc.contains("freed(layout.size());\n                allocated(new_size);"), realloc);
        assertTrue(realloc.contains("if !new_ptr.is_null() {"), "a failed realloc leaves the block as it was: "
                + realloc);
        assertTrue(main.contains("A realloc counts as one deallocation and one allocation, as heaptrack counts it."),
                main);
    }

    @Test
    void theGuardIsTheFirstStatementOfMainAndNamesTheVariable() {
        String main = HarnessScaffolder.mainRs("my-lib", "my_lib");
        String body = main.substring(main.indexOf("fn main() {\n") + "fn main() {\n".length());
        String firstStatement = body.lines().map(String::strip).filter(line -> !line.startsWith("//"))
                .findFirst().orElseThrow();

        assertEquals("let _stats = alloc_stats::WriteAtExit;", firstStatement);
        assertTrue(body.contains("`let _ = ...` would write at once"), body);
        assertTrue(body.contains("std::process::exit skips it"), body);
        assertEquals("RUST_INSTRUMENTS_STATS", HarnessScaffolder.STATS_VARIABLE);
        assertTrue(main.contains("std::env::var_os(\"RUST_INSTRUMENTS_STATS\")"), main);
        assertTrue(main.contains("impl Drop for WriteAtExit {"), main);
    }

    @Test
    void theStatisticsAreTheSixCountsAndAreReadBeforeWritingAllocates() {
        String main = HarnessScaffolder.mainRs("my-lib", "my_lib");
        String drop = main.substring(main.indexOf("fn drop(&mut self) {"));

        int previous = -1;
        for (String field : List.of("allocations", "allocatedBytes", "deallocations", "peakBytes", "liveBytesAtExit",
                "liveBlocksAtExit")) {
            int at = drop.indexOf("(\"" + field + "\", ");
            assertTrue(at > previous, field + " in order in\n" + drop);
            previous = at;
        }
        assertTrue(drop.contains("format!(r#\"\"{name}\":{value}\"#)"), drop);
        assertTrue(drop.indexOf("LIVE_BYTES.load(Relaxed)") < drop.indexOf("std::env::var_os("),
                "the counters are read before anything in drop allocates: " + drop);
        assertTrue(drop.indexOf("std::env::var_os(") < drop.indexOf("format!("), drop);
        assertTrue(drop.contains("if path.is_empty() {\n                return;"), "no variable, no file: " + drop);
        assertTrue(drop.contains("eprintln!(\"alloc_stats: cannot write {path}: {e}\");"), drop);
    }

    @Test
    void theExampleKeepsItsResultAliveWithBlackBoxAndSaysWhy() {
        String main = HarnessScaffolder.mainRs("my-lib", "my_lib");
        String comments = main.substring(main.indexOf("fn main()"), main.indexOf("\n}\n", main.indexOf("fn main()")));

        assertTrue(comments.contains("//     std::hint::black_box(&parsed);"), comments);
        assertTrue(comments.contains("my_lib::parse(&input)"), comments);
        assertTrue(comments.contains("removes\n    // allocations whose result is never used, even a deliberate Box::leak"),
                comments);
        assertFalse(comments.contains("drop(parsed)"), "dropping the result invites the optimiser to remove it");
    }

    @Test
    void theTemplateHasNoTabsNoTrailingSpacesAndShortLines() {
        String main = HarnessScaffolder.mainRs("my-lib", "my_lib");

        main.lines().forEach(line -> {
            assertFalse(line.contains("\t"), line);
            assertFalse(line.endsWith(" "), "trailing space: '" + line + "'");
            assertTrue(line.length() <= 110, line.length() + " characters: " + line);
        });
    }

    @Test
    void optInInstructionsHaveTheLinesToPasteAndTheScaffoldCommand() {
        String help = HarnessScaffolder.statsOptInInstructions();

        assertTrue(help.contains("delete the harness's src/main.rs (memcheck/src/main.rs"), help);
        assertTrue(help.contains("`mvn rust-instruments:scaffold`"), help);
        assertTrue(help.contains("never overwrites"), help);
        assertTrue(help.contains("1. replace its #[global_allocator] static with\n"
                + "       #[global_allocator]\n"
                + "       static GLOBAL: alloc_stats::Counting = alloc_stats::Counting;\n"), help);
        assertTrue(help.contains("2. make this the first statement of fn main():\n"
                + "       // Writes the allocation counts"), help);
        assertTrue(help.contains("       let _stats = alloc_stats::WriteAtExit;\n"), help);
        assertTrue(help.contains("3. append this module to the end of the file:\n"
                + "       /// Counts allocations for profiler=stats;"), help);
        // the pasted module is the template's, line for line
        String module = HarnessScaffolder.mainRs("my-lib", "my_lib");
        module = module.substring(module.indexOf("/// Counts allocations for profiler=stats;"));
        String pasted = help.substring(help.indexOf("       /// Counts allocations for profiler=stats;"));
        assertEquals(module, pasted.lines().map(line -> line.isEmpty() ? "" : line.substring(7))
                .map(line -> line + "\n").collect(java.util.stream.Collectors.joining()));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
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
