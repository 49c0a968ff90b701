package io.github.rustinstruments.maven.trace;

/**
 * Java methods as frames of a native stack (JVM mode): a profiler sees the JVM's compiled and interpreted code only
 * as addresses, so the method through which the JVM entered the library is added as the stack's outermost frame,
 * in a module of its own that no binary can have.
 */
public final class JavaFrames {
    /** The module of a Java method's frame. */
    public static final String MODULE = "[java]";

    private JavaFrames() {}

    /** The frame of a Java method, e.g. {@code com.example.Codec.leakBlocks}. */
    public static Frame of(String javaMethod) {
        return new Frame(javaMethod, null, 0, MODULE);
    }
}
