package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.rustinstruments.maven.cargo.Cargo;
import io.github.rustinstruments.maven.cargo.CargoBuildRequest;
import io.github.rustinstruments.maven.cargo.CargoPackage;
import io.github.rustinstruments.maven.cargo.CrateChecks;
import io.github.rustinstruments.maven.cargo.HarnessScaffolder;
import io.github.rustinstruments.maven.process.CollectingBuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.trace.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A harness scaffolded by the plugin for a std-only library, its main edited to allocate known amounts, built by
 * the real cargo (release) and run through {@link StatsProfiler}. Skipped where cargo is not installed.
 */
class StatsProfilerLiveTest {
    /**
     * Replaces the template's comment in main. With n = the first argument: n vectors of 1000 bytes (the first
     * zeroed, so alloc_zeroed is counted too), three of them leaked; a buffer grown once by realloc; the vector
     * holding them. "panic" panics (parse fails), "exit" calls std::process::exit(0).
     */
    private static final String WORK = """
                let arg = std::env::args().nth(1).unwrap_or_default();
                if arg == "exit" {
                    std::process::exit(0);
                }
                let n: usize = arg.parse().expect("a number of blocks");
                let mut kept: Vec<Vec<u8>> = Vec::with_capacity(n);
                for i in 0..n {
                    kept.push(vec![i as u8; 1000]);
                }
                for leaked in kept.drain(..n.min(3)) {
                    std::mem::forget(leaked);
                }
                drop(kept);
                let mut grown: Vec<u8> = Vec::with_capacity(n);
                grown.reserve_exact(20 * n);
                drop(grown);
                println!("{}", my_lib::make(10).len());
            """;

    @TempDir
    static Path tmp;

    private static final CollectingBuildLog LOG = new CollectingBuildLog();
    private static final ProcessRunner RUNNER = new ProcessRunner(LOG);
    private static Path harnessExecutable;
    private static Path oldHarnessExecutable;

    private final StatsProfiler profiler = new StatsProfiler(RUNNER, LOG);

