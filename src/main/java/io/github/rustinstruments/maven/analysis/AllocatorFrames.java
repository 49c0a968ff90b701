package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.symbols.FrameKind;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The allocator plumbing at the innermost end of a stack, which call trees and flame graphs fold away so that
 * their leaves are the code that asked for memory ({@code Vec::push}, {@code Box::new}, {@code mylib::parse}),
 * not {@code malloc}.
 *
 * <p>A frame is plumbing when it is
 * <ul>
 *   <li>a {@link FrameKind#SYSTEM} frame of an allocation function: the C allocator ({@code malloc},
 *       {@code calloc}, {@code realloc}, {@code posix_memalign}, ... and glibc's internal {@code _int_malloc},
 *       {@code __libc_malloc}, ...), C++ {@code operator new}, the Rust allocator shims ({@code __rust_alloc},
 *       {@code __rdl_alloc}, {@code __rg_alloc}, ... also as {@code __rustc::__rust_alloc}), or any frame of the
 *       profiler's own library ({@code libheaptrack*});</li>
 *   <li>a {@link FrameKind#RUST_RUNTIME} frame of the standard library's allocation glue: the modules
 *       {@code alloc::alloc} ({@code alloc}, {@code realloc}, {@code exchange_malloc},
 *       {@code <Global as Allocator>::allocate}), {@code alloc::raw_vec} ({@code RawVec::grow_one},
 *       {@code finish_grow}, {@code RawVecInner}, ...), {@code std::alloc} ({@code <System as GlobalAlloc>}),
 *       {@code std::sys::alloc} / {@code std::sys::pal::*::alloc} and {@code core::alloc}.</li>
 * </ul>
 * Other system frames ({@code fopen}, {@code __libc_start_main}) and other std frames ({@code Vec::push},
 * {@code String::from}, {@code HashMap::insert}) are kept: they are what the caller asked for.
 *
 * <p>Only the innermost unbroken run of plumbing frames is folded, and never a whole stack: a stack made of
 * plumbing only (e.g. a lone {@code malloc} when unwinding failed) is kept as it is.
 */
public final class AllocatorFrames {

    private static final Set<String> C_ALLOCATOR_FUNCTIONS = Set.of(
            "malloc", "calloc", "realloc", "reallocarray", "free", "cfree", "posix_memalign", "aligned_alloc",
            "memalign", "valloc", "pvalloc",
            "__libc_malloc", "__libc_calloc", "__libc_realloc", "__libc_memalign", "__libc_valloc",
            "__libc_pvalloc", "__libc_free", "__posix_memalign", "_int_malloc", "_int_realloc", "_int_memalign",
            "_mid_memalign", "sysmalloc", "tcache_init", "malloc_hook_ini", "realloc_hook_ini", "__GI___libc_malloc",
            "__GI___libc_realloc", "__GI___libc_free", "_malloc_r", "malloc_zone_malloc", "malloc_zone_calloc",
            "malloc_zone_realloc", "malloc_zone_memalign", "_malloc_zone_malloc", "_malloc_zone_calloc",
            "_malloc_zone_realloc");

    private static final Pattern RUST_ALLOC_SHIM =
            Pattern.compile("__(?:rust|rdl|rg)_(?:alloc|alloc_zeroed|realloc|dealloc)");

    /** Paths of the standard library's allocation glue, after an optional {@code <}. */
    private static final List<String> RUNTIME_ALLOC_PREFIXES = List.of(
            "alloc::alloc::", "alloc::raw_vec::", "std::alloc::", "std::sys::alloc::", "core::alloc::",
            "__rustc::");

    /** {@code std::sys::pal::unix::alloc::...}, {@code std::sys::unix::alloc::...} and the like. */
    private static final Pattern SYS_ALLOC = Pattern.compile("std::sys::(?:pal::)?\\w+::alloc::.*");

    /** A v0 crate disambiguator as printed with hashes shown: {@code alloc[f15a878b47eb696b]::}. */
    private static final Pattern CRATE_DISAMBIGUATOR = Pattern.compile("\\[[0-9a-f]+\\](?=::)");

    private static final Pattern LEGACY_HASH = Pattern.compile("::h[0-9a-f]{16}$");

    /**
     * A {@code GlobalAlloc} implementation's entry points, whoever wrote them: the harness's counting wrapper or a
     * user's own wrapper around the system allocator is plumbing too, not the code that asked for memory.
     */
    private static final Pattern GLOBAL_ALLOC_IMPL = Pattern.compile(
            "<.+ as (?:core|std)(?:\\[[0-9a-f]+\\])?::alloc::(?:global::)?GlobalAlloc>::"
                    + "(?:alloc|alloc_zeroed|realloc|dealloc)(?:::h[0-9a-f]{16})?");

    private AllocatorFrames() {}

    /**
     * What valgrind names an inlined frame whose name the debug info lacks. Inside the innermost run of allocator
     * frames it is an allocator inlined into the shim (the harness's counting {@code GlobalAlloc}, for one), so it
     * is folded there; anywhere else it is kept.
     */
    static final String UNKNOWN_INLINED = "UnknownInlinedFun";

    /** Whether {@code frame} is allocator plumbing (see the class comment). */
    public static boolean isAllocatorFrame(ResolvedFrame frame) {
        if (frame == null || frame.function() == null) {
            return false;
        }
        if (GLOBAL_ALLOC_IMPL.matcher(frame.function().trim()).matches()) {
            return true;
        }
        if (frame.kind() == FrameKind.SYSTEM) {
            return isProfilerModule(frame.module()) || isAllocationFunction(frame.function());
        }
        if (frame.kind() == FrameKind.RUST_RUNTIME) {
            return isRuntimeAllocGlue(frame.function());
        }
        return false;
    }

    /**
     * How many frames at the innermost end of {@code frames} (innermost first) are folded: the length of the
     * innermost run of allocator frames, or 0 when that run is the whole stack.
     */
    public static int foldedCount(List<ResolvedFrame> frames) {
        int n = 0;
        int size = frames.size();
        // rustc generates the allocator shim (__rust_alloc) in the crate that declares #[global_allocator], so
        // debug info may place it, and the GlobalAlloc inlined into it (valgrind names such frames by their short
        // name, "alloc", or UnknownInlinedFun), in the user's own file: what lies inward of the shim is plumbing
        int shim = innermostShim(frames);
        if (shim >= 0) {
            n = shim + 1;
        }
        while (n < size && (isAllocatorFrame(frames.get(n))
                || n > 0 && UNKNOWN_INLINED.equals(frames.get(n).function()))) {
            n++;
        }
        return n == size ? 0 : n;
    }

    /** How far into a stack its innermost allocator shim may lie: past the C allocator and a GlobalAlloc. */
    private static final int SHIM_SEARCH_DEPTH = 8;

    /** The index of the outermost Rust allocator shim among the innermost frames, or -1. */
    private static int innermostShim(List<ResolvedFrame> frames) {
        int found = -1;
        for (int i = 0; i < Math.min(frames.size(), SHIM_SEARCH_DEPTH); i++) {
            String function = frames.get(i).function();
            if (function != null && isRustAllocatorShim(function.trim())) {
                found = i;
            }
        }
        return found;
    }

    private static boolean isRustAllocatorShim(String function) {
        String name = LEGACY_HASH.matcher(function).find() ? function.substring(0, function.length() - 19)
                : function;
        int sep = name.lastIndexOf("::");
        return RUST_ALLOC_SHIM.matcher(sep < 0 ? name : name.substring(sep + 2)).matches();
    }

    /** {@code frames} (innermost first) without the folded allocator frames; a view, not a copy. */
    public static List<ResolvedFrame> fold(List<ResolvedFrame> frames) {
        int n = foldedCount(frames);
        return n == 0 ? frames : frames.subList(n, frames.size());
    }

    private static boolean isProfilerModule(String module) {
        if (module == null) {
            return false;
        }
        int slash = Math.max(module.lastIndexOf('/'), module.lastIndexOf('\\'));
        return module.startsWith("libheaptrack", slash + 1);
    }

    private static boolean isAllocationFunction(String function) {
        String f = function.trim();
        if (f.startsWith("operator new") || f.startsWith("_Znw") || f.startsWith("_Zna")) {
            return true;
        }
        String name = f;
        int paren = name.indexOf('(');
        if (paren > 0 && !name.contains("::")) {
            name = name.substring(0, paren); // "malloc(size_t)"-style C names
        }
        if (C_ALLOCATOR_FUNCTIONS.contains(name)) {
            return true;
        }
        if (LEGACY_HASH.matcher(name).find()) {
            name = name.substring(0, name.length() - 19); // hashes shown: drop the ::h<16 hex> element
        }
        int sep = name.lastIndexOf("::");
        return RUST_ALLOC_SHIM.matcher(sep < 0 ? name : name.substring(sep + 2)).matches();
    }

    private static boolean isRuntimeAllocGlue(String function) {
        String f = function.trim();
        if (f.startsWith("<")) {
            f = f.substring(1);
        }
        if (f.indexOf('[') >= 0) {
            f = CRATE_DISAMBIGUATOR.matcher(f).replaceAll("");
        }
        for (String prefix : RUNTIME_ALLOC_PREFIXES) {
            if (f.startsWith(prefix)) {
                return true;
            }
        }
        return SYS_ALLOC.matcher(f).matches();
    }
}
