package com.example.failsafe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Surefire's unit test: the library allocates and frees, leaks nothing. */
class CodecTest {
    @Test
    void churnsWithoutLeaking() throws Exception {
        Pids.record("surefire");
        long total = 0;
        for (int i = 0; i < 500; i++) {
            total += Codec.churn(8 + (i & 7));
        }
        assertEquals(5_750, total); // 500 calls of 8..15 elements
    }
}
