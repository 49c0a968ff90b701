package jvmbench;

/** The native methods of libjvmbench_jni.so (benchmark/jvm/jvmbench_jni.rs). */
final class Native {
    static {
        System.loadLibrary("jvmbench_jni");
    }

    private Native() {}

    /** Short-lived allocations in the library (a growing Vec of n longs, a String, a Box, a HashMap), all freed. */
    static native long work(int seed, int n);

    /** Keeps a block of size bytes in the library's ring of 4096, freeing the one it replaces. */
    static native void keep(int slot, int size);

    /** Frees the ring. */
    static native void clear();

    /** Calls back into the JVM (GetStringUTFChars, NewStringUTF): the JVM's allocations during a JNI call. */
    static native String echo(String s);

    /** Leaks count * size bytes in the library. */
    static native void leak(int count, int size);
}
