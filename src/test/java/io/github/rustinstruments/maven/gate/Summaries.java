package io.github.rustinstruments.maven.gate;

import io.github.rustinstruments.maven.summary.Summary.LeakKinds;
import io.github.rustinstruments.maven.summary.Summary.MemoryError;
import io.github.rustinstruments.maven.summary.Summary.Totals;
import io.github.rustinstruments.maven.summary.Summary;
import java.util.ArrayList;
import java.util.List;

/** Summaries as the recording goals write them, reduced to what the gate reads. */
final class Summaries {
    static final long MIB = 1024 * 1024;

    private Summaries() {}

    /** An allocations summary by heaptrack: no leak kinds, no memory errors, no RSS. */
    static Summary heaptrack(String run, long allocations, long peakHeap) {
        return new Summary(Summary.SCHEMA_VERSION, run, "allocations", "heaptrack", "linux-x86_64",
                List.of("/abs/memcheck"), 0, 100L, "allocations.zst",
                new Totals(allocations, allocations * 64, allocations / 10, peakHeap, null, 0L, 0L), null, List.of());
    }

    /** A leaks summary by heaptrack: leaked bytes, but no leak kinds and no memory errors. */
    static Summary heaptrackLeaks(String run, long leakedBytes) {
        return new Summary(Summary.SCHEMA_VERSION, run, "leaks", "heaptrack", "linux-x86_64",
                List.of("/abs/memcheck"), 0, 100L, "leaks.zst",
                new Totals(10L, 1000L, 0L, 800L, null, leakedBytes, leakedBytes == 0 ? 0L : 1L), null, List.of());
    }

    /** A leaks summary by memcheck, with leak kinds and {@code errors} memory errors. */
    static Summary memcheck(String run, long definitelyLost, long indirectlyLost, int errors) {
        List<MemoryError> list = new ArrayList<>();
        for (int i = 0; i < errors; i++) {
            list.add(new MemoryError("InvalidRead", "Invalid read of size 4", "mylib::parse", "src/lib.rs", 42,
                    List.of("mylib::parse (src/lib.rs:42)")));
        }
        return new Summary(Summary.SCHEMA_VERSION, run, "leaks", "memcheck", "linux-x86_64",
                List.of("/abs/memcheck"), 0, 1000L, "leaks.xml",
                new Totals(null, null, null, null, null, definitelyLost + indirectlyLost,
                        definitelyLost == 0 && indirectlyLost == 0 ? 0L : 2L),
                new LeakKinds(definitelyLost, definitelyLost == 0 ? 0L : 1L, indirectlyLost,
                        indirectlyLost == 0 ? 0L : 1L, 0L, 0L, 72704L, 1L),
                list, List.of());
    }

    /**
     * An allocations summary of a JVM-mode run (heaptrack in the test JVMs), with per-test figures; without
     * entries ({@code null}) it has no per-test split.
     */
    static Summary jvm(String run, Summary.TestEntry... tests) {
        return jvmBy("heaptrack-jvm", run, tests);
    }

    /** The same by another profiler ({@code xctrace-jvm}). */
    static Summary jvmBy(String profiler, String run, Summary.TestEntry... tests) {
        Summary summary = new Summary(Summary.SCHEMA_VERSION, run, "allocations", profiler, "linux-x86_64",
                List.of("mvn", "test"), 0, 5000L, "jvm-4242.zst",
                new Totals(1000L, 64000L, null, 8192L, null, 409600L, 4L), null, List.of())
                .inJvm(List.of("libcodec.so"), List.of(new Summary.Fork(4242, "jvm-4242.zst", 0)), null);
        return tests == null ? summary : summary.withTests(List.of(tests));
    }

    /** A JVM-mode summary whose tests were not marked: no per-test figures. */
    static Summary jvmWithoutTests(String run) {
        return jvm(run, (Summary.TestEntry[]) null);
    }

    /** One test's entry: {@code allocations} of 64 bytes each, a peak of half of them, and what leaked. */
    static Summary.TestEntry test(String name, long allocations, long leakedBytes) {
        return new Summary.TestEntry(name, allocations, allocations * 64, allocations * 32, leakedBytes,
                leakedBytes == 0 ? 0 : 1, List.of());
    }

    /** The same summary under another profiler name. */
    static Summary byProfiler(Summary summary, String profiler) {
        return new Summary(summary.schemaVersion(), summary.run(), summary.kind(), profiler, summary.platform(),
                summary.command(), summary.exitCode(), summary.durationMillis(), summary.recording(),
                summary.totals(), summary.leakKinds(), summary.errors(), summary.topSites());
    }
}
