package com.example.jvmfixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The library's leak: exactly 10 blocks of 4096 bytes that the Rust code never frees. */
class LeakTest {
    @Test
    void leaksTenBlocks() {
        Leaky.leakBlocks(10, 4096);
    }

    @Test
    void churnsWithoutLeaking() {
        long total = 0;
        for (int i = 0; i < 2_000; i++) {
            total += Leaky.churn(16 + (i & 15));
        }
        assertEquals(47_000, total); // 2,000 calls of 16..31 elements
    }
}
