package com.example.macfixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnvironmentTest {
    @Test
    void surefiresEnvironmentReachesTheJvmThroughEnv() {
        // the stand-in xctrace launches the JVM with nothing but the --env variables
        assertEquals("from surefire", System.getenv("GREETING"));
    }

    @Test
    void javaHomeIsTheRealJdk() {
        String home = System.getenv("JAVA_HOME");
        assertTrue(home != null && !home.contains("jvm-launcher"), "JAVA_HOME " + home);
    }
}
