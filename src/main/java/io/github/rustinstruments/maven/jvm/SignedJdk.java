package io.github.rustinstruments.maven.jvm;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.Directories;
import io.github.rustinstruments.maven.process.ProcessResult;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * On Apple Silicon, Instruments' Allocations can record only a program that carries the
 * {@code com.apple.security.get-task-allow} entitlement, which a JDK's {@code java} does not: as the allocations goal
 * does for a Rust executable, an ad-hoc signed copy is recorded instead. A {@code java} finds its JDK relative to its
 * own path ({@code ../lib}), so the copy lives in a mirror of the JDK home:
 * <pre>
 * &lt;launcher&gt;/signed-jdk/bin/java      the copy, signed: codesign -s - -f --entitlements &lt;plist&gt; &lt;copy&gt;
 * &lt;launcher&gt;/signed-jdk/bin/&lt;other&gt;   links to the JDK's
 * &lt;launcher&gt;/signed-jdk/&lt;entry&gt;       links to every other entry of the JDK home (lib, conf, release, ...)
 * </pre>
 * Tested with a stand-in codesign on Linux only; whether every JDK runs from such a mirror on macOS is unverified.
 */
public final class SignedJdk {
    static final String DIRECTORY = "signed-jdk";
    static final String ENTITLEMENTS_FILE = "get-task-allow.plist";
    static final String ENTITLEMENTS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""
            + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
            + "<plist version=\"1.0\">\n"
            + "<dict>\n"
            + "    <key>com.apple.security.get-task-allow</key>\n"
            + "    <true/>\n"
            + "</dict>\n"
            + "</plist>\n";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private SignedJdk() {}

    /**
     * (Re)creates the mirror of {@code jdk} under {@code launcherDirectory} and signs its {@code java}.
     *
     * @return the signed copy's path, {@code <launcher>/signed-jdk/bin/java}
     * @throws IOException the mirror could not be made, or codesign failed (its own lines in the message)
     */
    public static Path create(Path launcherDirectory, Jdk jdk, ProcessRunner runner, BuildLog log, String codesign,
            Map<String, String> environment) throws IOException {
        Path mirror = launcherDirectory.resolve(DIRECTORY);
        deleteRecursively(mirror);
        Path bin = mirror.resolve("bin");
        Files.createDirectories(bin);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(jdk.home())) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals("bin")) {
                    Files.createSymbolicLink(mirror.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        Path realBin = jdk.java().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(realBin)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(jdk.java().getFileName().toString())) {
                    Files.createSymbolicLink(bin.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        Path copy = bin.resolve("java");
        Files.copy(jdk.java(), copy, StandardCopyOption.COPY_ATTRIBUTES);
        copy.toFile().setExecutable(true, false);
        Path entitlements = launcherDirectory.resolve(ENTITLEMENTS_FILE);
        Files.writeString(entitlements, ENTITLEMENTS);
        List<String> said = new ArrayList<>();
        ProcessResult result = runner.run(ProcessSpec.of(codesign, "-s", "-", "-f", "--entitlements",
                entitlements.toString(), copy.toString()).environment(environment).timeout(TIMEOUT)
                .stdout(said::add).stderr(said::add)
                .installHint("codesign ships with macOS as /usr/bin/codesign (or point <codesignExecutable> /"
                        + " -Drust-instruments.codesignExecutable at it)"));
        if (result.exitCode() != 0) {
            throw new IOException("codesign could not ad-hoc sign " + copy + " (a copy of " + jdk.java() + ") with"
                    + " the com.apple.security.get-task-allow entitlement, which Allocations needs on Apple Silicon;"
                    + " it exited with status " + result.exitCode() + (said.isEmpty() ? " and printed nothing"
                    : ":\n    " + String.join("\n    ", said.subList(Math.max(0, said.size() - 20), said.size()))));
        }
        log.info("Test JVMs run as " + copy + ": a copy of " + jdk.java() + " ad-hoc signed with the get-task-allow"
                + " entitlement that Allocations needs on Apple Silicon");
        return copy;
    }

    /** Deletes the mirror of an earlier build without following its links into the real JDK. */
    static void deleteRecursively(Path directory) throws IOException {
        Directories.deleteTree(directory);
    }
}
