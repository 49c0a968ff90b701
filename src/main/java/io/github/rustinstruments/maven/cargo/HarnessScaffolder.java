package io.github.rustinstruments.maven.cargo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the {@code memcheck} harness crate next to the library, once. A file that exists is the user's
 * and is never touched, not even when it differs from what the plugin would write.
 */
public final class HarnessScaffolder {
    /** The harness package name; also one of the crates whose frames count as the user's code. */
    public static final String HARNESS_PACKAGE = "memcheck";

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
        writeOnce(harness.resolve("Cargo.toml"), cargoToml(library, harness), created, kept);
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
                + "#[global_allocator]\n"
                + "static GLOBAL: std::alloc::System = std::alloc::System;\n"
                + "\n"
                + "// Links the library even before main calls it.\n"
                + "use " + crateName + " as _;\n"
                + "\n"
                + "fn main() {\n"
                + "    // Call the functions of `" + crateName + "` that you suspect of leaking or bloating,\n"
                + "    // with realistic input, for example:\n"
                + "    //     let parsed = " + crateName + "::parse(&std::fs::read_to_string(\"big-input.txt\").unwrap());\n"
                + "    //     drop(parsed);\n"
                + "    // The plugin's <args> arrive in std::env::args(); its <environmentVariables> in std::env::var().\n"
                + "}\n";
    }

    private static String tomlKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : tomlString(key);
    }

    private static String tomlString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
