package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.analysis.SiteAttribution;
import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import io.github.rustinstruments.maven.profiler.HeaptrackProfiler;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real cargo on tiny std-only crates in a temporary directory; skipped where cargo is not installed. */
class CargoLiveTest {
    @TempDir
    Path tmp;

    private final CollectingBuildLog log = new CollectingBuildLog();
    private final ProcessRunner runner = new ProcessRunner(log);
    private final Cargo cargo = new Cargo(runner, log, "cargo", Map.of(), true);

    @BeforeAll
    static void cargoInstalled() {
        assumeTrue(ProcessRunner.findExecutable("cargo", null).isPresent(), "cargo is not on PATH");
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** A library crate {@code my-lib} with a default feature that changes what {@code MODE} says. */
    private Path library() throws IOException {
        Path crate = tmp.resolve("my-lib");
        write(crate.resolve("Cargo.toml"), "[package]\nname = \"my-lib\"\nversion = \"0.3.1\"\nedition = \"2021\"\n\n"
                + "[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n\n"
                + "[features]\ndefault = [\"fast\"]\nfast = []\n");
        write(crate.resolve("src/lib.rs"), "#[cfg(feature = \"fast\")]\npub const MODE: &str = \"fast\";\n"
                + "#[cfg(not(feature = \"fast\"))]\npub const MODE: &str = \"slow\";\n\n"
                + "pub fn make(n: usize) -> Vec<u8> {\n    vec![7; n]\n}\n");
        write(crate.resolve("examples/demo.rs"), "fn main() {\n    println!(\"demo {}\", my_lib::make(3).len());\n}\n");
        return crate;
    }

    private List<String> runAndCollect(Path executable, String... args) throws IOException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        ProcessResult result = runner.run(ProcessSpec.of(command).timeout(Duration.ofSeconds(30)).stdout(out::add));
        assertEquals(0, result.exitCode(), result.stderrTail().toString());
        return out;
    }

    @Test
    void metadataOfARealCrate() throws Exception {
        Path crate = library();

        CargoMetadata metadata = cargo.metadata(crate.resolve("Cargo.toml"), true);

        CargoPackage pkg = CrateChecks.packageOf(metadata, crate);
        assertEquals("my-lib", pkg.name());
        assertEquals("0.3.1", pkg.version());
        assertEquals(Set.of("default", "fast"), pkg.features());
        assertEquals("my_lib", CrateChecks.requireLinkableLibrary(pkg).name());
        assertTrue(pkg.targets().stream().anyMatch(t -> t.name().equals("demo") && t.isKind("example")));
        assertEquals(crate.toRealPath(), metadata.workspaceRoot().toRealPath());
    }

