package heldout.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests with known library memory: each attributed on its own by jvm-allocations. */
class CodecTest {
    @Test
    void leaksFourHundredKiB() {
        Codec.leakPages(100);
    }

    @Test
    void holdsTwoMiB() {
        assertEquals(496, Codec.holdTwoMiB()); // 0 + 1 + ... + 31
    }

    @Test
    void greetsAndLeaks64Bytes() {
        assertEquals("hello from Rust", Codec.greetAndLeak());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 20, 30})
    void decodes(int blocks) {
        assertEquals(blocks, Codec.decode(blocks));
    }
}
