package com.example.jvmfixture;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * An FFM downcall (Java 22+) into the exported extern "C" functions of libleaky_jni.so: leaky_leak leaks
 * LEAK_COUNT blocks of LEAK_SIZE bytes, leaky_sum allocates and frees.
 */
public final class FfmMain {
    static final int LEAK_COUNT = 3;
    static final int LEAK_SIZE = 1000;

    private FfmMain() {}

    public static void main(String[] args) throws Throwable {
        System.err.println("pid " + ProcessHandle.current().pid());
        System.loadLibrary("leaky_jni");
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.loaderLookup();
        MethodHandle sum = linker.downcallHandle(lib.find("leaky_sum").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        MethodHandle leak = linker.downcallHandle(lib.find("leaky_leak").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        leak.invokeExact(LEAK_COUNT, LEAK_SIZE);
        long total = 0;
        for (int i = 0; i < 20_000; i++) {
            total += (long) sum.invokeExact(16 + (i & 15));
        }
        System.err.println(total);
    }
}
