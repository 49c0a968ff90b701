package heldout.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A second class, so that two forks each run some tests; it never leaks. */
class OtherTest {
    @Test
    void decodesFive() {
        assertEquals(5, Codec.decode(5));
    }

    @Test
    void callsNothingNative() {
        assertEquals(4, 2 + 2);
    }
}
