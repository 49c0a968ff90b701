package jvmbench;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The benchmark's large JVM recording: two threads call the JNI library in a loop (short-lived allocations, a ring
 * of long-lived blocks, callbacks into the JVM), with the JVM's own native allocations in the same loop (direct
 * buffers: {@code Unsafe.allocateMemory}, freed when the GC clears them; zlib's state for a {@link Deflater}) besides
 * the JVM's start-up, JIT and GC. The library leaks LEAK_COUNT x LEAK_SIZE bytes.
 * Usage: JvmBench [ITERATIONS per thread]. Prints its pid (it names the perf map of -XX:+DumpPerfMapAtExit).
 */
public final class JvmBench {
    static final int LEAK_COUNT = 10;
    static final int LEAK_SIZE = 4096;

    private JvmBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        System.err.println("pid " + ProcessHandle.current().pid());
        Native.leak(LEAK_COUNT, LEAK_SIZE);
        long[] sums = new long[2];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> sums[id] = loop(id, iterations), "bench-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Native.clear();
        System.err.println("done " + (sums[0] + sums[1]));
    }

    static long loop(int id, int iterations) {
        long total = 0;
        byte[] input = new byte[4096];
        byte[] output = new byte[8192];
        for (int i = 0; i < iterations; i++) {
            int seed = i * 2 + id;
            total += call(seed, i % 3);
            if ((i & 3) == 0) {
                Native.keep(seed, 256 + (seed & 1023));
            }
            if ((i & 1) == 0) {
                total += Native.echo("iteration " + i).length();
            }
            total += ByteBuffer.allocateDirect(32 + (seed & 255)).capacity();
            if ((i & 15) == 0) {
                total += deflate(input, output, i);
            }
        }
        return total;
    }

    /** Calls the library from one of a few Java depths: the same native method under distinct Java stacks. */
    static long call(int seed, int depth) {
        if (depth > 0) {
            return call(seed, depth - 1) + 1;
        }
        return Native.work(seed, 4 + (seed & 7));
    }

    /** The JVM's own native allocations: zlib's state for a Deflater, freed by end(). */
    static int deflate(byte[] input, byte[] output, int i) {
        input[i & 4095] = (byte) i;
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(input);
            deflater.finish();
            return deflater.deflate(output);
        } finally {
            deflater.end();
        }
    }
}
