package com.example.failsafe;

/** The native methods of libfailsafe_jni.so (src/main/rust). */
public final class Codec {
    static {
        System.loadLibrary("failsafe_jni");
    }

    private Codec() {}

    /** Leaks count * size bytes in the library. */
    public static native void retain(int count, int size);

    /** Allocates and frees in the library; returns n. */
    public static native int churn(int n);
}
