package io.github.rustinstruments.maven.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcePathsTest {
    private final SourcePaths paths = new SourcePaths(List.of(Path.of("/home/dev/work"),
            Path.of("/home/dev/work/regex-lite"), Path.of("/home/dev/work/regex-lite/target/rust-instruments/harness")));

    @Test
    void filesOfAUserCrateAreShownRelativeToTheMostSpecificRoot() {
        assertEquals("src/string.rs", paths.display("/home/dev/work/regex-lite/src/string.rs"));
        assertEquals("src/main.rs", paths.display("/home/dev/work/regex-lite/target/rust-instruments/harness/src/main.rs"));
        assertEquals("other/src/lib.rs", paths.display("/home/dev/work/other/src/lib.rs"));
        assertEquals("src/lib.rs", paths.display("/home/dev/work/regex-lite/./src/../src/lib.rs"), "normalised first");
    }

    @Test
    void relativeFilesStayAsCargoRecordedThem() {
        assertEquals("src/lib.rs", paths.display("src/lib.rs"));
    }

    @Test
    void standardLibraryFilesAreShownFromTheirCrate() {
        assertEquals("std/src/sys/thread_local/native/mod.rs", paths.display(
                "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/sys/thread_local/native/mod.rs"));
        assertEquals("alloc/src/raw_vec.rs", paths.display("library/alloc/src/raw_vec.rs"));
        assertEquals("core/src/option.rs", paths.display(
                "/home/dev/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/src/rust/library/core/src/option.rs"));
        assertEquals("hashbrown-0.15.2/src/raw/mod.rs", paths.display("/rust/deps/hashbrown-0.15.2/src/raw/mod.rs"));
    }

    @Test
    void registrySourcesAreShownFromTheirPackageDirectory() {
        assertEquals("serde_json-1.0.128/src/de.rs", paths.display(
                "/home/dev/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde_json-1.0.128/src/de.rs"));
    }

    @Test
    void otherFilesAreShownAsRecorded() {
        assertEquals("/usr/include/c++/13/bits/new_allocator.h", paths.display("/usr/include/c++/13/bits/new_allocator.h"));
        assertEquals("/home/dev/work", paths.display("/home/dev/work"), "a root itself is no file inside it");
        assertNull(paths.display(null));
        assertEquals("/srv/x.rs", new SourcePaths(null).display("/srv/x.rs"));
    }

    @Test
    void standardLibraryFilesAreRecognisedRecordedAndShown() {
        assertTrue(SourcePaths.isStandardLibrary("/rustc/59807616e1fa/library/std/src/rt.rs"));
        assertTrue(SourcePaths.isStandardLibrary("library/core/src/option.rs"));
        assertFalse(SourcePaths.isStandardLibrary("src/lib.rs"));
        assertTrue(SourcePaths.isShownAsStandardLibrary("std/src/sys/thread_local/native/mod.rs"));
        assertFalse(SourcePaths.isShownAsStandardLibrary("src/std/src/x.rs"));
        assertFalse(SourcePaths.isShownAsStandardLibrary(null));
    }
}
