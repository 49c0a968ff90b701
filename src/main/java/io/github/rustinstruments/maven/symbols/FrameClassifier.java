package io.github.rustinstruments.maven.symbols;

import io.github.rustinstruments.maven.trace.JavaFrames;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a recorded frame is the user's code, the Rust runtime, the system, or something else.
 *
 * <p>The crate of the function name is the primary signal: heaptrack records Rust source files as relative paths
 * ({@code src/lib.rs}) that cannot tell one crate from another. The order of the checks is:
 * <ol>
 *   <li>{@link FrameKind#SYSTEM}: the module is libc, ld.so, libstdc++, libgcc, libheaptrack, the vdso (or a macOS
 *       libsystem library), or the function is a C allocator / startup function or a Rust allocator shim
 *       ({@code __rust_alloc}, {@code __rdl_alloc}, {@code __rg_alloc} and friends);</li>
 *   <li>{@link FrameKind#USER}: the function's crate is a user crate;</li>
 *   <li>{@link FrameKind#RUST_RUNTIME}: the function's crate is std, core, alloc or one of std's dependencies;</li>
 *   <li>{@link FrameKind#USER}: the file is absolute and inside a user root, but not inside a {@code target}
 *       directory below that root nor inside {@code .cargo/registry} or {@code .cargo/git};</li>
 *   <li>{@link FrameKind#RUST_RUNTIME}: the file is the standard library's ({@code library/...},
 *       {@code /rustc/<hash>/...}, {@code /rust/deps/...}, {@code .../lib/rustlib/src/rust/...});</li>
 *   <li>{@link FrameKind#UNKNOWN} otherwise, e.g. a crate from the dependency graph that is not the user's.</li>
 * </ol>
 */
public final class FrameClassifier {

    /** std and the crates it is built from; their frames are "the runtime". */
    static final Set<String> RUNTIME_CRATES = Set.of(
            "std", "core", "alloc", "proc_macro", "test", "panic_unwind", "panic_abort", "hashbrown",
            "std_detect", "compiler_builtins", "gimli", "addr2line", "miniz_oxide", "object", "rustc_demangle",
            "memchr", "adler2", "unwind",
            // the compiler's pseudo-crate of allocator and panic shims (v0 names like __rustc::rust_begin_unwind)
            "__rustc");

    private static final Pattern SYSTEM_MODULE = Pattern.compile(
            "\\[vdso\\]|linux-(?:vdso|gate)\\.so.*"
                    + "|ld-linux.*|ld\\.so.*|ld-[0-9.]+\\.so|ld-musl.*"
                    + "|lib(?:c|m|dl|pthread|rt|resolv|util|anl|nsl|mvec|gcc|gcc_s|unwind)(?:[-.].*)?"
                    + "|libstdc\\+\\+.*|libc\\+\\+(?:abi)?(?:[-.].*)?|libheaptrack.*"
                    + "|libsystem_.*|libSystem\\..*|libdyld\\..*|dyld");

    private static final Set<String> SYSTEM_FUNCTIONS = Set.of(
            "malloc", "calloc", "realloc", "free", "cfree", "reallocarray", "posix_memalign", "aligned_alloc",
            "memalign", "valloc", "pvalloc", "malloc_usable_size", "mmap", "mmap64", "munmap", "mremap",
            "brk", "sbrk",
            "_start", "__libc_start_main", "__libc_start_main_impl", "__libc_start_call_main", "start_thread",
            "clone", "clone3", "__clone", "__clone3", "__clone_internal", "thread_start", "start", "_dl_start",
            "_dl_start_user", "_dl_init", "call_init");

    /** The Rust allocator entry points and their default / user-allocator shims. */
    private static final Pattern RUST_ALLOC_SHIM =
            Pattern.compile("__(?:rust|rdl|rg)_(?:alloc|alloc_zeroed|realloc|dealloc)");

    private static final Pattern RUNTIME_FILE = Pattern.compile(
            "library/.*|/rustc/[0-9a-f]{7,}/.*|/rust/deps/.*|.*/lib/rustlib/src/rust/.*");

    private final Set<String> userCrates;
    private final List<Path> userRoots;
    private final SourcePaths sourcePaths;
    private final Map<String, Boolean> relativeUserFiles = new ConcurrentHashMap<>();
    private boolean localSourcesAreUsers;

    /**
     * @param userCrates crate names of the user's code ({@code -} is turned into {@code _} here as well)
     * @param userRoots  absolute directories of the user's crates or workspace
     */
    public FrameClassifier(Set<String> userCrates, List<Path> userRoots) {
        Set<String> crates = new HashSet<>();
        if (userCrates != null) {
            for (String c : userCrates) {
                if (c != null && !c.isBlank()) {
                    crates.add(c.trim().replace('-', '_'));
                }
            }
        }
        this.userCrates = Collections.unmodifiableSet(crates);
        List<Path> roots = new ArrayList<>();
        if (userRoots != null) {
            for (Path root : userRoots) {
                if (root != null) {
                    roots.add(root.toAbsolutePath().normalize());
                }
            }
        }
        this.userRoots = Collections.unmodifiableList(roots);
        this.sourcePaths = new SourcePaths(this.userRoots);
    }

    /** How source files are displayed: relative to the user roots, std and registry paths shortened. */
    public SourcePaths sourcePaths() {
        return sourcePaths;
    }

    /** The normalized user crate names. */
    public Set<String> userCrates() {
        return userCrates;
    }

    /** The normalized user roots. */
    public List<Path> userRoots() {
        return userRoots;
    }

    /**
     * Classifies one frame.
     *
     * @param demangledFunction the function name (mangled or half-demangled names are demangled first); may be null
     * @param file              the source file from debug info, relative or absolute; may be null
     * @param module            the binary or shared object (path or file name); may be null
     */
    public FrameKind classify(String demangledFunction, String file, String module) {
        if (JavaFrames.MODULE.equals(module)) {
            return FrameKind.JAVA;
        }
        String function = demangledFunction == null ? null : RustDemangler.demangle(demangledFunction.trim());
        if (isSystemModule(module) || isSystemFunction(function)) {
            return FrameKind.SYSTEM;
        }
        String crate = CrateGuess.crateOf(function);
        if (crate != null && userCrates.contains(crate)) {
            return FrameKind.USER;
        }
        if (crate != null && RUNTIME_CRATES.contains(crate)) {
            return FrameKind.RUST_RUNTIME;
        }
        if (isUserFile(file)) {
            return FrameKind.USER;
        }
        if (isRuntimeFile(file)) {
            return FrameKind.RUST_RUNTIME;
        }
        if (crate == null && isRelativeUserFile(file)) {
            // #[no_mangle] functions (JNI and FFM entry points) have no crate in their name; cargo records the
            // files of local crates relative to the crate, so the file tells them apart
            return FrameKind.USER;
        }
        return FrameKind.UNKNOWN;
    }

    static boolean isSystemModule(String module) {
        if (module == null || module.isBlank()) {
            return false;
        }
        String m = module.trim();
        int slash = Math.max(m.lastIndexOf('/'), m.lastIndexOf('\\'));
        String base = m.substring(slash + 1);
        return SYSTEM_MODULE.matcher(base).matches();
    }

    static boolean isSystemFunction(String function) {
        if (function == null || function.isBlank()) {
            return false;
        }
        String f = function.trim();
        if (f.startsWith("operator new") || f.startsWith("operator delete")
                || f.startsWith("_Znw") || f.startsWith("_Zna") || f.startsWith("_Zdl") || f.startsWith("_Zda")) {
            return true;
        }
        String name = f;
        int paren = name.indexOf('(');
        if (paren > 0 && !name.contains("::")) {
            name = name.substring(0, paren); // "malloc(size_t)"-style C names
        }
        if (!name.contains("::") && SYSTEM_FUNCTIONS.contains(name)) {
            return true;
        }
        return RUST_ALLOC_SHIM.matcher(lastSegment(name)).matches();
    }

    private static String lastSegment(String name) {
        int i = name.lastIndexOf("::");
        return i < 0 ? name : name.substring(i + 2);
    }

    boolean isUserFile(String file) {
        Path p = absolutePath(file);
        if (p == null || isRegistryPath(p)) {
            return false;
        }
        for (Path root : userRoots) {
            if (p.startsWith(root) && !p.equals(root)) {
                for (Path part : root.relativize(p)) {
                    if (part.toString().equals("target")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /**
     * For a recording analysed without its crate: any relative Rust source path (cargo's form for local crates)
     * counts as the user's, since there is no directory to look the file up in.
     */
    public FrameClassifier localSourcesAreUsers() {
        this.localSourcesAreUsers = true;
        return this;
    }

    /** A relative source path (as cargo gives local crates) naming a file that exists under a user root. */
    boolean isRelativeUserFile(String file) {
        if (file == null || file.isBlank() || absolutePath(file) != null) {
            return false;
        }
        if (localSourcesAreUsers) {
            return UserCrateGuess.isLocalSource(file);
        }
        return relativeUserFiles.computeIfAbsent(file.trim(), relative -> {
            for (Path root : userRoots) {
                try {
                    Path candidate = root.resolve(relative).normalize();
                    if (candidate.startsWith(root) && Files.isRegularFile(candidate)) {
                        return true;
                    }
                } catch (InvalidPathException e) {
                    return false;
                }
            }
            return false;
        });
    }

    static boolean isRuntimeFile(String file) {
        if (file == null || file.isBlank()) {
            return false;
        }
        String f = file.trim().replace('\\', '/');
        return RUNTIME_FILE.matcher(f).matches();
    }

    private static Path absolutePath(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            Path p = Paths.get(file.trim());
            return p.isAbsolute() ? p.normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Inside {@code .cargo/registry} or {@code .cargo/git}: third-party sources, never the user's. */
    private static boolean isRegistryPath(Path p) {
        String previous = null;
        for (Path part : p) {
            String name = part.toString().toLowerCase(Locale.ROOT);
            if (".cargo".equals(previous) && ("registry".equals(name) || "git".equals(name))) {
                return true;
            }
            previous = name;
        }
        return false;
    }
}
