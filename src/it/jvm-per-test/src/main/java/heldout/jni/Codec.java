package heldout.jni;

/** The native methods of libcodec_jni.so (rust/src/lib.rs). */
public final class Codec {
    static {
        System.loadLibrary("codec_jni");
    }

    private Codec() {}

    /** Leaks pages * 4096 bytes in the library. */
    public static native void leakPages(int pages);

    /** Holds 2 MiB at once in the library, then frees it. */
    public static native int holdTwoMiB();

    /** Calls back into the JVM (NewStringUTF) and leaks 64 bytes in the library. */
    public static native String greetAndLeak();

    /** Allocates and frees n blocks of 100 bytes. */
    public static native int decode(int n);
}
