package com.example.failsafe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Failsafe's integration test: the library leaks exactly 3 x 4096 bytes through Codec.retain. */
class CodecIT {
    @Test
    void retainsThreeBlocks() throws Exception {
        Pids.record("failsafe");
        Codec.retain(3, 4096);
        assertEquals(100, Codec.churn(100));
    }
}
