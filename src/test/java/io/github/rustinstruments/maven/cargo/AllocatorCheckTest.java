package io.github.rustinstruments.maven.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocatorCheckTest {

    @Test
    void findsAnAllocatorTwoLevelsDownWithItsChain() {
        Map<String, List<String>> found = AllocatorCheck.findAllocators(
                Fixtures.metadata("harness-with-jemalloc.json"));

        assertEquals(List.of("memcheck", "my-lib", "tikv-jemallocator"), found.get("tikv-jemallocator"),
                "the chain goes through the first dependency that brings it in");
        assertEquals(List.of("memcheck", "my-lib", "tikv-jemallocator", "tikv-jemalloc-sys"),
                found.get("tikv-jemalloc-sys"));
        assertEquals(List.of("tikv-jemallocator", "tikv-jemalloc-sys"), List.copyOf(found.keySet()),
                "log, libc and helper are no allocators");
    }

    @Test
    void aGraphWithoutAllocatorsGivesNone() {
        CargoMetadata metadata = Fixtures.metadata("app-with-path-dep.json");

        assertEquals(2, metadata.dependencyGraph().size(), "the fixture does have a resolved graph");
        assertEquals(Map.of(), AllocatorCheck.findAllocators(metadata));
    }

    @Test
    void anUnresolvedGraphGivesNone() {
        assertEquals(Map.of(), AllocatorCheck.findAllocators(Fixtures.metadata("lib-cdylib-rlib-no-deps.json")));
    }

    @Test
    void warningNamesEachAllocatorWithItsChainAndTheWayOut() {
        Map<String, List<String>> found = new LinkedHashMap<>();
        found.put("tikv-jemallocator", List.of("memcheck", "my-lib", "tikv-jemallocator"));
        found.put("mimalloc", List.of("memcheck", "mimalloc"));

        String warning = AllocatorCheck.warning(found);

        assertTrue(warning.startsWith("The harness's dependencies include another allocator:"
                + " tikv-jemallocator (memcheck -> my-lib -> tikv-jemallocator); mimalloc (memcheck -> mimalloc);"),
                warning);
        assertTrue(warning.contains("bypasses the system allocator"), warning);
        assertTrue(warning.contains("<noDefaultFeatures>true</noDefaultFeatures>"), warning);
        assertTrue(warning.contains("<features>"), warning);
    }

    @Test
    void conflictMessageQuotesRustcAndSaysHowToFixIt() {
        String message = AllocatorCheck.conflictMessage(List.of(
                "   Compiling memcheck v0.0.0 (/home/dev/rust/mylib/memcheck)",
                "error: the `#[global_allocator]` in this crate conflicts with global allocator in: my_lib",
                "error: could not compile `memcheck` (bin \"memcheck\") due to 1 previous error"));

        assertTrue(message.startsWith("the library installs its own global allocator (error: the"
                + " `#[global_allocator]` in this crate conflicts with global allocator in: my_lib)"), message);
        assertTrue(message.contains("#[cfg(feature = \"jemalloc\")]"), message);
        assertTrue(message.contains("<noDefaultFeatures>true</noDefaultFeatures>"), message);
    }
}
