package io.github.rustinstruments.maven.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK whose {@code java} the tests run on, and where that choice came from.
 *
 * @param java    the real {@code java} executable
 * @param home    its JDK home ({@code <home>/bin/java}); its {@code release} file tells Surefire the version
 * @param feature the feature version ({@code 17}, {@code 25}); 0 when the {@code release} file does not say
 * @param source  where it came from, for the log: {@code <jvm> of prepare-jvm}, {@code the toolchain}, ...
 */
public record Jdk(Path java, Path home, int feature, String source) {
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(1\\.)?(\\d+)");

    /** The {@code release} file of the JDK home, which Surefire reads from the launcher's directory. */
    public Path releaseFile() {
        return home.resolve("release");
    }

    /** Whether its JVM can write the perf map that names JIT-compiled Java frames. */
    public boolean hasPerfMap() {
        return feature >= ArgLine.PERF_MAP_SINCE;
    }

    /**
     * The JDK of a {@code java} executable.
     *
     * @throws IOException it is not an executable {@code <home>/bin/java}
     */
    public static Jdk of(Path java, String source) throws IOException {
        Path executable = java.toAbsolutePath().normalize();
        if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
            throw new IOException("the java executable " + executable + " (" + source + ") does not exist or is not"
                    + " executable");
        }
        Path real = executable.toRealPath();
        Path bin = real.getParent();
        if (bin == null || !"bin".equals(String.valueOf(bin.getFileName())) || bin.getParent() == null) {
            throw new IOException("the java executable " + executable + " (" + source + ") is not in the bin"
                    + " directory of a JDK (<home>/bin/java)");
        }
        Path home = bin.getParent();
        return new Jdk(real, home, featureVersion(home.resolve("release")).orElse(0), source);
    }

    /** The feature version in a JDK's {@code release} file ({@code JAVA_VERSION="17.0.15"} gives 17). */
    static Optional<Integer> featureVersion(Path release) {
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(2))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
