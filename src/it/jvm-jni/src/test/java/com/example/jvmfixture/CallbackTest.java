package com.example.jvmfixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JNI functions that call back into the JVM through their JNIEnv (GetStringUTFChars, NewStringUTF). */
class CallbackTest {
    @Test
    void greetsThroughNewStringUtf() {
        assertEquals("hello, jvm", Leaky.greet("jvm"));
    }

    @Test
    void theOverloadHasItsOwnSymbol() {
        assertEquals("ab ab ab", Leaky.greet("ab", 3));
    }
}
