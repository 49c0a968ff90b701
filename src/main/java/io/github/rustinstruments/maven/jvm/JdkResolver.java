package io.github.rustinstruments.maven.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides which real {@code java} the launcher runs, in the order Surefire itself would choose it (a configured
 * {@code jvm} wins over the toolchain, which wins over Maven's own JDK), seeing through a launcher left by an
 * earlier {@code prepare-jvm}.
 */
public final class JdkResolver {
    private final Path launcherDirectory;

    /** @param launcherDirectory where this plugin writes its launcher ({@code <dir>/bin/java}) */
    public JdkResolver(Path launcherDirectory) {
        this.launcherDirectory = launcherDirectory.toAbsolutePath().normalize();
    }

    /**
     * @param configured    a {@code java} named by the user ({@code <jvm>} of prepare-jvm, or the {@code jvm}
     *                      property Surefire would read); {@code null} when none
     * @param configuredBy  what named it, for messages
     * @param toolchainJava the {@code java} of the build's JDK toolchain; {@code null} when none
     * @param javaHome      Maven's own JDK ({@code java.home})
     */
    public Jdk resolve(String configured, String configuredBy, String toolchainJava, Path javaHome)
            throws IOException {
        if (configured != null && !configured.isBlank()) {
            Path java = Path.of(configured.trim()).toAbsolutePath().normalize();
            if (isLauncher(java)) {
                // prepare-jvm ran before in this build (a second execution): keep the java it resolved then
                return JvmLauncher.readJdk(launcherDirectory)
                        .orElseThrow(() -> new IOException(configuredBy + " names this plugin's launcher " + java
                                + ", whose settings are gone; remove that setting or run a clean build"));
            }
            return Jdk.of(java, configuredBy);
        }
        if (toolchainJava != null && !toolchainJava.isBlank()) {
            return Jdk.of(Path.of(toolchainJava), "the JDK toolchain");
        }
        Path java = javaHome.resolve("bin/java");
        if (!Files.isRegularFile(java)) {
            throw new IOException("Maven's JDK " + javaHome + " has no bin/java: name the java to test with in"
                    + " <jvm> (-Drust-instruments.jvm)");
        }
        return Jdk.of(java, "Maven's own JDK");
    }

    private boolean isLauncher(Path java) {
        Path launcher = JvmLauncher.executable(launcherDirectory);
        if (java.equals(launcher)) {
            return true;
        }
        try {
            return Files.exists(launcher) && Files.isSameFile(java, launcher);
        } catch (IOException e) {
            return false;
        }
    }
}
