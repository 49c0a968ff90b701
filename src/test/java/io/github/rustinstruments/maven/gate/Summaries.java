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

    /** The same summary under another profiler name. */
    static Summary byProfiler(Summary summary, String profiler) {
        return new Summary(summary.schemaVersion(), summary.run(), summary.kind(), profiler, summary.platform(),
                summary.command(), summary.exitCode(), summary.durationMillis(), summary.recording(),
                summary.totals(), summary.leakKinds(), summary.errors(), summary.topSites());
    }
}
