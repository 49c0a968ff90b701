package com.example.jvmfixture;

/** The native methods of libleaky_jni.so (rust/src/lib.rs). */
public final class Leaky {
    static {
        System.loadLibrary("leaky_jni");
    }

    private Leaky() {}

    /** Leaks count * size bytes in the library. */
    public static native void leakBlocks(int count, int size);

    /** Allocates and frees n * 8 bytes (and the growth steps before) in the library. */
    public static native int churn(int n);

    /** Calls back into the JVM (GetStringUTFChars, NewStringUTF). */
    public static native String greet(String name);

    /** The overload: a second JNI symbol with the mangled signature. */
    public static native String greet(String name, int times);

    /** A nested class: its JNI symbols carry {@code _00024} for {@code $}. */
    public static final class Inner {
        private Inner() {}

        /** Leaks the JVM's UTF-8 copy of s (no ReleaseStringUTFChars): the JVM's memory, not the library's. */
        public static native int forget_release(String s);
    }
}
