package io.github.rustinstruments.maven.cargo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds allocators in the harness's dependency graph that would hide allocations from the profiler: memory
 * taken from jemalloc or mimalloc never reaches the system {@code malloc} that heaptrack and valgrind watch.
 */
public final class AllocatorCheck {
    /** Crates that bring their own allocator (the Rust wrappers and their -sys crates). */
    static final Set<String> ALLOCATOR_CRATES = Set.of(
            "jemallocator", "tikv-jemallocator", "jemalloc-sys", "tikv-jemalloc-sys",
            "mimalloc", "libmimalloc-sys", "mimalloc-rust", "mimalloc-rust-sys",
            "snmalloc-rs", "snmalloc-sys", "rpmalloc", "rpmalloc-sys",
            "tcmalloc", "tcmalloc-sys", "tcmalloc2", "scudo", "scudo-sys",
            "dlmalloc", "wee_alloc", "lol_alloc", "talc", "rlsf");

    private AllocatorCheck() {}

    /**
     * Each allocator crate found, with the chain of packages that brings it in from the root.
     *
     * @return allocator package name to its dependency path ({@code memcheck -> mylib -> tikv-jemallocator})
     */
    public static Map<String, List<String>> findAllocators(CargoMetadata metadata) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        if (metadata.rootId() == null) {
            return found;
        }
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(metadata.rootId()));
        parent.put(metadata.rootId(), null);
        while (!queue.isEmpty()) {
            String id = queue.removeFirst();
            String name = metadata.packageNames().get(id);
            if (name != null && ALLOCATOR_CRATES.contains(name) && !found.containsKey(name)) {
                found.put(name, chain(id, parent, metadata.packageNames()));
            }
            for (String dep : metadata.dependencyGraph().getOrDefault(id, List.of())) {
                if (!parent.containsKey(dep)) {
                    parent.put(dep, id);
                    queue.addLast(dep);
                }
            }
        }
        return found;
    }

    private static List<String> chain(String id, Map<String, String> parent, Map<String, String> names) {
        List<String> path = new ArrayList<>();
        for (String at = id; at != null; at = parent.get(at)) {
            path.add(0, names.getOrDefault(at, at));
        }
        return path;
    }

    /** The warning for allocator crates in the graph; names the dependency to turn off. */
    public static String warning(Map<String, List<String>> allocators) {
        StringBuilder out = new StringBuilder("The harness's dependencies include another allocator: ");
        allocators.forEach((name, path) -> out.append(name).append(" (").append(String.join(" -> ", path))
                .append("); "));
        out.append("memory taken through it bypasses the system allocator, so the profiler cannot see it."
                + " Build the harness without it: if the library enables it through a feature, leave that feature"
                + " out with <features> / <noDefaultFeatures>true</noDefaultFeatures>; otherwise make that"
                + " dependency optional in the library's Cargo.toml.");
        return out.toString();
    }

    /** The explanation for rustc's "conflicts with global allocator" link error. */
    static String conflictMessage(List<String> cargoErrors) {
        String rustc = cargoErrors.stream().filter(line -> line.contains("global allocator")).findFirst()
                .orElse("").trim();
        return "the library installs its own global allocator (" + rustc + "), so the harness cannot install the"
                + " system allocator the profiler needs, and allocations made through the library's allocator are"
                + " invisible to heaptrack, valgrind and Instruments. Put the library's #[global_allocator] behind a"
                + " cargo feature (e.g. `#[cfg(feature = \"jemalloc\")]`) that is on for your release builds and off"
                + " for the harness (<noDefaultFeatures>true</noDefaultFeatures> or a <features> list without it),"
                + " or move it into the final binary/cdylib crate instead of the library.";
    }
}
