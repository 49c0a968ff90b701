package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rustinstruments.maven.profiler.HeaptrackInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkResolverTest {
    @TempDir
    Path tmp;

    private Path jdk(String name, String release) throws IOException {
        Path home = tmp.resolve(name);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (release != null) {
            Files.writeString(home.resolve("release"), release);
        }
        return java;
    }

    private JdkResolver resolver() {
        return new JdkResolver(tmp.resolve("target/rust-instruments/jvm-launcher"));
    }

    @Test
    void aConfiguredJavaWinsOverTheToolchainAndMavensOwn() throws IOException {
        Path configured = jdk("jdk21", "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21.0.2\"\n");
        Path toolchain = jdk("jdk25", "JAVA_VERSION=\"25\"\n");
        Path maven = jdk("jdk17", "JAVA_VERSION=\"17.0.15\"\n");
        Jdk jdk = resolver().resolve(configured.toString(), "<jvm> of prepare-jvm", toolchain.toString(),
                maven.getParent().getParent());
        assertEquals(configured.toRealPath(), jdk.java());
        assertEquals(tmp.resolve("jdk21").toRealPath(), jdk.home());
        assertEquals(21, jdk.feature());
        assertEquals("<jvm> of prepare-jvm", jdk.source());
        assertTrue(jdk.hasPerfMap());
    }

    @Test
    void theToolchainWinsOverMavensOwn() throws IOException {
        Path toolchain = jdk("jdk25", "JAVA_VERSION=\"25\"\n");
        Path maven = jdk("jdk17", "JAVA_VERSION=\"17.0.15\"\n");
        Jdk jdk = resolver().resolve(" ", "unused", toolchain.toString(), maven.getParent().getParent());
        assertEquals(25, jdk.feature());
        assertEquals("the JDK toolchain", jdk.source());
    }

    @Test
    void mavensOwnJdkIsTheLastChoice() throws IOException {
        Path maven = jdk("jdk11", "JAVA_VERSION=\"11.0.2\"\n");
        Jdk jdk = resolver().resolve(null, "unused", null, maven.getParent().getParent());
        assertEquals(11, jdk.feature());
        assertFalse(jdk.hasPerfMap(), "DumpPerfMapAtExit came with JDK 17");
        assertEquals("Maven's own JDK", jdk.source());
    }

    @Test
    void oldAndMissingVersionsAreRead() throws IOException {
        assertEquals(8, Jdk.of(jdk("jdk8", "JAVA_VERSION=\"1.8.0_392\"\n"), "x").feature());
        assertEquals(0, Jdk.of(jdk("none", null), "x").feature());
    }

    @Test
    void aJavaOutsideABinDirectoryOrMissingIsRefused() throws IOException {
        Path stray = tmp.resolve("java");
        Files.writeString(stray, "#!/bin/sh\n");
        Files.setPosixFilePermissions(stray, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> resolver().resolve(stray.toString(), "-Djvm", null,
                tmp));
        assertTrue(e.getMessage().contains("not in the bin directory of a JDK"), e.getMessage());
        e = assertThrows(IOException.class, () -> resolver().resolve(tmp.resolve("nope/bin/java").toString(),
                "-Djvm", null, tmp));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("(-Djvm)"), e.getMessage());
    }

    @Test
    void theLauncherOfAnEarlierPrepareIsSeenThrough() throws IOException {
        Path real = jdk("jdk21", "JAVA_VERSION=\"21\"\n");
        Path launcherDirectory = tmp.resolve("target/rust-instruments/jvm-launcher");
        Path launcher = JvmLauncher.write(launcherDirectory, new JvmLauncher.Settings(Jdk.of(real, "x"),
                new HeaptrackInstallation(Path.of("/h/bin/heaptrack"), Path.of("/h/lib/libheaptrack_preload.so"),
                        Path.of("/h/libexec/heaptrack_interpret")),
                new HeaptrackInstallation.Compressor(Path.of("/usr/bin/zstd"), ".zst"), tmp.resolve("run")));
        // the jvm property now names the launcher: resolving it again must not make the launcher run itself
        Jdk jdk = resolver().resolve(launcher.toString(), "the jvm property", null, tmp);
        assertEquals(real.toRealPath(), jdk.java());
    }
}
