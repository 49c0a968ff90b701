package io.github.rustinstruments.maven.jvm;

import io.github.rustinstruments.maven.profiler.HeaptrackInstallation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Writes the launcher that Surefire and Failsafe start instead of {@code java}:
 * <pre>
 * &lt;dir&gt;/bin/java        the script (a resource; its text never changes)
 * &lt;dir&gt;/launcher.conf   what it runs, one path a line
 * &lt;dir&gt;/release         the real JDK's, which Surefire reads to tell the Java version
 * </pre>
 * Surefire accepts a {@code jvm} only when it is a {@code java} file in a {@code bin} directory, and takes the
 * directory above as the JDK home; hence this layout.
 */
public final class JvmLauncher {
    static final String FORMAT = "rust-instruments-jvm-launcher 1";
    static final String SCRIPT_RESOURCE = "java-launcher.sh";
    /** The macOS launcher's ({@link XctraceSettings}). */
    static final String XCTRACE_FORMAT = "rust-instruments-jvm-launcher-xctrace 1";
    static final String XCTRACE_SCRIPT_RESOURCE = "java-launcher-xctrace.sh";
    static final String SETTINGS = "launcher.conf";

    private JvmLauncher() {}

    /**
     * What the launcher runs.
     *
     * @param jdk          the real JDK
     * @param heaptrack    heaptrack's pieces
     * @param compressor   the compressor of the recording and its suffix
     * @param runDirectory where the recordings go, {@code <output>/<run>}
     */
    public record Settings(Jdk jdk, HeaptrackInstallation heaptrack, HeaptrackInstallation.Compressor compressor,
            Path runDirectory) {
        /** The lines of {@code launcher.conf}, in the order the script reads them. */
        List<String> lines() {
            return List.of(FORMAT, jdk.home().toString(), jdk.java().toString(),
                    heaptrack.preloadLibrary().toString(), heaptrack.interpreter().toString(),
                    compressor.executable().toString(), compressor.suffix(), runDirectory.toString());
        }
    }

    /**
     * What the macOS launcher ({@code java-launcher-xctrace.sh}) runs:
     * {@code <xcrun> xctrace record --template <template> --output <run>/jvm-<n>.trace --time-limit <limit>
     * --no-prompt --target-stdin - --target-stdout <FIFO> [--env K=V]... --launch -- <java> <args>}.
     *
     * @param jdk          the real JDK
     * @param java         the {@code java} xctrace launches: the real one, or its ad-hoc signed copy on Apple Silicon
     * @param xcrun        xcrun, as an absolute path (the launcher runs with Surefire's environment, not the plugin's)
     * @param template     the Instruments template, {@code Allocations}
     * @param timeLimit    xctrace's {@code --time-limit}, e.g. {@code 3600s}
     * @param runDirectory where the traces go, {@code <output>/<run>}
     */
    public record XctraceSettings(Jdk jdk, Path java, Path xcrun, String template, String timeLimit,
            Path runDirectory) {
        /** The lines of {@code launcher.conf}, in the order the script reads them. */
        List<String> lines() {
            return List.of(XCTRACE_FORMAT, jdk.home().toString(), jdk.java().toString(), java.toString(),
                    xcrun.toString(), template, timeLimit, runDirectory.toString());
        }
    }

    /** The launcher's {@code java}, the path given to Surefire's {@code jvm}. */
    public static Path executable(Path launcherDirectory) {
        return launcherDirectory.resolve("bin").resolve("java");
    }

    /** The launcher script's text. */
    public static String script() {
        return script(SCRIPT_RESOURCE);
    }

    /** The macOS launcher script's text. */
    public static String xctraceScript() {
        return script(XCTRACE_SCRIPT_RESOURCE);
    }

    private static String script(String resource) {
        try (InputStream in = JvmLauncher.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the plugin lacks its resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes (or rewrites) the launcher.
     *
     * @return its {@code java}
     * @throws IllegalArgumentException a path has a line break, which {@code launcher.conf} cannot carry
     */
    public static Path write(Path launcherDirectory, Settings settings) throws IOException {
        return write(launcherDirectory, settings.jdk(), settings.lines(), script());
    }

    /**
     * Writes (or rewrites) the macOS launcher, which records each JVM with xctrace.
     *
     * @return its {@code java}
     * @throws IllegalArgumentException a path has a line break, which {@code launcher.conf} cannot carry
     */
    public static Path write(Path launcherDirectory, XctraceSettings settings) throws IOException {
        return write(launcherDirectory, settings.jdk(), settings.lines(), xctraceScript());
    }

    private static Path write(Path launcherDirectory, Jdk jdk, List<String> lines, String script)
            throws IOException {
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("the path " + line + " has a line break, which the launcher"
                        + " cannot read: move it to a path without one");
            }
        }
        Path bin = launcherDirectory.resolve("bin");
        Files.createDirectories(bin);
        Path release = launcherDirectory.resolve("release");
        if (Files.isRegularFile(jdk.releaseFile())) {
            Files.copy(jdk.releaseFile(), release, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(release); // a stale one would tell Surefire another JDK's version
        }
        writeAtomically(launcherDirectory.resolve(SETTINGS), String.join("\n", lines) + "\n");
        Path java = executable(launcherDirectory);
        writeAtomically(java, script);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    /** The real JDK of an existing launcher, empty when it has none or its settings are unreadable. */
    static Optional<Jdk> readJdk(Path launcherDirectory) {
        try {
            List<String> lines = Files.readAllLines(launcherDirectory.resolve(SETTINGS), StandardCharsets.UTF_8);
            if (lines.size() < 8 || !FORMAT.equals(lines.get(0)) && !XCTRACE_FORMAT.equals(lines.get(0))) {
                return Optional.empty();
            }
            return Optional.of(Jdk.of(Path.of(lines.get(2)), "the java of the launcher written before"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        // a running fork may be reading the old file: replace it, never rewrite it in place
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
