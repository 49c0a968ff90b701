package com.example.failsafe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Surefire's unit test: the library allocates and frees, leaks nothing. */
class CodecTest {
    @Test
    void churnsWithoutLeaking() throws Exception {
        Pids.record("surefire");
        long total = 0;
        long expected = 0;
        for (int i = 0; i < 500; i++) {
            int n = 8 + (i & 7);
            total += Codec.churn(n);
            expected += n;
        }
        assertEquals(expected, total);
    }
}
