package io.github.rustinstruments.maven.jvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The test markers listener as a jar for the test classpath. The listener ({@code src/listener}: Java 8, the JUnit
 * Platform API only) is built with the plugin and kept among its resources under {@code junit-listener/} beside this
 * class; {@code prepare-jvm} writes it out as {@value #FILE_NAME} and adds that to
 * {@code maven.test.additionalClasspath}. The JUnit Platform loads it through its {@code META-INF/services} entry.
 * The jar's bytes are the same on every build of the same plugin (fixed entry times).
 */
public final class JUnitListenerJar {
    /** The jar's file name. */
    public static final String FILE_NAME = "rust-instruments-junit-listener.jar";
    /** The listener class. */
    public static final String LISTENER_CLASS = "io.github.rustinstruments.junit.TestMarkerListener";
    /** Where the plugin keeps the jar's entries, relative to this class. */
    static final String RESOURCES = "junit-listener/";
    static final String SERVICE = "META-INF/services/org.junit.platform.launcher.TestExecutionListener";
    /** Every entry of the jar, the manifest aside; the listener has no nested classes. */
    static final List<String> ENTRIES = List.of(SERVICE, LISTENER_CLASS.replace('.', '/') + ".class");
    /** 1980-02-01, as reproducible builds date their entries. */
    private static final long ENTRY_TIME = 315_532_800_000L + 31L * 86_400_000L;

    /** The property behind Surefire's and Failsafe's {@code additionalClasspathElements}: comma-separated paths. */
    public static final String ADDITIONAL_CLASSPATH = "maven.test.additionalClasspath";

    private JUnitListenerJar() {}

    /**
     * The value of {@link #ADDITIONAL_CLASSPATH} with the jar added: after what is there, once.
     *
     * @param existing the property's value, {@code null} or blank when unset
     * @throws IllegalArgumentException the jar's path has a comma, which the property cannot carry
     */
    public static String additionalClasspath(String existing, Path jar) {
        String path = jar.toString();
        if (path.indexOf(',') >= 0) {
            throw new IllegalArgumentException("the path " + path + " has a comma, which separates the entries of "
                    + ADDITIONAL_CLASSPATH + ": give <outputDirectory> a path without one");
        }
        if (existing == null || existing.isBlank()) {
            return path;
        }
        for (String entry : existing.split(",")) {
            if (entry.trim().equals(path)) {
                return existing;
            }
        }
        return existing + "," + path;
    }

    /**
     * Writes (or replaces) the jar in {@code directory}.
     *
     * @return the jar
     * @throws IllegalStateException the plugin lacks the listener (a broken build of the plugin)
     */
    public static Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = directory.resolve(FILE_NAME);
        Path temporary = directory.resolve("." + FILE_NAME + ".tmp");
        Files.write(temporary, bytes());
        // a running fork of a parallel build may be reading the old file: replace it, never rewrite it in place
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }

    /** The jar's bytes. */
    static byte[] bytes() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "rust-instruments-maven-plugin");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(buffer)) {
            Set<String> directories = new HashSet<>();
            directories.add("META-INF/");
            add(jar, "META-INF/", null);
            ByteArrayOutputStream manifestBytes = new ByteArrayOutputStream();
            manifest.write(manifestBytes);
            add(jar, "META-INF/MANIFEST.MF", manifestBytes.toByteArray());
            for (String entry : ENTRIES) {
                for (int slash = entry.indexOf('/'); slash >= 0; slash = entry.indexOf('/', slash + 1)) {
                    String directory = entry.substring(0, slash + 1);
                    if (directories.add(directory)) {
                        add(jar, directory, null);
                    }
                }
                add(jar, entry, resource(entry));
            }
        }
        return buffer.toByteArray();
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setTime(ENTRY_TIME);
        jar.putNextEntry(entry);
        if (content != null) {
            jar.write(content);
        }
        jar.closeEntry();
    }

    private static byte[] resource(String entry) throws IOException {
        try (InputStream in = JUnitListenerJar.class.getResourceAsStream(RESOURCES + entry)) {
            if (in == null) {
                throw new IllegalStateException("the plugin lacks its resource " + RESOURCES + entry
                        + " (the JUnit listener): rebuild the plugin with mvn install");
            }
            return in.readAllBytes();
        }
    }
}
