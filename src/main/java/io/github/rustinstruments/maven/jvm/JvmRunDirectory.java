package io.github.rustinstruments.maven.jvm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.rustinstruments.maven.report.RunFiles;
import io.github.rustinstruments.maven.summary.Summary;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The run directory of the test JVMs, {@code <output>/<run>/}, as the launcher fills it:
 * <pre>
 * prepare-jvm.json     what prepare-jvm set up: the library, the JDK, the launcher ({@link #PREPARED})
 * jvm-&lt;pid&gt;.zst        one recording per forked JVM, named by the JVM's pid (.gz without zstd)
 * jvm-&lt;pid&gt;.json       that JVM's ending, written last: {pid, exitCode, signal, recording, perfMap, launcherPid,
 *                      tests}
 * jvm-&lt;pid&gt;.map        its perf map (JDK 17+), moved out of /tmp
 * jvm-&lt;pid&gt;.tests      its test markers (the plugin's JUnit listener), when it ran tests
 * jvm-&lt;pid&gt;.log        heaptrack's messages, when it had any
 * .launch-&lt;n&gt;.*        a fork still running (or killed outright), named by the launcher's pid
 * </pre>
 * On macOS the launcher names a fork's files by its own pid {@code n} (xctrace launches the JVM):
 * {@code jvm-<n>.trace} (a directory bundle), {@code jvm-<n>-toc.xml} (its table of contents), {@code jvm-<n>.json}
 * and {@code jvm-<n>.log}; {@code jvm-allocations} exports the trace's details beside it
 * ({@code jvm-<n>-statistics.xml}, {@code jvm-<n>-allocations-list.xml}). Only its test markers are named by the
 * JVM's pid, {@code jvm-<pid>.tests}, as on Linux.
 */
public final class JvmRunDirectory {
    /** What {@code prepare-jvm} records for the analysis. */
    public static final String PREPARED = "prepare-jvm.json";
    /** The files of one fork, and the leftovers of forks that never finished. */
    static final Pattern FORK_FILE = Pattern.compile(
            "jvm-\\d+\\.(zst|gz|json|map|log|tests)|jvm-\\d+-(toc|statistics|allocations-list|leaks)\\.xml"
                    + "|\\.launch-\\d+\\..+");
    /** A macOS fork's trace bundle, a directory. */
    static final Pattern TRACE = Pattern.compile("jvm-\\d+\\.trace");

    private JvmRunDirectory() {}

    /**
     * Removes what an earlier build left: its forks' files and the run's summary set, so that the analysis sees only
     * this build's JVMs. Removes nothing else (the run's lock stays).
     *
     * @return the files removed
     */
    public static List<Path> clear(Path runDirectory) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(runDirectory)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDirectory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if ((FORK_FILE.matcher(name).matches() || name.equals(PREPARED)) && !Files.isDirectory(file)
                        && Files.deleteIfExists(file)) {
                    removed.add(file);
                } else if (TRACE.matcher(name).matches()) {
                    SignedJdk.deleteRecursively(file);
                    removed.add(file);
                }
            }
        }
        for (String kind : Summary.KINDS) {
            RunFiles.discard(runDirectory, kind);
        }
        return removed;
    }

    /**
     * Writes {@link #PREPARED}.
     *
     * @param library          the shared library the tests load; {@code null} when only its directory is known
     * @param libraryDirectory the directory added to {@code java.library.path}
     * @param launcher         the launcher's {@code java}
     */
    public static Path writePrepared(Path runDirectory, Path library, Path libraryDirectory, Jdk jdk, Path launcher,
            String profiler, List<String> jvmFlags) throws IOException {
        Map<String, Object> prepared = new LinkedHashMap<>();
        prepared.put("profiler", profiler);
        prepared.put("library", library == null ? null : library.toString());
        prepared.put("module", library == null ? null : library.getFileName().toString());
        prepared.put("libraryDirectory", libraryDirectory.toString());
        prepared.put("java", jdk.java().toString());
        prepared.put("javaHome", jdk.home().toString());
        prepared.put("javaFeatureVersion", jdk.feature());
        prepared.put("launcher", launcher.toString());
        prepared.put("jvmFlags", jvmFlags);
        Files.createDirectories(runDirectory);
        Path file = runDirectory.resolve(PREPARED);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), prepared);
        return file;
    }
}
