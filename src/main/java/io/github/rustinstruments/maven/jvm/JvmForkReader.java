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

    /**
     * Whether the stacks read go from the allocation out to the thread's start (heaptrack), so that where Java
     * called into the library is found on them ({@link JvmRunProfiler#endingAtJava}). A reader of fewer frames
     * (Instruments' Allocations List: one responsible caller per allocation) answers {@code false} and adds the
     * Java method itself where its frames name it.
     */
    default boolean wholeStacks() {
        return true;
    }
}
