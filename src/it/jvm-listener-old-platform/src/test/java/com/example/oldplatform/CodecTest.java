package com.example.oldplatform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestEngine;

/** In a fixed order, so that the markers file's lines are known. */
@TestMethodOrder(MethodOrderer.MethodName.class)
class CodecTest {
    @Test
    void leaksFourHundredKiB() {
        Codec.leak(409_600);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void parameterized(int value) {
        assertTrue(value > 0);
    }

    @RepeatedTest(2)
    void repeated() {}

    @Test
    void seesTheProjectsOwnAdditionalClasspath() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = CodecTest.class.getResourceAsStream("/extra.properties")) {
            properties.load(in);
        }
        assertEquals("from the project's additional classpath", properties.getProperty("greeting"));
    }

    @Test
    void theJUnitPlatformIsOlderThanTheListeners() {
        // the listener is compiled against Platform 1.14 and must load on this one
        assertEquals("1.10.2", TestEngine.class.getPackage().getImplementationVersion());
    }

    @Nested
    class Inner {
        @Test
        void nested() {}
    }
}
