package com.example.jvmfixture;

/**
 * Known library behaviour: LEAK_COUNT blocks of LEAK_SIZE bytes leaked by the library, churn hot enough for the
 * JIT to compile its caller, JNI callbacks, and a JVM-side leak made during a callback.
 */
public final class Main {
    static final int LEAK_COUNT = 10;
    static final int LEAK_SIZE = 4096;

    private Main() {}

    public static void main(String[] args) {
        // the pid names the perf map (/tmp/perf-<pid>.map) that -XX:+DumpPerfMapAtExit writes
        System.err.println("pid " + ProcessHandle.current().pid());
        Leaky.leakBlocks(LEAK_COUNT, LEAK_SIZE);
        long total = 0;
        for (int i = 0; i < 20_000; i++) {
            total += hot(i);
        }
        String a = Leaky.greet("jvm");
        String b = Leaky.greet("jvm", 3);
        int n = Leaky.Inner.forget_release("leaked by the JVM, not by the library");
        System.err.println(total + " " + a + " " + b + " " + n);
    }

    /** Called often enough to be JIT-compiled, so its frame is JIT code in the library's stacks. */
    static int hot(int i) {
        return Leaky.churn(16 + (i & 15));
    }
}
