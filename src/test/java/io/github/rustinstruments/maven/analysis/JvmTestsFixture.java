package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.JavaFrames;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.TestCosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A library's profile from two test JVMs, split per test as the JVM reader gives it: each stack ends at the Java
 * method that entered the library, the tests' stacks hold the very frame lists of the library's own.
 *
 * <pre>
 * LeakyTest#leaks     leak_blocks: 10 x 4 KiB, all leaked; churn: 5 allocations, 500 B
 * LeakyTest#churns    churn: 100 allocations, 10,000 B in JVM 1 and 50, 5,000 B in JVM 2
 * LeakyTest#quiet     nothing (left out)
 * (outside tests)     init (JNI_OnLoad, no Java method): 1 x 64 B, leaked
 * (overlapping tests) churn: 2 allocations, 200 B
 * </pre>
 */
public final class JvmTestsFixture {
    public static final String LIB = "/work/proj/target/rust-instruments/cargo/release/libleaky_jni.so";
    public static final String LEAKS = "com.example.LeakyTest#leaks";
    public static final String CHURNS = "com.example.LeakyTest#churns";
    public static final String QUIET = "com.example.LeakyTest#quiet";

    private static final Frame MALLOC = new Frame("malloc", null, 0, "/usr/lib/x86_64-linux-gnu/libc.so.6");
    private static final Frame RUST_ALLOC = new Frame("__rust_alloc", null, 0, LIB);
    private static final String SOURCE = "/work/proj/src/lib.rs";

    public static final List<Frame> LEAK = List.of(MALLOC, RUST_ALLOC,
            new Frame("leaky_jni::leak_blocks", SOURCE, 31, LIB),
            new Frame("Java_com_example_Leaky_leakBlocks", SOURCE, 60, LIB),
            JavaFrames.of("com.example.Leaky.leakBlocks"));
    public static final List<Frame> CHURN = List.of(MALLOC, RUST_ALLOC,
            new Frame("leaky_jni::churn", SOURCE, 12, LIB),
            new Frame("Java_com_example_Leaky_churn", SOURCE, 70, LIB),
            JavaFrames.of("com.example.Leaky.churn"));
    public static final List<Frame> INIT = List.of(MALLOC, RUST_ALLOC,
            new Frame("leaky_jni::init", SOURCE, 5, LIB),
            new Frame("JNI_OnLoad", SOURCE, 80, LIB));

    private JvmTestsFixture() {}

    /** The user's code: crate {@code leaky_jni} under {@code /work/proj}. */
    public static FrameClassifier classifier() {
        return new FrameClassifier(Set.of("leaky_jni"), List.of(Path.of("/work/proj")));
    }

    static StackCost stack(List<Frame> frames, long allocations, long bytes, long peak, long leaked,
            long leakedBlocks) {
        return new StackCost(frames, allocations, bytes, 0, peak, leaked, leakedBlocks);
    }

    /** The entries as the reader gives them: one list per JVM, concatenated. */
    public static List<TestCosts> tests() {
        List<TestCosts> tests = new ArrayList<>();
        // JVM 1
        tests.add(new TestCosts(Summary.OUTSIDE_TESTS, 1, 64, 64L, 64, 1, List.of(stack(INIT, 1, 64, 64, 64, 1))));
        tests.add(new TestCosts(LEAKS, 15, 41_460, 41_060L, 40_960, 10, List.of(
                stack(LEAK, 10, 40_960, 40_960, 40_960, 10), stack(CHURN, 5, 500, 100, 0, 0))));
        tests.add(new TestCosts(CHURNS, 100, 10_000, 200L, 0, 0, List.of(stack(CHURN, 100, 10_000, 200, 0, 0))));
        tests.add(new TestCosts(QUIET, 0, 0, 0L, 0, 0, List.of()));
        // JVM 2
        tests.add(new TestCosts(Summary.OUTSIDE_TESTS, 0, 0, 0L, 0, 0, List.of()));
        tests.add(new TestCosts(CHURNS, 50, 5_000, 300L, 0, 0, List.of(stack(CHURN, 50, 5_000, 300, 0, 0))));
        tests.add(new TestCosts(Summary.OVERLAPPING_TESTS, 2, 200, 200L, 0, 0,
                List.of(stack(CHURN, 2, 200, 200, 0, 0))));
        return tests;
    }

    /** The library's profile with its per-test split. */
    public static Profile profile() {
        return profile(tests());
    }

    /** The library's profile with these entries (or none: {@code null}). */
    public static Profile profile(List<TestCosts> tests) {
        List<StackCost> stacks = List.of(stack(LEAK, 10, 40_960, 40_960, 40_960, 10),
                stack(CHURN, 157, 15_700, 300, 0, 0), stack(INIT, 1, 64, 64, 64, 1));
        return new Profile(null, 168L, 56_724L, 0L, 41_324L, null, 41_024L, 11L, 900L, stacks, 400L, List.of(),
                null).withTests(tests);
    }

    /** The profile analysed as the JVM run analyses it. */
    public static ProfileAnalysis analysis() {
        return ProfileAnalysis.of(profile(), classifier(), false);
    }
}
