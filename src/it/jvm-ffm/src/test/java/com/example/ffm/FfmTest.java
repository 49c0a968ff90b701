package com.example.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** FFM downcalls into libffm_lib.so, found on the java.library.path that prepare-jvm set. */
class FfmTest {
    static final int LEAK_COUNT = 5;
    static final int LEAK_SIZE = 1000;

    private static Path library() {
        String file = System.mapLibraryName("ffm_lib");
        return Arrays.stream(System.getProperty("java.library.path").split(File.pathSeparator))
                .map(directory -> Path.of(directory, file))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " is not on " + System.getProperty("java.library.path")));
    }

    @Test
    void downcallsLeakAndChurn() throws Throwable {
        // for verify.groovy: which recording is this JVM's, and which Java it is
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "test-jvm.txt"),
                ProcessHandle.current().pid() + " " + Runtime.version().feature() + "\n");

        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(library(), Arena.global());
        MethodHandle leak = linker.downcallHandle(lib.find("ffm_leak").orElseThrow(),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT));
        MethodHandle sum = linker.downcallHandle(lib.find("ffm_sum").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

        leak.invokeExact(LEAK_COUNT, LEAK_SIZE);
        long total = 0;
        long expected = 0;
        for (int i = 0; i < 2_000; i++) {
            int n = 16 + (i & 15);
            total += (long) sum.invokeExact(n);
            expected += (long) n * (n - 1) / 2;
        }
        assertEquals(expected, total);
    }
}
