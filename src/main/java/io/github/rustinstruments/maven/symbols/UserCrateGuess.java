package io.github.rustinstruments.maven.symbols;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Guesses the user's crates from a recording alone, for a recording analysed without its crate: cargo records
 * the sources of local crates with relative paths ({@code src/lib.rs}), while std's are under {@code library/}
 * or {@code /rustc/…} and third-party crates' under {@code ~/.cargo/registry}.
 */
public final class UserCrateGuess {
    private static final FrameClassifier NOBODY = new FrameClassifier(Set.of(), List.of());

    private UserCrateGuess() {}

    /**
     * @param frames (function as recorded, file) pairs of the recording
     * @return crate names (underscored) of Rust functions with local, relative source files
     */
    public static Set<String> fromFrames(Iterable<String[]> frames) {
        Set<String> crates = new LinkedHashSet<>();
        for (String[] frame : frames) {
            String function = frame[0];
            String file = frame[1];
            if (function == null || file == null || !isLocalSource(file)) {
                continue;
            }
            String demangled = RustDemangler.demangle(function);
            String crate = CrateGuess.crateOf(demangled);
            if (crate != null && NOBODY.classify(demangled, file, null) == FrameKind.UNKNOWN) {
                crates.add(crate);
            }
        }
        return crates;
    }

    public static boolean isLocalSource(String file) {
        String f = file.replace('\\', '/');
        if (f.isEmpty() || !f.endsWith(".rs")) {
            return false;
        }
        if (Path.of(f).isAbsolute()) {
            // valgrind writes absolute paths: anything but the toolchain's and third-party crates' sources
            return !f.contains("/rustc/") && !f.contains("/.cargo/registry/") && !f.contains("/.cargo/git/")
                    && !f.contains("/.rustup/") && !f.contains("/library/");
        }
        return !f.startsWith("library/") && !f.startsWith("./") && !f.startsWith("../");
    }
}
