package io.github.rustinstruments.maven.summary;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The summary contract, {@code <run>/<kind>.json}: read by the gate, CI tooling and users, so field names are
 * stable. A figure the profiler cannot know is {@code null}.
 */
@JsonPropertyOrder({"schemaVersion", "run", "kind", "profiler", "platform", "command", "exitCode", "ended",
        "durationMillis", "recording", "scope", "modules", "forks", "totals", "process", "leakKinds", "errors",
        "topSites", "tests"})
public record Summary(
        int schemaVersion,
        String run,
        String kind,
        String profiler,
        String platform,
        List<String> command,
        Integer exitCode,
        // absent for a recording made elsewhere (report goal), whose run's ending is not known
        @JsonInclude(JsonInclude.Include.NON_NULL) Ended ended,
        Long durationMillis,
        String recording,
        // JVM mode only (absent elsewhere): the totals count only allocations made by the library's modules
        @JsonInclude(JsonInclude.Include.NON_NULL) String scope,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> modules,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Fork> forks,
        Totals totals,
        // JVM mode only: the whole processes' figures, for context; never gated by default
        @JsonInclude(JsonInclude.Include.NON_NULL) Totals process,
        LeakKinds leakKinds,
        // an addition to the design's contract: absent, rather than null, for profilers that do not detect errors
        @JsonInclude(JsonInclude.Include.NON_NULL) List<MemoryError> errors,
        List<Site> topSites,
        // JVM mode only, when the tests' markers were found: the library's figures per test (absent elsewhere)
        @JsonInclude(JsonInclude.Include.NON_NULL) List<TestEntry> tests) {

    public static final int SCHEMA_VERSION = 1;

    /** The kinds of summary: {@code <run>/<kind>.json}. */
    public static final List<String> KINDS = List.of("allocations", "leaks");

    /**
     * The profilers a summary (and a baseline entry) may name: the one list the gate validates against. The
     * {@code -jvm} ids are reserved for profiling the project's own test JVMs.
     */
    public static final List<String> PROFILERS = List.of("heaptrack", "memcheck", "xctrace", "macos-leaks", "stats",
            "heaptrack-jvm", "xctrace-jvm");

    /** A summary whose run's ending is unknown ({@code ended} is {@code null}: a recording made elsewhere). */
    public Summary(int schemaVersion, String run, String kind, String profiler, String platform, List<String> command,
            Integer exitCode, Long durationMillis, String recording, Totals totals, LeakKinds leakKinds,
            List<MemoryError> errors, List<Site> topSites) {
        this(schemaVersion, run, kind, profiler, platform, command, exitCode, null, durationMillis, recording,
                null, null, null, totals, null, leakKinds, errors, topSites, null);
    }

    /** The same summary, saying how its run ended. */
    public Summary withEnded(Ended how) {
        return new Summary(schemaVersion, run, kind, profiler, platform, command, exitCode, how, durationMillis,
                recording, scope, modules, forks, totals, process, leakKinds, errors, topSites, tests);
    }

    /**
     * The same summary of a run in the project's test JVMs (JVM mode): its totals are the library's own.
     *
     * @param modules the library's files whose allocations count ({@code libmylib.so})
     * @param forks   the test JVMs recorded, one recording each
     * @param process the whole processes' figures, for context
     */
    public Summary inJvm(List<String> modules, List<Fork> forks, Totals process) {
        return new Summary(schemaVersion, run, kind, profiler, platform, command, exitCode, ended, durationMillis,
                recording, LIBRARY_SCOPE, List.copyOf(modules), List.copyOf(forks), totals, process, leakKinds,
                errors, topSites, tests);
    }

    /** The same summary with the library's figures per test (JVM mode), or none. */
    public Summary withTests(List<TestEntry> entries) {
        return new Summary(schemaVersion, run, kind, profiler, platform, command, exitCode, ended, durationMillis,
                recording, scope, modules, forks, totals, process, leakKinds, errors, topSites,
                entries == null ? null : List.copyOf(entries));
    }

    /**
     * The library's memory during one test (JVM mode, per-test attribution): every library allocation made between
     * the test's start and end markers, wherever it was freed.
     *
     * @param test           {@code <class>#<method>}, {@code <class>#<method>[<invocation>]} for parameterized and
     *                       repeated tests, or one of {@link #OUTSIDE_TESTS} and {@link #OVERLAPPING_TESTS}
     * @param allocations    the library's allocations in the test's window
     * @param allocatedBytes bytes they requested
     * @param peakHeapBytes  the most of those bytes live at once (what earlier tests left live does not count);
     *                       {@code null} when the profiler cannot know it
     * @param leakedBytes    bytes of those allocations still live when the JVM exited
     * @param leakedBlocks   blocks of those allocations still live when the JVM exited
     * @param topSites       the test's own sites, leaking ones first
     */
    @JsonPropertyOrder({"test", "allocations", "allocatedBytes", "peakHeapBytes", "leakedBytes", "leakedBlocks",
            "topSites"})
    @JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    public record TestEntry(String test, long allocations, long allocatedBytes, Long peakHeapBytes, long leakedBytes,
            long leakedBlocks, List<Site> topSites) {

        /**
         * Whether this entry is one test (not the allocations outside tests, nor those shared by several). Not a
         * field of the file: Jackson would take it for the getter of {@code test}, were is-getters not switched off
         * for this record.
         */
        public boolean isTest() {
            return isTestName(test);
        }
    }

    /** Whether a {@code tests} entry of this name is one test (not {@link #OUTSIDE_TESTS} or the overlapping). */
    public static boolean isTestName(String name) {
        return name != null && !OUTSIDE_TESTS.equals(name) && !OVERLAPPING_TESTS.equals(name);
    }

    /** The {@code tests} entry of the library's allocations made while no test ran (class set-up, library load). */
    public static final String OUTSIDE_TESTS = "(outside tests)";

    /**
     * The {@code tests} entry of the library's allocations made while several tests ran at once (parallel
     * execution): the recording cannot tell which test made them, so they are not guessed.
     */
    public static final String OVERLAPPING_TESTS = "(overlapping tests)";

    /** The {@code scope} of a JVM-mode summary: allocations made by the library's modules. */
    public static final String LIBRARY_SCOPE = "library";

    /**
     * One test JVM of a JVM-mode run.
     *
     * @param pid       the JVM's process id
     * @param recording its recording's file name, beside the summary
     * @param exitCode  its exit status; {@code null} when the launcher could not tell
     */
    @JsonPropertyOrder({"pid", "recording", "exitCode"})
    public record Fork(long pid, String recording, Integer exitCode) {}

    /**
     * How the profiled program ended, for the gate: a run that did not end normally is not trusted by default.
     *
     * @param normally {@code true} when it exited by itself with status 0 within its time limit
     * @param exitCode its exit status; {@code 128 + N} when signal N ended it
     * @param signal   the signal that ended it, or {@code null}
     * @param timedOut whether it was stopped at its time limit (its exit status then says nothing about it)
     */
    @JsonPropertyOrder({"normally", "exitCode", "signal", "timedOut"})
    public record Ended(boolean normally, int exitCode, Integer signal, boolean timedOut) {

        /** From a process's exit status ({@code 128 + N} for signal N, as a shell reports it). */
        public static Ended of(int exitCode, boolean timedOut) {
            Integer signal = exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : null;
            return new Ended(exitCode == 0 && !timedOut, exitCode, signal, timedOut);
        }

        /** In words, for messages: {@code exited with status 3}, {@code was stopped at its time limit}. */
        public String describe() {
            if (timedOut) {
                return "was stopped at its time limit";
            }
            return signal != null ? "was killed by signal " + signal : "exited with status " + exitCode;
        }
    }

    /** A summary from a profiler that does not detect memory errors ({@code errors} is {@code null}). */
    public Summary(int schemaVersion, String run, String kind, String profiler, String platform, List<String> command,
            Integer exitCode, Long durationMillis, String recording, Totals totals, LeakKinds leakKinds,
            List<Site> topSites) {
        this(schemaVersion, run, kind, profiler, platform, command, exitCode, durationMillis, recording, totals,
                leakKinds, null, topSites);
    }

    /**
     * A memory error that is not a leak (invalid read or write, uninitialised value, mismatched free), from
     * profilers that detect them (valgrind memcheck); the summary's {@code errors} is {@code null} for others.
     *
     * @param kind     the profiler's kind, e.g. {@code InvalidRead}
     * @param what     the profiler's description
     * @param function the innermost frame in the user's code (else the innermost frame), demangled
     * @param file     its source file
     * @param line     its line
     * @param stack    the stack from there outwards, {@code function (file:line)}
     */
    @JsonPropertyOrder({"kind", "what", "function", "file", "line", "stack"})
    public record MemoryError(String kind, String what, String function, String file, Integer line,
            List<String> stack) {}

    @JsonPropertyOrder({"allocations", "allocatedBytes", "temporaryAllocations", "peakHeapBytes", "peakRssBytes",
            "leakedBytes", "leakedBlocks"})
    public record Totals(Long allocations, Long allocatedBytes, Long temporaryAllocations, Long peakHeapBytes,
            Long peakRssBytes, Long leakedBytes, Long leakedBlocks) {}

    @JsonPropertyOrder({"definitelyLostBytes", "definitelyLostBlocks", "indirectlyLostBytes", "indirectlyLostBlocks",
            "possiblyLostBytes", "possiblyLostBlocks", "stillReachableBytes", "stillReachableBlocks"})
    public record LeakKinds(Long definitelyLostBytes, Long definitelyLostBlocks, Long indirectlyLostBytes,
            Long indirectlyLostBlocks, Long possiblyLostBytes, Long possiblyLostBlocks, Long stillReachableBytes,
            Long stillReachableBlocks) {}

    /**
     * One allocation site: the innermost frame in the user's code (or, when a stack has none, its innermost
     * frame outside the allocator and the runtime), with the costs of every stack attributed to it.
     *
     * <p>A leak checker (memcheck, macOS {@code leaks}, Instruments' Leaks) sees only what leaked: a site's
     * {@code allocations}, {@code allocatedBytes} and {@code peakBytes} are then unknown, {@code null}; so is
     * {@code peakBytes} for a profiler that gives no heap peak (Instruments' Allocations List in JVM mode).
     *
     * @param javaEntryPoint the Java method through which the site was reached (JVM mode: the JNI method or the
     *                       FFM downcall's Java caller); absent elsewhere
     */
    @JsonPropertyOrder({"function", "file", "line", "inUserCode", "javaEntryPoint", "allocations", "allocatedBytes",
            "peakBytes", "leakedBytes", "stack"})
    public record Site(String function, String file, Integer line, boolean inUserCode, Long allocations,
            Long allocatedBytes, Long peakBytes, long leakedBytes, List<String> stack,
            @JsonInclude(JsonInclude.Include.NON_NULL) String javaEntryPoint) {

        /** A site whose figures are all known, outside JVM mode. */
        public Site(String function, String file, Integer line, boolean inUserCode, long allocations,
                long allocatedBytes, long peakBytes, long leakedBytes, List<String> stack) {
            this(function, file, line, inUserCode, Long.valueOf(allocations), Long.valueOf(allocatedBytes),
                    Long.valueOf(peakBytes), leakedBytes, stack, null);
        }

        /** Allocated bytes for ordering: unknown counts as none. */
        public long allocatedBytesOrZero() {
            return allocatedBytes == null ? 0 : allocatedBytes;
        }

        /** Allocations for ordering: unknown counts as none. */
        public long allocationsOrZero() {
            return allocations == null ? 0 : allocations;
        }

        /** Bytes at the peak for ordering: unknown counts as none. */
        public long peakBytesOrZero() {
            return peakBytes == null ? 0 : peakBytes;
        }

        /** The same site, reached through this Java method. */
        public Site withJavaEntryPoint(String method) {
            return new Site(function, file, line, inUserCode, allocations, allocatedBytes, peakBytes, leakedBytes,
                    stack, method);
        }
    }
}
