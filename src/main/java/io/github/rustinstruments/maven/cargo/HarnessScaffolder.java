package io.github.rustinstruments.maven.cargo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Creates the {@code memcheck} harness crate next to the library, once. A file that exists is the user's
 * and is never touched, not even when it differs from what the plugin would write.
 */
public final class HarnessScaffolder {
    /** The harness package name; also one of the crates whose frames count as the user's code. */
    public static final String HARNESS_PACKAGE = "memcheck";

    /**
     * The environment variable that makes a scaffolded harness write its allocation counts, as JSON, to the file
     * it names when {@code main} returns.
     */
    public static final String STATS_VARIABLE = "RUST_INSTRUMENTS_STATS";

    /** The global allocator of a new harness: the system allocator, counted. */
    static final String COUNTING_ALLOCATOR = lines(
            "#[global_allocator]",
            "static GLOBAL: alloc_stats::Counting = alloc_stats::Counting;");

    /** The first statement of a new harness's {@code main}: its drop writes the statistics file. */
    static final String STATS_GUARD = lines(
            "    // Writes the allocation counts to the file named by RUST_INSTRUMENTS_STATS when main returns or",
            "    // panics. Keep it first and named (`let _ = ...` would write at once); std::process::exit skips it,",
            "    // so return from main (fn main() -> std::process::ExitCode works).",
            "    let _stats = alloc_stats::WriteAtExit;");

    /**
     * The counting wrapper around {@code std::alloc::System}, at the end of a new harness's {@code main.rs}.
     * A realloc counts as one deallocation and one allocation of the new size, as heaptrack counts it, so that
     * {@code allocations - deallocations} is the number of live blocks. Writing the file happens after every
     * counter is read, so what writing allocates is not counted.
     */
    static final String ALLOC_STATS_MODULE = lines(
            "/// Counts allocations for profiler=stats; every call still goes to the system allocator.",
            "/// A realloc counts as one deallocation and one allocation, as heaptrack counts it.",
            "mod alloc_stats {",
            "    use std::alloc::{GlobalAlloc, Layout, System};",
            "    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};",
            "",
            "    static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);",
            "    static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);",
            "    static DEALLOCATIONS: AtomicU64 = AtomicU64::new(0);",
            "    static LIVE_BYTES: AtomicU64 = AtomicU64::new(0);",
            "    static PEAK_BYTES: AtomicU64 = AtomicU64::new(0);",
            "",
            "    fn allocated(size: usize) {",
            "        ALLOCATIONS.fetch_add(1, Relaxed);",
            "        ALLOCATED_BYTES.fetch_add(size as u64, Relaxed);",
            "        let live = LIVE_BYTES.fetch_add(size as u64, Relaxed) + size as u64;",
            "        // a plain load first: most allocations are no new peak, and a load is cheaper than fetch_max",
            "        if live > PEAK_BYTES.load(Relaxed) {",
            "            PEAK_BYTES.fetch_max(live, Relaxed);",
            "        }",
            "    }",
            "",
            "    fn freed(size: usize) {",
            "        DEALLOCATIONS.fetch_add(1, Relaxed);",
            "        LIVE_BYTES.fetch_sub(size as u64, Relaxed);",
            "    }",
            "",
            "    pub struct Counting;",
            "",
            "    unsafe impl GlobalAlloc for Counting {",
            "        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {",
            "            let ptr = System.alloc(layout);",
            "            if !ptr.is_null() {",
            "                allocated(layout.size());",
            "            }",
            "            ptr",
            "        }",
            "",
            "        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {",
            "            let ptr = System.alloc_zeroed(layout);",
            "            if !ptr.is_null() {",
            "                allocated(layout.size());",
            "            }",
            "            ptr",
            "        }",
            "",
            "        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {",
            "            freed(layout.size());",
            "            System.dealloc(ptr, layout);",
            "        }",
            "",
            "        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {",
            "            let new_ptr = System.realloc(ptr, layout, new_size);",
            "            if !new_ptr.is_null() {",
            "                freed(layout.size());",
            "                allocated(new_size);",
            "            }",
            "            new_ptr",
            "        }",
            "    }",
            "",
            "    /// When dropped, writes the counts as JSON to the file named by `RUST_INSTRUMENTS_STATS`, if set.",
            "    pub struct WriteAtExit;",
            "",
            "    impl Drop for WriteAtExit {",
            "        fn drop(&mut self) {",
            "            // every counter is read first, so what writing the file allocates is not counted",
            "            let allocations = ALLOCATIONS.load(Relaxed);",
            "            let deallocations = DEALLOCATIONS.load(Relaxed);",
            "            let live_blocks = allocations.saturating_sub(deallocations);",
            "            let fields = [",
            "                (\"allocations\", allocations),",
            "                (\"allocatedBytes\", ALLOCATED_BYTES.load(Relaxed)),",
            "                (\"deallocations\", deallocations),",
            "                (\"peakBytes\", PEAK_BYTES.load(Relaxed)),",
            "                (\"liveBytesAtExit\", LIVE_BYTES.load(Relaxed)),",
            "                (\"liveBlocksAtExit\", live_blocks),",
            "            ];",
            "            let path = std::env::var_os(\"RUST_INSTRUMENTS_STATS\").unwrap_or_default();",
            "            if path.is_empty() {",
            "                return;",
            "            }",
            "            let pairs = fields.map(|(name, value)| format!(r#\"\"{name}\":{value}\"#));",
            "            if let Err(e) = std::fs::write(&path, format!(\"{{{}}}\", pairs.join(\",\"))) {",
            "                let path = std::path::Path::new(&path).display();",
            "                eprintln!(\"alloc_stats: cannot write {path}: {e}\");",
            "            }",
            "        }",
            "    }",
            "}");

