package io.github.rustinstruments.maven.jvm;

import io.github.rustinstruments.maven.analysis.LibraryScope;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.TestMarkers;
import java.io.IOException;

/** Reads one test JVM's recording as the profiler that made it wrote it: one per platform's launcher. */
@FunctionalInterface
public interface JvmForkReader {

    /**
     * The JVM's whole-process profile, read with the library's scope: {@link Profile#scope()} holds the library's
     * own figures and {@link io.github.rustinstruments.maven.trace.StackCost#inScope()} marks its stacks; with
     * markers, {@link Profile#tests()} holds the library's figures per test (and the markers count nowhere).
     *
     * @param markers the JVM's test markers, or {@code null} when it wrote none
     */
    Profile read(JvmForks.Fork fork, LibraryScope scope, TestMarkers markers) throws IOException;
}
