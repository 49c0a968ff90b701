package io.github.rustinstruments.maven.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void thisLinuxX8664MachineIsLinuxX8664() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "runs on the project's Linux x86_64 machines");

        Platform platform = Platform.current();

        assertEquals("linux-x86_64", platform.toString());
        assertEquals(new Platform("linux", "x86_64"), platform);
        assertTrue(platform.isLinux());
        assertFalse(platform.isMac());
    }

    @Test
    void macIsRecognisedByItsOsName() {
        Platform mac = new Platform("macos", "aarch64");

        assertTrue(mac.isMac());
        assertFalse(mac.isLinux());
        assertEquals("macos-aarch64", mac.toString());
    }
}
