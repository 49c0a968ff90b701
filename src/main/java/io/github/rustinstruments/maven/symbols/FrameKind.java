package io.github.rustinstruments.maven.symbols;

/** Where a stack frame's code comes from, as decided by {@link FrameClassifier}. */
public enum FrameKind {
    /** Code of the user's own crates (or any file inside the user's workspace). */
    USER,
    /** The Rust standard library and its private dependencies (std, core, alloc, hashbrown, ...). */
    RUST_RUNTIME,
    /** C runtime, dynamic loader, allocator entry points and the profiler's own library. */
    SYSTEM,
    /** Anything else, e.g. a third-party crate from the dependency graph. */
    UNKNOWN,
    /** A Java method through which the JVM called into native code (JVM mode: the JNI method, the FFM caller). */
    JAVA
}
