package io.github.rustinstruments.maven.jvm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.rustinstruments.maven.trace.TestMarkers;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The test markers listener (src/listener) as prepare-jvm ships it: loaded from the jar {@link JUnitListenerJar}
 * writes, by a class loader that sees nothing of this plugin, only the JUnit Platform, and run by a real JUnit
 * Platform launcher over {@link MarkerFixtures}.
 */
class TestMarkerListenerTest {
    private static final String FIXTURES = MarkerFixtures.class.getName();

    @TempDir
    Path tmp;

    /** Only the JDK and the JUnit Platform (this JVM's own classes, so that its launcher takes the listener). */
    static final class JUnitOnly extends ClassLoader {
        private final ClassLoader junit = TestMarkerListenerTest.class.getClassLoader();

        JUnitOnly() {
            super(ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.junit.") || name.startsWith("org.opentest4j.")
                    || name.startsWith("org.apiguardian.")) {
                return junit.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    private URLClassLoader loader() throws IOException {
        Path jar = JUnitListenerJar.write(tmp.resolve("listener"));
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, new JUnitOnly());
    }

    /** A listener writing to {@code file}, through its package-private constructor. */
    private TestExecutionListener listener(ClassLoader loader, String file) throws Exception {
        Constructor<?> constructor = loader.loadClass(JUnitListenerJar.LISTENER_CLASS)
                .getDeclaredConstructor(String.class);
        constructor.setAccessible(true);
        return (TestExecutionListener) constructor.newInstance(file);
    }

    private static TestExecutionSummary run(TestExecutionListener listener, Class<?> tests,
            Map<String, String> parameters) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests))
                .configurationParameters(parameters).build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, listener, summary);
        return summary.getSummary();
    }

    private static Object constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    @Test
    void theJarHoldsTheListenerForJava8AndItsServiceEntryAndNothingElse() throws Exception {
        Path jar = JUnitListenerJar.write(tmp);
        assertEquals(tmp.resolve(JUnitListenerJar.FILE_NAME), jar);
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).forEach(names::add);
            assertEquals(JUnitListenerJar.LISTENER_CLASS + "\n", new String(file.getInputStream(
                    file.getEntry(JUnitListenerJar.SERVICE)).readAllBytes(), StandardCharsets.UTF_8));
            try (InputStream in = file.getInputStream(file.getEntry(JUnitListenerJar.ENTRIES.get(1)))) {
                byte[] header = in.readNBytes(8);
                assertEquals(0xCAFEBABE, ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16)
                        | ((header[2] & 0xff) << 8) | (header[3] & 0xff));
                assertEquals(52, ((header[6] & 0xff) << 8) | (header[7] & 0xff), "Java 8's class file version");
            }
        }
        assertEquals(List.of("META-INF/", "META-INF/MANIFEST.MF", "META-INF/services/", JUnitListenerJar.SERVICE,
                "io/", "io/github/", "io/github/rustinstruments/", "io/github/rustinstruments/junit/",
                JUnitListenerJar.ENTRIES.get(1)),
                names);
        // the same bytes every time, so a rewritten jar is the same file
        byte[] first = Files.readAllBytes(jar);
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(JUnitListenerJar.write(tmp))));
    }

    @Test
    void theJarIsAddedToTheAdditionalClasspathOnceAfterWhatIsThere() {
        Path jar = Path.of("/p/target/rust-instruments/jvm-launcher/rust-instruments-junit-listener.jar");
        assertEquals(jar.toString(), JUnitListenerJar.additionalClasspath(null, jar));
        assertEquals(jar.toString(), JUnitListenerJar.additionalClasspath(" ", jar));
        assertEquals("/opt/a.jar,/opt/b dir," + jar, JUnitListenerJar.additionalClasspath("/opt/a.jar,/opt/b dir",
                jar));
        assertEquals("/opt/a.jar, " + jar, JUnitListenerJar.additionalClasspath("/opt/a.jar, " + jar, jar));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JUnitListenerJar.additionalClasspath(null, Path.of("/p/a,b/listener.jar")));
        assertTrue(e.getMessage().contains("has a comma"), e.getMessage());
    }

    @Test
    void theBuildPutsExactlyTheJarsEntriesAmongThePluginsResources() throws IOException, URISyntaxException {
        // a nested class added to the listener would be missing from the jar: ENTRIES lists every file
        URL resources = JUnitListenerJar.class.getResource(JUnitListenerJar.RESOURCES);
        assertTrue(resources != null && resources.getProtocol().equals("file"), String.valueOf(resources));
        Path root = Path.of(resources.toURI());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(JUnitListenerJar.ENTRIES.stream().sorted().toList(), files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace(File.separatorChar, '/')).sorted().toList());
        }
    }

    @Test
    void itsConstantsAreThoseOfTheMarkersFile() throws Exception {
        try (URLClassLoader loader = loader()) {
            Class<?> listener = loader.loadClass(JUnitListenerJar.LISTENER_CLASS);
            assertEquals(TestMarkers.HEADER, constant(listener, "HEADER"));
            assertEquals(TestMarkers.ENVIRONMENT_VARIABLE, constant(listener, "ENVIRONMENT_VARIABLE"));
            assertEquals(TestMarkers.BASE_SIZE, constant(listener, "BASE_SIZE"));
            assertEquals(TestMarkers.SIZES, constant(listener, "SIZES"));
            Method sizeOf = listener.getDeclaredMethod("sizeOf", int.class);
            sizeOf.setAccessible(true);
            for (int sequence : new int[] {0, 1, 2, 4095, 4096, 4097, 123_456}) {
                assertEquals(TestMarkers.sizeOf(sequence), sizeOf.invoke(null, sequence), "event " + sequence);
                assertTrue(TestMarkers.inBand(TestMarkers.sizeOf(sequence)));
            }
        }
    }

    @Test
    void theJUnitPlatformFindsItThroughItsServiceEntry() throws Exception {
        try (URLClassLoader loader = loader()) {
            List<String> found = new ArrayList<>();
            ServiceLoader.load(TestExecutionListener.class, loader).forEach(l -> found.add(l.getClass().getName()));
            assertEquals(List.of(JUnitListenerJar.LISTENER_CLASS), found);
        }
    }

    @Test
    void marksEachTestsStartAndEndInOrderWithOneNumberedLineEach() throws Exception {
        Path file = tmp.resolve("markers.tests");
        try (URLClassLoader loader = loader()) {
            TestExecutionSummary summary = run(listener(loader, file.toString()), MarkerFixtures.Kinds.class,
                    Map.of());
            assertEquals(8, summary.getTestsSucceededCount());
            assertEquals(1, summary.getTestsFailedCount());
            assertEquals(1, summary.getTestsSkippedCount());
        }
        String kinds = FIXTURES + "$Kinds#";
        List<String> tests = List.of(kinds + "a", kinds + "b[1]", kinds + "b[2]", kinds + "c[1]", kinds + "c[2]",
                kinds + "d[1]", kinds + "d[2]", kinds + "f", FIXTURES + "$Kinds$Inner#g");
        List<String> expected = new ArrayList<>(List.of(TestMarkers.HEADER));
        int sequence = 0;
        for (String test : tests) {
            expected.add(sequence + " start " + TestMarkers.sizeOf(sequence++) + " " + test);
            expected.add(sequence + " end " + TestMarkers.sizeOf(sequence++) + " " + test);
        }
        assertEquals(expected, Files.readAllLines(file, StandardCharsets.UTF_8));
        assertEquals(18, TestMarkers.read(file).events().size(), "the plugin's reader takes it");
    }

    @Test
    void testsRunInParallelStillGetOneNumberedLineEachEvent() throws Exception {
        Path file = tmp.resolve("parallel.tests");
        try (URLClassLoader loader = loader()) {
            TestExecutionSummary summary = run(listener(loader, file.toString()), MarkerFixtures.Parallel.class,
                    Map.of("junit.jupiter.execution.parallel.enabled", "true",
                            "junit.jupiter.execution.parallel.config.strategy", "fixed",
                            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));
            assertEquals(32, summary.getTestsSucceededCount());
        }
        List<TestMarkers.Event> events = TestMarkers.read(file).events();
        assertEquals(64, events.size());
        Map<String, Integer> started = new HashMap<>();
        for (TestMarkers.Event event : events) {
            if (event.start()) {
                assertNull(started.put(event.test(), event.sequence()), "started twice: " + event);
            } else {
                assertTrue(started.containsKey(event.test()), "ended before its start: " + event);
            }
        }
        assertEquals(32, started.size());
        assertTrue(started.keySet().stream().allMatch(test -> test.matches(".*\\$Parallel#(many|repeated)\\[\\d+]")),
                started.keySet().toString());
    }

    @Test
    void neverThrowsOutOfACallbackWhenTheFileCannotBeWritten() throws Exception {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(MarkerFixtures.Small.class)).build());
        List<TestIdentifier> identifiers = new ArrayList<>();
        plan.getRoots().forEach(root -> identifiers.addAll(plan.getDescendants(root)));
        assertTrue(identifiers.stream().anyMatch(TestIdentifier::isTest));
        Path directory = Files.createDirectories(tmp.resolve("a directory"));
        try (URLClassLoader loader = loader()) {
            for (String file : new String[] {tmp.resolve("missing/markers.tests").toString(), directory.toString()}) {
                TestExecutionListener listener = listener(loader, file);
                for (TestIdentifier identifier : identifiers) {
                    assertDoesNotThrow(() -> listener.executionStarted(identifier));
                    assertDoesNotThrow(() -> listener.executionFinished(identifier,
                            TestExecutionResult.successful()));
                }
                assertDoesNotThrow(() -> listener.executionStarted(null));
                assertDoesNotThrow(() -> listener.executionFinished(null, null));
                assertEquals(2, run(listener, MarkerFixtures.Small.class, Map.of()).getTestsSucceededCount());
            }
        }
        assertFalse(Files.exists(tmp.resolve("missing")));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void doesNothingWithoutTheEnvironmentVariable() throws Exception {
        assumeTrue(System.getenv(TestMarkers.ENVIRONMENT_VARIABLE) == null, "this JVM runs under the launcher");
        try (URLClassLoader loader = loader()) {
            Object listener = loader.loadClass(JUnitListenerJar.LISTENER_CLASS).getConstructor().newInstance();
            Field sink = listener.getClass().getDeclaredField("sink");
            sink.setAccessible(true);
            assertNull(sink.get(listener), "no file, no markers");
            assertEquals(2, run((TestExecutionListener) listener, MarkerFixtures.Small.class, Map.of())
                    .getTestsSucceededCount());
        }
    }

    /** A JVM running {@link MarkedTestsMain}, its markers file named in the environment as by the launcher. */
    private Process startJvm(Path markers, String... options) throws IOException {
        Path jar = JUnitListenerJar.write(tmp.resolve("listener"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path") + File.pathSeparator + jar,
                MarkedTestsMain.class.getName(), MarkerFixtures.Small.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(tmp.resolve("stderr.txt").toFile());
        builder.environment().put(TestMarkers.ENVIRONMENT_VARIABLE, markers.toString());
        return builder.start();
    }

    private String finish(Process process) throws Exception {
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
        return stdout;
    }

    @Test
    void aTestJvmLoadsItFromTheClasspathAndWritesWhereTheEnvironmentSaysAndNothingOnStdout() throws Exception {
        Path markers = tmp.resolve("jvm.tests");
        assertEquals("", finish(startJvm(markers)), "stdout is Surefire's channel");
        String small = FIXTURES + "$Small#";
        assertEquals(List.of(TestMarkers.HEADER, "0 start 305416 " + small + "first", "1 end 305424 " + small + "first",
                "2 start 305432 " + small + "second", "3 end 305440 " + small + "second"),
                Files.readAllLines(markers));
    }

    @Test
    void aMarkerThatCannotBeAllocatedGetsNoLine() throws Exception {
        assumeTrue(Runtime.version().feature() < 22, "from Java 22 on the listener allocates its blocks in an arena,"
                + " which -XX:MaxDirectMemorySize does not limit");
        // direct memory for the blocks of events 0 to 2 only: event 3's block, 8 bytes more, cannot be allocated,
        // nor can any later one, which keeps the number 3
        Path markers = tmp.resolve("jvm.tests");
        finish(startJvm(markers, "-XX:MaxDirectMemorySize=" + TestMarkers.sizeOf(2)));
        String small = FIXTURES + "$Small#";
        assertEquals(List.of(TestMarkers.HEADER, "0 start 305416 " + small + "first", "1 end 305424 " + small + "first",
                "2 start 305432 " + small + "second"), Files.readAllLines(markers));
    }
}