    @BeforeAll
    static void buildHarnesses() throws Exception {
        assumeTrue(ProcessRunner.findExecutable("cargo", null).isPresent(), "cargo is not on PATH");
        Cargo cargo = new Cargo(RUNNER, LOG, "cargo", Map.of(), true);
        Path crate = tmp.resolve("my-lib");
        write(crate.resolve("Cargo.toml"), "[package]\nname = \"my-lib\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        write(crate.resolve("src/lib.rs"), "pub fn make(n: usize) -> Vec<u8> {\n    vec![7; n]\n}\n");
        CargoPackage pkg = CrateChecks.packageOf(cargo.metadata(crate.resolve("Cargo.toml"), true), crate);

        Path harness = crate.resolve("memcheck");
        assertEquals(2, HarnessScaffolder.scaffold(pkg, harness).created().size());
        Path mainRs = harness.resolve("src/main.rs");
        String main = Files.readString(mainRs);
        int from = main.indexOf("    // Call the functions of");
        int to = main.indexOf("}\n", from);
        Files.writeString(mainRs, main.substring(0, from) + WORK + main.substring(to));
        harnessExecutable = cargo.build(new CargoBuildRequest(harness.resolve("Cargo.toml"), "bin", "memcheck",
                "release", List.of(), false, false, tmp.resolve("target")));

        // a harness as the plugin scaffolded it before profiler=stats: the plain system allocator, no guard
        Path old = crate.resolve("old-harness");
        write(old.resolve("Cargo.toml"), "[package]\nname = \"old-harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n"
                + "[dependencies]\nmy-lib = { path = \"..\" }\n\n[workspace]\n");
        write(old.resolve("src/main.rs"), "#[global_allocator]\n"
                + "static GLOBAL: std::alloc::System = std::alloc::System;\n\n"
                + "fn main() {\n    println!(\"{}\", my_lib::make(10).len());\n}\n");
        oldHarnessExecutable = cargo.build(new CargoBuildRequest(old.resolve("Cargo.toml"), "bin", "old-harness",
                "release", List.of(), false, false, tmp.resolve("target")));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Recording record(Path executable, String run, String arg) throws IOException {
        return profiler.record(new RecordingRequest("allocations", List.of(executable.toString(), arg), Map.of(),
                tmp, Duration.ofMinutes(1), tmp.resolve("out").resolve(run)));
    }

    private Profile profile(String run, String arg) throws IOException {
        Recording recording = record(harnessExecutable, run, arg);
        assertEquals(0, recording.exitCode(), recording.stderrTail().toString());
        assertEquals(tmp.resolve("out").resolve(run).resolve("allocations.stats.json"), recording.file());
        return profiler.analyse(recording.file());
    }

    @Test
    void countsWhatTheHarnessAllocates() throws IOException {
        Profile work = profile("work", "100");

        assertTrue(work.allocations() >= 100, "allocations " + work.allocations());
        assertTrue(work.allocatedBytes() >= 100_000, "allocated bytes " + work.allocatedBytes());
        assertTrue(work.peakHeapBytes() >= 100_000, "peak " + work.peakHeapBytes());
        assertTrue(work.leakedBytes() >= 3000, "live at exit " + work.leakedBytes());
        assertTrue(work.leakedBlocks() >= 3, "live blocks at exit " + work.leakedBlocks());
        // what always holds for a single-threaded program
        assertTrue(work.allocatedBytes() >= work.peakHeapBytes(), "peak " + work.peakHeapBytes());
        assertTrue(work.peakHeapBytes() >= work.leakedBytes(), "live at exit " + work.leakedBytes());
        assertTrue(work.allocations() >= work.leakedBlocks());
    }

    @Test
    void theWorkCostsExactlyWhatItAllocates() throws IOException {
        // "000" and "100" have the same length: everything but the work itself allocates the same in both runs
        Profile idle = profile("idle", "000");
        Profile work = profile("work", "100");

        // 100 vectors + the vector holding them + the buffer's allocation and its realloc (one more allocation)
        assertEquals(103, work.allocations() - idle.allocations());
        assertEquals(100 * 1000 + 100 * 24 + 100 + 2000, work.allocatedBytes() - idle.allocatedBytes());
        assertEquals(3 * 1000, work.leakedBytes() - idle.leakedBytes());
        assertEquals(3, work.leakedBlocks() - idle.leakedBlocks());
        // the peak is when all 100 vectors and their holder are live, on top of what the idle run has live then
        assertTrue(work.peakHeapBytes() >= 100 * 1000 + 100 * 24, "peak " + work.peakHeapBytes());
        assertTrue(work.peakHeapBytes() <= 100 * 1000 + 100 * 24 + idle.peakHeapBytes(),
                "peak " + work.peakHeapBytes() + ", idle peak " + idle.peakHeapBytes());
    }

    @Test
    void liveBlocksAreAllocationsMinusDeallocations() throws IOException {
        Recording recording = record(harnessExecutable, "blocks", "100");
        String json = Files.readString(recording.file());

        long allocations = field(json, "allocations");
        long deallocations = field(json, "deallocations");
        assertEquals(allocations - deallocations, field(json, "liveBlocksAtExit"), json);
        assertTrue(json.startsWith("{\"allocations\":") && json.endsWith("}"), json);
    }

    private static long field(String json, String name) {
        String from = json.substring(json.indexOf("\"" + name + "\":") + name.length() + 3);
        return Long.parseLong(from.replaceFirst("[,}].*", ""));
    }

    @Test
    void aPanicStillWritesTheStatistics() throws IOException {
        Recording recording = record(harnessExecutable, "panic", "panic");

        assertEquals(101, recording.exitCode());
        assertNotNull(recording.file(), "the guard writes while the panic unwinds");
        assertTrue(profiler.analyse(recording.file()).allocations() > 0);
    }

    @Test
    void processExitSkipsTheGuardAndTheMessageSaysSo() {
        IOException e = assertThrows(IOException.class, () -> record(harnessExecutable, "exit", "exit"));

        assertTrue(e.getMessage().contains("It reads RUST_INSTRUMENTS_STATS, so it ended without returning from"
                + " main"), e.getMessage());
        assertTrue(e.getMessage().contains("std::process::exit"), e.getMessage());
    }

    @Test
    void aHarnessScaffoldedBeforeStatsGetsTheOptInInstructions() {
        IOException e = assertThrows(IOException.class, () -> record(oldHarnessExecutable, "old", "x"));

        assertTrue(e.getMessage().contains("exited normally but wrote no allocation statistics to "
                + tmp.resolve("out/old/allocations.stats.json") + ": the harness does not count allocations"),
                e.getMessage());
        assertTrue(e.getMessage().contains("`mvn rust-instruments:scaffold`"), e.getMessage());
        assertTrue(e.getMessage().contains("let _stats = alloc_stats::WriteAtExit;"), e.getMessage());
    }
}
