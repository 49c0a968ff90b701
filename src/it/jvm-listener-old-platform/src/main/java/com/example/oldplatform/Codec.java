package com.example.oldplatform;

/** The native method of libold_platform_jni.so (src/main/rust). */
public final class Codec {
    static {
        System.loadLibrary("old_platform_jni");
    }

    private Codec() {}

    /** Leaks one block of size bytes in the library. */
    public static native void leak(int size);
}
