package com.example.macfixture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputTest {
    @Test
    void printsThroughSurefiresChannel() {
        System.out.println("hello through the xctrace launcher");
        assertTrue(System.getProperty("java.library.path").contains("native"));
    }
}
