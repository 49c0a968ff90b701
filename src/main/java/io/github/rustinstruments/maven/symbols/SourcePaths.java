package io.github.rustinstruments.maven.symbols;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a recorded source file is shown in labels and sites.
 *
 * <p>Debug info mixes forms: cargo records the files of workspace members relative to the workspace
 * ({@code src/lib.rs}) but those of path dependencies (the library under a harness) as absolute paths, and the
 * standard library as {@code /rustc/<commit>/library/std/src/...} or {@code library/std/src/...}. Shown as
 * recorded, one report carries {@code /home/dev/regex-lite/src/string.rs} next to {@code src/main.rs}. Here:
 * <ul>
 *   <li>a file inside a user root is shown relative to the most specific root ({@code src/string.rs});</li>
 *   <li>a standard-library file is shown from its crate ({@code std/src/rt.rs}, {@code alloc/src/vec/mod.rs});</li>
 *   <li>a crates.io source is shown from its package directory ({@code serde_json-1.0.128/src/de.rs});</li>
 *   <li>anything else is shown as recorded.</li>
 * </ul>
 * Classification always looks at the recorded path; this class only changes what is displayed.
 */
public final class SourcePaths {
    /** {@code /rustc/<commit>/library/}, a rust-src component, or the relative form some toolchains record. */
    private static final Pattern STD_LIBRARY =
            Pattern.compile("(?:/rustc/[0-9a-f]{7,}/|.*/lib/rustlib/src/rust/)?library/(.+)");
    /** std's own dependencies, as the toolchain's build records them. */
    private static final Pattern STD_DEPENDENCY = Pattern.compile("/rust/deps/(.+)");
    /** {@code ~/.cargo/registry/src/<index>-<hash>/<package>-<version>/...}. */
    private static final Pattern REGISTRY = Pattern.compile(".*/\\.cargo/registry/src/[^/]+/(.+)");

    /** A standard-library file as {@link #display} shows it. */
    private static final Pattern SHOWN_STD =
            Pattern.compile("(?:std|core|alloc|proc_macro|test|panic_unwind|panic_abort)/src/.+");

    private final List<Path> roots;

    /** @param userRoots absolute directories of the user's crates, workspace and harness */
    public SourcePaths(List<Path> userRoots) {
        List<Path> sorted = new ArrayList<>();
        if (userRoots != null) {
            for (Path root : userRoots) {
                if (root != null) {
                    sorted.add(root.toAbsolutePath().normalize());
                }
            }
        }
        // the most specific root first: a crate inside its workspace is shown relative to the crate
        sorted.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        this.roots = List.copyOf(sorted);
    }

    /** The file as reports show it; {@code null} stays {@code null}. */
    public String display(String file) {
        if (file == null || file.isBlank()) {
            return file;
        }
        String f = file.trim().replace('\\', '/');
        Matcher std = STD_LIBRARY.matcher(f);
        if (std.matches()) {
            return std.group(1);
        }
        Matcher deps = STD_DEPENDENCY.matcher(f);
        if (deps.matches()) {
            return deps.group(1);
        }
        Matcher registry = REGISTRY.matcher(f);
        if (registry.matches()) {
            return registry.group(1);
        }
        Path absolute = absolute(f);
        if (absolute != null) {
            for (Path root : roots) {
                if (absolute.startsWith(root) && !absolute.equals(root)) {
                    return root.relativize(absolute).toString().replace('\\', '/');
                }
            }
        }
        return file;
    }

    /**
     * Whether a recorded file is the standard library's. A user frame with such a file is code that a std macro
     * expanded into the user's crate ({@code thread_local!}): its own file is std's, not the user's.
     */
    public static boolean isStandardLibrary(String file) {
        if (file == null || file.isBlank()) {
            return false;
        }
        String f = file.trim().replace('\\', '/');
        return STD_LIBRARY.matcher(f).matches() || STD_DEPENDENCY.matcher(f).matches();
    }

    /** Whether a file as {@link #display} shows it is the standard library's ({@code std/src/rt.rs}). */
    public static boolean isShownAsStandardLibrary(String shown) {
        return shown != null && SHOWN_STD.matcher(shown).matches();
    }

    private static Path absolute(String file) {
        try {
            Path p = Paths.get(file);
            return p.isAbsolute() ? p.normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
