package io.github.rustinstruments.junit;

import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Marks each test's start and end in the native heap of its JVM, for rust-instruments' per-test attribution.
 * {@code prepare-jvm} puts this class on the test classpath; the JUnit Platform finds it through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 *
 * <p>At each event it allocates a native block and frees it at once, of size {@code 305416 + 8 * (seq % 4096)} for
 * the JVM's event number {@code seq} (0, 1, 2, ...), and appends one line to the file named by the environment
 * variable {@code RUST_INSTRUMENTS_TEST_MARKERS}, which the plugin's launcher sets:
 *
 * <pre>
 * # rust-instruments test markers 1
 * 0 start 305416 com.example.CodecTest#leaks
 * 1 end 305424 com.example.CodecTest#leaks
 * </pre>
 *
 * The allocation and the line are made together under one lock, so the file lists the markers in the order the
 * recording holds them, also when JUnit runs tests in parallel. A marker that could not be allocated gets no line
 * and no number. Each line is written at once, so a JVM that dies keeps what it wrote.
 *
 * <p>Without that variable (a test run from an IDE) it does nothing. It never throws out of a callback and never
 * writes to stdout, which is Surefire's channel to its fork. It needs Java 8 and the JUnit Platform API only.
 */
public final class TestMarkerListener implements TestExecutionListener {
    /** The file's first line. */
    static final String HEADER = "# rust-instruments test markers 1";
    /** Names the markers file. */
    static final String ENVIRONMENT_VARIABLE = "RUST_INSTRUMENTS_TEST_MARKERS";
    /** The size of event 0's marker block. */
    static final long BASE_SIZE = 305416L;
    /** Sequence numbers wrap after this many sizes. */
    static final int SIZES = 4096;

    /** The last segment of an invocation's unique id, {@code [test-template-invocation:#2]}. */
    private static final Pattern INVOCATION = Pattern.compile(":#(\\d+)]$");
    private static final Charset UTF_8 = Charset.forName("UTF-8");

    private static final int UNRESOLVED = 0;
    private static final int ARENA = 1;
    private static final int UNSAFE_CLEANER = 2;
    private static final int BUFFER_CLEANER = 3;
    private static final int GARBAGE_COLLECTOR = 4;

    /** The markers of the file named by the environment variable, shared by every instance in this class loader. */
    private static TestMarkerListener shared;
    private static boolean sharedResolved;

    /** Where this instance's events go: itself, the shared one, or nowhere ({@code null}). */
    private final TestMarkerListener sink;

    // the state of a sink, guarded by its monitor
    private final File file;
    private OutputStream out;
    private boolean off;
    private int sequence;
    private int freeing = UNRESOLVED;
    private Method openArena;
    private Method allocateInArena;
    private Method closeArena;
    private Object unsafe;
    private Method invokeCleaner;
    private Method bufferCleaner;
    private Method clean;

    /** The listener the JUnit Platform creates: writes to the file the environment variable names, if any. */
    public TestMarkerListener() {
        this.file = null;
        this.sink = shared();
    }

    /** A listener writing to {@code file} ({@code null}: nowhere), whatever the environment says. */
    TestMarkerListener(String file) {
        this.file = file == null || file.isEmpty() ? null : new File(file);
        this.sink = this.file == null ? null : this;
    }

    private static synchronized TestMarkerListener shared() {
        if (!sharedResolved) {
            sharedResolved = true;
            try {
                String path = System.getenv(ENVIRONMENT_VARIABLE);
                shared = path == null || path.isEmpty() ? null : new TestMarkerListener(path);
            } catch (Throwable e) {
                shared = null;
            }
        }
        return shared;
    }

    /** The size of the marker block of event {@code sequence}. */
    static long sizeOf(int sequence) {
        return BASE_SIZE + 8L * (sequence % SIZES);
    }

    @Override
    public void executionStarted(TestIdentifier testIdentifier) {
        event(testIdentifier, true);
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
        event(testIdentifier, false);
    }

    private void event(TestIdentifier test, boolean start) {
        try {
            if (sink != null && test != null && test.isTest()) {
                sink.mark(start, nameOf(test));
            }
        } catch (Throwable e) {
            // a marker is worth less than the test run: never let anything out
        }
    }

    /**
     * The test's name: {@code <class>#<method>}, with the invocation's index for parameterized, repeated and dynamic
     * tests ({@code <class>#<method>[2]}). A test without a method source is named by its class and display name, or
     * else by its unique id.
     */
    static String nameOf(TestIdentifier test) {
        String uniqueId = test.getUniqueId();
        TestSource source = test.getSource().orElse(null);
        String name;
        if (source instanceof MethodSource) {
            MethodSource method = (MethodSource) source;
            name = method.getClassName() + "#" + method.getMethodName();
        } else if (source instanceof ClassSource) {
            name = ((ClassSource) source).getClassName() + "#" + test.getDisplayName();
        } else {
            return oneLine(uniqueId);
        }
        Matcher invocation = INVOCATION.matcher(uniqueId);
        if (invocation.find()) {
            name += "[" + invocation.group(1) + "]";
        }
        return oneLine(name);
    }