    @Test
    void buildReturnsAnExecutableThatRuns() throws Exception {
        Path crate = tmp.resolve("ri-hello");
        write(crate.resolve("Cargo.toml"), "[package]\nname = \"ri-hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        write(crate.resolve("src/main.rs"), "fn main() {\n    let args: Vec<String> = std::env::args().skip(1).collect();\n"
                + "    println!(\"hello from ri-hello: {}\", args.join(\",\"));\n}\n");
        Path targetDir = tmp.resolve("target/rust-instruments/cargo");

        Path exe = cargo.build(new CargoBuildRequest(crate.resolve("Cargo.toml"), "bin", "ri-hello", "release",
                List.of(), false, false, targetDir));

        assertTrue(Files.isExecutable(exe), exe + " is executable");
        assertTrue(exe.startsWith(targetDir), exe + " is under CARGO_TARGET_DIR " + targetDir);
        assertEquals(List.of("hello from ri-hello: a b,c"), runAndCollect(exe, "a b", "c"));
        assertTrue(containsBytes(exe, ".debug_info"), "the release build carries debug info for file:line");
        assertTrue(log.info().stream().anyMatch(line -> line.startsWith("[cargo]") && line.contains("Compiling ri-hello")),
                log.info().toString());
    }

    @Test
    void buildOfAnExample() throws Exception {
        Path crate = library();

        Path exe = cargo.build(new CargoBuildRequest(crate.resolve("Cargo.toml"), "example", "demo", "dev",
                List.of(), false, false, tmp.resolve("target")));

        assertEquals("demo", exe.getFileName().toString());
        assertEquals(List.of("demo 3"), runAndCollect(exe));
    }

    @Test
    void compileErrorFailsTheBuildAndCargosMessagesAreLogged() throws Exception {
        Path crate = tmp.resolve("broken");
        write(crate.resolve("Cargo.toml"), "[package]\nname = \"broken\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        write(crate.resolve("src/main.rs"), "fn main() {\n    let _ = no_such_value;\n}\n");

        CargoException e = assertThrows(CargoException.class, () -> cargo.build(new CargoBuildRequest(
                crate.resolve("Cargo.toml"), "bin", "broken", "dev", List.of(), false, false, tmp.resolve("target"))));

        assertTrue(e.getMessage().startsWith("cargo build of bin 'broken' in " + crate.resolve("Cargo.toml")
                + " failed (exited with status 101)"), e.getMessage());
        assertTrue(log.info().stream().anyMatch(line -> line.contains("no_such_value")),
                "rendered diagnostics reach the log: " + log.info());
    }

    @Test
    void metadataOfAMissingManifestFailsWithCargosMessage() throws IOException {
        Path manifest = Files.createDirectories(tmp.resolve("no-crate-here")).resolve("Cargo.toml");

        CargoException e = assertThrows(CargoException.class, () -> cargo.metadata(manifest, true));

        assertTrue(e.getMessage().startsWith("cargo metadata failed for " + manifest + " (exited with status 101): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), "cargo's own error is quoted: " + e.getMessage());
    }

    @Test
    void metadataOfAManifestInAMissingDirectoryIsNotReportedAsMissingCargo() {
        Path manifest = tmp.resolve("nothing-here/Cargo.toml");

        CargoException e = assertThrows(CargoException.class, () -> cargo.metadata(manifest, true));

        assertTrue(e.getMessage().contains(manifest.getParent().toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("rustup"), e.getMessage());
    }

    @Test
    void scaffoldedHarnessBuildsWithoutWarningsAndForwardsTheDefaultFeature() throws Exception {
        Path crate = library();
        CargoPackage pkg = CrateChecks.packageOf(cargo.metadata(crate.resolve("Cargo.toml"), true), crate);
        Path harness = crate.resolve("memcheck");
        HarnessScaffolder.Result scaffolded = HarnessScaffolder.scaffold(pkg, harness);
        assertEquals(2, scaffolded.created().size());
        Path targetDir = tmp.resolve("target");

        // as written, with cargo itself: no warning at all
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        ProcessResult plain = runner.run(ProcessSpec.of("cargo", "build", "--offline", "--manifest-path",
                harness.resolve("Cargo.toml").toString()).environment(Map.of("CARGO_TARGET_DIR", targetDir.toString()))
                .stderr(stderr::add).timeout(Duration.ofMinutes(5)));
        assertEquals(0, plain.exitCode(), String.join("\n", stderr));
        assertTrue(stderr.stream().noneMatch(line -> line.contains("warning")), String.join("\n", stderr));
        assertTrue(stderr.stream().anyMatch(line -> line.contains("Compiling memcheck")), String.join("\n", stderr));

        // the user edits main.rs; scaffolding again keeps it
        write(harness.resolve("src/main.rs"), "#[global_allocator]\n"
                + "static GLOBAL: std::alloc::System = std::alloc::System;\n\n"
                + "fn main() {\n    println!(\"{} {}\", my_lib::MODE, my_lib::make(10).len());\n}\n");
        HarnessScaffolder.Result again = HarnessScaffolder.scaffold(pkg, harness);
        assertTrue(again.harnessExisted());

        Path withDefaults = cargo.build(new CargoBuildRequest(harness.resolve("Cargo.toml"), "bin", "memcheck",
                "release", List.of(), false, false, targetDir));
        assertEquals(List.of("fast 10"), runAndCollect(withDefaults));

        Path withoutDefaults = cargo.build(new CargoBuildRequest(harness.resolve("Cargo.toml"), "bin", "memcheck",
                "release", List.of(), true, false, targetDir));
        assertEquals(List.of("slow 10"), runAndCollect(withoutDefaults),
                "--no-default-features on the harness reaches the library");

        Path withFeature = cargo.build(new CargoBuildRequest(harness.resolve("Cargo.toml"), "bin", "memcheck",
                "release", List.of("my-lib/fast"), true, false, targetDir));
        assertEquals(List.of("fast 10"), runAndCollect(withFeature));
    }

    /**
     * The scaffolded harness's counting allocator sits between {@code __rust_alloc} and {@code malloc} in every
     * stack heaptrack records, as {@code <memcheck::alloc_stats::Counting as core::alloc::global::GlobalAlloc>::alloc}
     * at src/main.rs. Its crate is the harness, a user crate, so until the frame classification treats any
     * {@code <_ as GlobalAlloc>::{alloc, alloc_zeroed, realloc, dealloc}} frame as allocator plumbing (folded in
     * AllocatorFrames and never chosen as a site in SiteAttribution), every allocation is attributed to it.
     */
    @Test
    void heaptrackSitesOfAScaffoldedHarnessAreTheLibrarysNotTheCountingAllocator() throws Exception {
        assumeTrue(ProcessRunner.findExecutable("heaptrack", null).isPresent(), "heaptrack is not on PATH");
        Path crate = library();
        CargoPackage pkg = CrateChecks.packageOf(cargo.metadata(crate.resolve("Cargo.toml"), true), crate);
        Path harness = crate.resolve("memcheck");
        HarnessScaffolder.scaffold(pkg, harness);
        String main = Files.readString(harness.resolve("src/main.rs"));
        write(harness.resolve("src/main.rs"), main.replace("    // Call the functions of",
                "    let kept: Vec<Vec<u8>> = (0..50).map(|_| my_lib::make(4096)).collect();\n"
                        + "    println!(\"{}\", kept.len());\n\n    // Call the functions of"));
        Path exe = cargo.build(new CargoBuildRequest(harness.resolve("Cargo.toml"), "bin", "memcheck", "release",
                List.of(), false, false, tmp.resolve("target")));
        HeaptrackProfiler heaptrack = new HeaptrackProfiler(runner, log, "heaptrack");
        Recording recording = heaptrack.record(new RecordingRequest("allocations", List.of(exe.toString()), Map.of(),
                tmp, Duration.ofMinutes(1), tmp.resolve("out")));

        List<Summary.Site> sites = ProfileAnalysis.of(heaptrack.analyse(recording.file()),
                new FrameClassifier(Set.of("my_lib", "memcheck"), List.of(crate)), false).sites();

        assertTrue(sites.stream().noneMatch(site -> site.function().contains("alloc_stats")), sites.toString());
        assertTrue(sites.get(0).function().startsWith("my_lib::make"), sites.toString());
    }

    @Test
    void libraryWithItsOwnGlobalAllocatorGetsTheConflictExplanation() throws Exception {
        Path crate = tmp.resolve("alloc-lib");
        write(crate.resolve("Cargo.toml"), "[package]\nname = \"alloc-lib\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        write(crate.resolve("src/lib.rs"), "#[global_allocator]\n"
                + "static OWN: std::alloc::System = std::alloc::System;\n\npub fn f() -> Vec<u8> {\n    vec![1]\n}\n");
        CargoPackage pkg = CrateChecks.packageOf(cargo.metadata(crate.resolve("Cargo.toml"), true), crate);
        HarnessScaffolder.scaffold(pkg, crate.resolve("memcheck"));

        CargoException e = assertThrows(CargoException.class, () -> cargo.build(new CargoBuildRequest(
                crate.resolve("memcheck/Cargo.toml"), "bin", "memcheck", "dev", List.of(), false, false,
                tmp.resolve("target"))));

        assertTrue(e.getMessage().startsWith("the library installs its own global allocator ("), e.getMessage());
        assertTrue(e.getMessage().contains("conflicts with global allocator in: alloc_lib"), e.getMessage());
    }

    private static boolean containsBytes(Path file, String text) throws IOException {
        byte[] haystack = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