    private HarnessScaffolder() {}

    /**
     * What scaffolding did.
     *
     * @param created files written now
     * @param kept    files that already existed and were left as they are
     */
    public record Result(List<Path> created, List<Path> kept) {
        public boolean harnessExisted() {
            return created.isEmpty();
        }
    }

    public static Result scaffold(CargoPackage library, Path harnessDirectory) throws IOException, CargoException {
        CargoPackage.CargoTarget lib = CrateChecks.requireLinkableLibrary(library);
        Path harness = harnessDirectory.toAbsolutePath().normalize();
        List<Path> created = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        writeOnce(CrateLocator.manifest(harness), cargoToml(library, harness), created, kept);
        writeOnce(harness.resolve("src/main.rs"), mainRs(library.name(), lib.name()), created, kept);
        return new Result(List.copyOf(created), List.copyOf(kept));
    }

    private static void writeOnce(Path file, String content, List<Path> created, List<Path> kept) throws IOException {
        if (Files.exists(file)) {
            kept.add(file);
            return;
        }
        Files.createDirectories(file.getParent());
        try {
            // CREATE_NEW: even a file that appears between the check and the write is not overwritten
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            created.add(file);
        } catch (FileAlreadyExistsException e) {
            kept.add(file);
        }
    }

    static String cargoToml(CargoPackage library, Path harnessDirectory) {
        String relative = harnessDirectory.relativize(library.directory().toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
        if (relative.isEmpty()) {
            relative = ".";
        }
        boolean forwardDefaults = library.features().contains("default");
        StringBuilder toml = new StringBuilder();
        toml.append("# Memory-profiling harness for ").append(library.name())
                .append(", created once by rust-instruments-maven-plugin.\n")
                .append("# It is yours now: the plugin never overwrites it.\n")
                .append("[package]\n")
                .append("name = \"").append(HARNESS_PACKAGE).append("\"\n")
                .append("version = \"0.0.0\"\n")
                .append("edition = \"2021\"\n")
                .append("publish = false\n\n")
                .append("[dependencies]\n")
                .append(tomlKey(library.name())).append(" = { path = ").append(tomlString(relative));
        if (forwardDefaults) {
            // the harness's own default feature switches the library's on, so --no-default-features reaches it
            toml.append(", default-features = false");
        }
        toml.append(" }\n\n");
        if (forwardDefaults) {
            toml.append("[features]\n")
                    .append("default = [").append(tomlString(library.name() + "/default")).append("]\n\n");
        }
        toml.append("# Its own workspace, so it builds even when the library is a member of another one.\n")
                .append("[workspace]\n\n")
                .append("# Optimised like a release, but with debug info so stacks have file:line.\n")
                .append("[profile.release]\n")
                .append("debug = true\n");
        return toml.toString();
    }

    static String mainRs(String packageName, String crateName) {
        return "//! Memory-profiling harness for `" + packageName + "`, created once by rust-instruments-maven-plugin.\n"
                + "//! It is yours now: the plugin never overwrites it.\n"
                + "\n"
                + "// The system allocator lets heaptrack, valgrind and Instruments see every allocation.\n"
                + "// alloc_stats::Counting (at the bottom) hands each call to it and only counts, for profiler=stats;\n"
                + "// to drop the counting, write `static GLOBAL: std::alloc::System = std::alloc::System;` instead.\n"
                + COUNTING_ALLOCATOR
                + "\n"
                + "// Links the library even before main calls it.\n"
                + "use " + crateName + " as _;\n"
                + "\n"
                + "fn main() {\n"
                + STATS_GUARD
                + "\n"
                + "    // Call the functions of `" + crateName + "` that you suspect of leaking or bloating,\n"
                + "    // with realistic input, for example:\n"
                + "    //     let input = std::fs::read_to_string(\"big-input.txt\").unwrap();\n"
                + "    //     let parsed = " + crateName + "::parse(&input);\n"
                + "    //     std::hint::black_box(&parsed);\n"
                + "    // Pass every result to std::hint::black_box: an optimising (release) build removes\n"
                + "    // allocations whose result is never used, even a deliberate Box::leak, and the profiler\n"
                + "    // then sees nothing.\n"
                + "    // The plugin's <args> arrive in std::env::args(); its <environmentVariables> in std::env::var().\n"
                + "}\n"
                + "\n"
                + ALLOC_STATS_MODULE;
    }

    /**
     * What to change in a harness scaffolded before {@code profiler=stats} existed (or whose counting was removed)
     * so that it writes statistics: either regenerate {@code main.rs}, or paste three pieces into it.
     */
    public static String statsOptInInstructions() {
        return "To opt in, either delete the harness's src/main.rs (" + HARNESS_PACKAGE + "/src/main.rs unless"
                + " <harnessDirectory> says otherwise; keep a copy of your code) and run `mvn rust-instruments:scaffold`"
                + " to regenerate it (the plugin never overwrites an existing file), or edit it:\n"
                + "1. replace its #[global_allocator] static with\n"
                + indent(COUNTING_ALLOCATOR, "       ")
                + "2. make this the first statement of fn main():\n"
                + indent(STATS_GUARD.strip() + "\n", "       ")
                + "   (return from main rather than calling std::process::exit, which skips it)\n"
                + "3. append this module to the end of the file:\n"
                + indent(ALLOC_STATS_MODULE, "       ");
    }

    /** The lines, each ended by a newline (text blocks would be clearer, but the plugin descriptor's parser rejects them). */
    private static String lines(String... lines) {
        return Arrays.stream(lines).map(line -> line + "\n").collect(Collectors.joining());
    }

    private static String indent(String lines, String prefix) {
        return lines.lines().map(line -> line.isEmpty() ? "\n" : prefix + line + "\n")
                .collect(Collectors.joining());
    }

    private static String tomlKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : tomlString(key);
    }

    private static String tomlString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