    /** Line breaks and other control characters would break the file's lines. */
    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        String trimmed = line.toString().trim();
        return trimmed.isEmpty() ? "?" : trimmed;
    }

    /** One event: the marker block and its line, together. */
    private synchronized void mark(boolean start, String test) {
        if (off) {
            return;
        }
        try {
            if (out == null) {
                open();
            }
        } catch (Throwable e) {
            off = true; // nowhere to write: no markers at all, rather than markers nobody can name
            return;
        }
        long size = sizeOf(sequence);
        if (!allocateAndFree(size)) {
            return; // no marker, so no line and no number
        }
        try {
            out.write((sequence + (start ? " start " : " end ") + size + " " + test + "\n").getBytes(UTF_8));
            sequence++;
        } catch (Throwable e) {
            // the recording has a marker the file does not name: stop here, so that what the file says stays true
            off = true;
        }
    }

    private void open() throws Exception {
        if (file.length() > 0) {
            // another writer in this JVM (the listener loaded by a second class loader) or an old file: leave it
            throw new IllegalStateException(file + " is not empty");
        }
        OutputStream opened = new FileOutputStream(file, true);
        try {
            opened.write((HEADER + "\n").getBytes(UTF_8));
        } catch (Exception e) {
            opened.close();
            throw e;
        }
        out = opened;
    }

    /**
     * Allocates a native block of {@code size} bytes (one malloc of exactly that size) and frees it at once: through
     * a confined arena on Java 22 and later, else a direct buffer freed through {@code Unsafe.invokeCleaner} (Java
     * 9+) or its cleaner (Java 8), else left to the garbage collector.
     *
     * @return whether the block was allocated
     */
    private boolean allocateAndFree(long size) {
        if (freeing == UNRESOLVED) {
            resolveFreeing();
        }
        if (freeing == ARENA) {
            Object arena;
            try {
                arena = openArena.invoke(null);
            } catch (Throwable e) {
                return false;
            }
            boolean allocated = false;
            try {
                allocateInArena.invoke(arena, size);
                allocated = true;
            } catch (Throwable e) {
                // not allocated
            }
            try {
                closeArena.invoke(arena); // frees the block
            } catch (Throwable e) {
                // allocated or not all the same
            }
            return allocated;
        }
        ByteBuffer block;
        try {
            block = ByteBuffer.allocateDirect((int) size);
        } catch (Throwable e) {
            return false;
        }
        try {
            if (freeing == UNSAFE_CLEANER) {
                invokeCleaner.invoke(unsafe, block);
            } else if (freeing == BUFFER_CLEANER) {
                Object cleaner = bufferCleaner.invoke(block);
                if (cleaner != null) {
                    clean.invoke(cleaner);
                }
            }
        } catch (Throwable e) {
            freeing = GARBAGE_COLLECTOR;
        }
        return true;
    }

    private void resolveFreeing() {
        freeing = GARBAGE_COLLECTOR;
        int feature = javaFeature();
        if (feature >= 22) {
            try {
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                openArena = arena.getMethod("ofConfined");
                allocateInArena = arena.getMethod("allocate", long.class);
                closeArena = arena.getMethod("close");
                freeing = ARENA;
                return;
            } catch (Throwable e) {
                // direct buffers, then
            }
        }
        if (feature >= 9) {
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
                theUnsafe.setAccessible(true);
                unsafe = theUnsafe.get(null);
                invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
                freeing = UNSAFE_CLEANER;
            } catch (Throwable e) {
                // left to the garbage collector
            }
            return;
        }
        try {
            bufferCleaner = Class.forName("java.nio.DirectByteBuffer").getMethod("cleaner");
            bufferCleaner.setAccessible(true);
            clean = Class.forName("sun.misc.Cleaner").getMethod("clean");
            clean.setAccessible(true);
            freeing = BUFFER_CLEANER;
        } catch (Throwable e) {
            // left to the garbage collector
        }
    }

    /** 8 for {@code 1.8}, 17 for {@code 17}; 0 when unknown. */
    private static int javaFeature() {
        try {
            String version = System.getProperty("java.specification.version", "0");
            if (version.startsWith("1.")) {
                version = version.substring(2);
            }
            int dot = version.indexOf('.');
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (Throwable e) {
            return 0;
        }
    }
}
