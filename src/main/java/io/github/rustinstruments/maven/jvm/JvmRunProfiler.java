package io.github.rustinstruments.maven.jvm;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.analysis.LibraryScope;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.profiler.XctraceProfiler;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.JniNames;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.HeapSample;
import io.github.rustinstruments.maven.trace.JavaFrames;
import io.github.rustinstruments.maven.trace.PerfMap;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.HeaptrackReader;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.TestCosts;
import io.github.rustinstruments.maven.trace.TestMarkers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's test JVMs, recorded by {@code prepare-jvm}'s launcher (one recording per forked JVM): read as the
 * library's own memory. Each JVM's recording is read by the {@link JvmForkReader} of the profiler that made it; this
 * class adds the JVMs up, whatever recorded them. An allocation is the library's when the innermost frame of its
 * stack that is not allocator plumbing lies in the library's module ({@link LibraryScope}); each of the library's
 * stacks ends at the Java method through which the JVM called in (a JNI method, or an FFM downcall's Java caller when
 * the JVM's perf map names it), added as its outermost frame ({@link JavaFrames}); the JVM's own frames beyond it are
 * left out. Several JVMs add up; the peak is the largest one JVM reached.
 *
 * <p>{@link #HEAPTRACK_ID heaptrack-jvm}: heaptrack recordings ({@code jvm-<pid>.zst}, Linux).
 * {@link #XCTRACE_ID xctrace-jvm}: Instruments traces ({@code jvm-<n>.trace}, macOS), read through their exported
 * Allocations List ({@link XctraceJvmForkReader}): one responsible frame per allocation, no peak, no temporaries.
 */
public final class JvmRunProfiler implements Profiler {
    /** The profiler id of runs recorded by heaptrack. */
    public static final String HEAPTRACK_ID = "heaptrack-jvm";
    /** The profiler id of runs recorded by Instruments ({@code xctrace}, macOS). */
    public static final String XCTRACE_ID = "xctrace-jvm";
    /** What {@code prepare-jvm} writes as the profiler of a run it prepared for Instruments. */
    static final String PREPARED_FOR_XCTRACE = "xctrace";

    private final BuildLog log;
    private final String id;
    private final JvmForkReader forkReader;

    /** The heaptrack backend. */
    public JvmRunProfiler(BuildLog log) {
        this(log, (fork, scope, markers) -> markers == null ? scope.read(fork.recording())
                : HeaptrackReader.read(fork.recording(), scope.predicate(), markers));
    }

    /** A heaptrack backend whose recordings are read by {@code forkReader}. */
    JvmRunProfiler(BuildLog log, JvmForkReader forkReader) {
        this(log, HEAPTRACK_ID, forkReader);
    }

    JvmRunProfiler(BuildLog log, String id, JvmForkReader forkReader) {
        this.log = log;
        this.id = id;
        this.forkReader = forkReader;
    }

    /**
     * The backend for the test JVMs in {@code runDirectory}, by the profiler {@code prepare-jvm} prepared them for:
     * Instruments' traces are exported with {@code xcrunExecutable} (found with {@code environment}'s
     * {@code PATH}); heaptrack's recordings otherwise, also when nothing was prepared there (reading then says
     * what is missing).
     */
    public static JvmRunProfiler forRun(Path runDirectory, BuildLog log, ProcessRunner runner, String xcrunExecutable,
            Map<String, String> environment) {
        if (PREPARED_FOR_XCTRACE.equals(JvmForks.preparedProfiler(runDirectory))) {
            XctraceProfiler xctrace = new XctraceProfiler(runner, log, xcrunExecutable, "Allocations", false,
                    "codesign");
            return new JvmRunProfiler(log, XCTRACE_ID, new XctraceJvmForkReader(xctrace, environment));
        }
        return new JvmRunProfiler(log);
    }

    /**
     * The library-scoped profile of a run's JVMs and what the summary says besides.
     *
     * @param library the library's figures and stacks
     * @param module  the library's file
     * @param forks   the JVMs, as the summary lists them
     * @param process the whole processes' figures
     */
    public record JvmProfile(Profile library, String module, List<Summary.Fork> forks, Summary.Totals process,
            int worstExitCode) {}

    @Override
    public String id() {
        return id;
    }

    /** The recordings exist already: the launcher made them while the tests ran. */
    @Override
    public void checkInstalled(Map<String, String> environment) {
        // nothing to check
    }

    @Override
    public Recording record(RecordingRequest request) throws IOException {
        throw new IOException("the test JVMs are recorded by prepare-jvm's launcher while the tests run, not by"
                + " jvm-allocations");
    }

    @Override
    public Profile analyse(Path runDirectory) throws IOException {
        return analyseRun(runDirectory).library();
    }

    /** Reads every JVM the launcher recorded in {@code runDirectory} in this build. */
    public JvmProfile analyseRun(Path runDirectory) throws IOException {
        JvmForks recorded = JvmForks.read(runDirectory);
        if (!recorded.unfinished().isEmpty()) {
            log.warn(recorded.unfinished().size() + " test JVM(s) started under the launcher but never ended (killed"
                    + " outright?): their partial recordings in " + runDirectory + " are not counted");
        }
        LibraryScope scope = LibraryScope.of(List.of(recorded.module()));
        List<StackCost> stacks = new ArrayList<>();
        List<Summary.Fork> forks = new ArrayList<>();
        long allocations = 0;
        long allocated = 0;
        Long temporary = 0L;
        long leaked = 0;
        long leakedBlocks = 0;
        long processAllocations = 0;
        long processAllocated = 0;
        long processLeaked = 0;
        long processLeakedBlocks = 0;
        Long processPeak = null;
        Long processRss = null;
        Long peak = null;
        Long peakTime = null;
        Long duration = null;
        List<HeapSample> timeline = List.of();
        int cut = 0;
        int worst = 0;
        boolean seen = false;
        TestSplit tests = new TestSplit();
        for (JvmForks.Fork fork : recorded.forks()) {
            if (!Files.exists(fork.recording())) {
                throw new IOException("the recording " + fork.recording() + " of test JVM " + fork.pid()
                        + " is missing");
            }
            TestMarkers markers = fork.testMarkers() != null && Files.isRegularFile(fork.testMarkers())
                    ? TestMarkers.read(fork.testMarkers()) : null;
            Profile process = forkReader.read(fork, scope, markers);
            if (markers != null && process.tests() == null) {
                tests.lost();
                log.warn("test JVM " + fork.pid() + " listed " + markers.events().size() + " test markers in "
                        + fork.testMarkers().getFileName() + ", but its recording does not hold them all, so the run"
                        + " gets no per-test split (was the recording cut short, or a marker allocation lost?)");
            }
            PerfMap javaCode = fork.perfMap() != null && Files.isRegularFile(fork.perfMap())
                    ? PerfMap.read(fork.perfMap()) : PerfMap.empty();
            LibraryScope.Totals library = scope.totals(process);
            seen |= scope.appearsIn(process);
            allocations += library.allocations();
            allocated += library.allocatedBytes();
            temporary = sum(temporary, library.temporaryAllocations());
            leaked += library.leakedBytes();
            leakedBlocks += library.leakedBlocks();
            cut += library.possiblyCutStacks();
            if (library.peakBytes() != null && (peak == null || library.peakBytes() > peak)) {
                peak = library.peakBytes();
                peakTime = library.peakTimeMillis();
                timeline = process.scope() == null ? List.of() : process.scope().timeline();
            }
            processAllocations += orZero(process.allocations());
            processAllocated += orZero(process.allocatedBytes());
            processLeaked += orZero(process.leakedBytes());
            processLeakedBlocks += orZero(process.leakedBlocks());
            processPeak = max(processPeak, process.peakHeapBytes());
            processRss = max(processRss, process.peakRssBytes());
            duration = max(duration, process.durationMillis());
            List<StackCost> libraryStacks = process.stacks().stream().filter(StackCost::inScope)
                    .map(stack -> libraryStack(stack, scope, javaCode)).toList();
            stacks.addAll(libraryStacks);
            if (process.tests() != null) {
                for (TestCosts test : process.tests()) {
                    tests.add(test,
                            test.stacks().stream().map(stack -> libraryStack(stack, scope, javaCode)).toList());
                }
            } else if (markers == null) {
                // a JVM that ran no test under the listener (none on the JUnit Platform): all of it outside tests
                tests.unmarked(new TestCosts(Summary.OUTSIDE_TESTS, library.allocations(), library.allocatedBytes(),
                        library.peakBytes(), library.leakedBytes(), library.leakedBlocks(), libraryStacks));
            }
            forks.add(new Summary.Fork(fork.pid(), fork.recording().getFileName().toString(), fork.exitCode()));
            worst = worst != 0 ? worst : fork.exitCode();
        }
        if (!seen) {
            log.warn("no allocation of the library " + recorded.module() + " appears in the test JVMs' recordings: did"
                    + " the tests load it (System.loadLibrary), and is it this build's (not stripped of its symbols)?");
        }
        if (cut > 0) {
            log.info(cut + " of the library's stacks are as deep as heaptrack records (64 frames) and may be cut at"
                    + " their outer end: their Java entry point may be missing");
        }
        Profile library = new Profile(null, allocations, allocated, temporary, peak, null, leaked, leakedBlocks,
                duration, List.copyOf(stacks), peakTime, timeline, null).withTests(tests.combined());
        Summary.Totals process = new Summary.Totals(processAllocations, processAllocated, null, processPeak,
                processRss, processLeaked, processLeakedBlocks);
        return new JvmProfile(library, recorded.module(), List.copyOf(forks), process, worst);
    }

    /**
     * One of the library's stacks as the summary shows it, with the library's figures (its peak share at the
     * library's own peak): {@link #endingAtJava} when the fork reader's stacks are whole, else as the reader made it
     * (see {@link JvmForkReader#wholeStacks()}).
     */
    StackCost libraryStack(StackCost stack, LibraryScope scope, PerfMap javaCode) {
        if (forkReader.wholeStacks()) {
            return endingAtJava(stack, scope, javaCode);
        }
        return new StackCost(stack.frames(), stack.allocations(), stack.allocatedBytes(),
                stack.temporaryAllocations(), stack.scopedPeakBytes(), stack.leakedBytes(), stack.leakedBlocks());
    }

    /**
     * The stack from the allocation out to where Java entered the library, with that Java method as its outermost
     * frame; the library's figures (its peak share at the library's own peak).
     */
    static StackCost endingAtJava(StackCost stack, LibraryScope scope, PerfMap javaCode) {
        List<Frame> frames = stack.frames();
        LibraryScope.EntryPoint entry = scope.entryPoint(frames, javaCode);
        int at = scope.allocatingFrame(frames);
        int end = at;
        for (int i = Math.max(at, 0); i < frames.size() && scope.isLibraryModule(frames.get(i).module()); i++) {
            end = i;
            if (JniNames.javaMethodOf(frames.get(i).function()) != null) {
                break;
            }
        }
        List<Frame> kept = new ArrayList<>(frames.subList(0, end + 1));
        String java = entry == null ? null : entry.via() == LibraryScope.Via.JNI ? entry.method()
                : entry.javaCaller() != null && !PerfMap.INTERPRETED.equals(entry.javaCaller()) ? entry.javaCaller()
                : entry.method();
        if (java != null) {
            kept.add(JavaFrames.of(java));
        }
        return new StackCost(List.copyOf(kept), stack.allocations(), stack.allocatedBytes(),
                stack.temporaryAllocations(), stack.scopedPeakBytes(), stack.leakedBytes(), stack.leakedBlocks());
    }

    /** {@code null} when either is unknown: a figure one JVM's recording cannot give is unknown for the run. */
    private static Long sum(Long a, Long b) {
        return a == null || b == null ? null : a + b;
    }

    /**
     * The forks' per-test figures, each JVM's entries as it gave them (a test that ran in several JVMs, and the
     * allocations outside tests of each, appear once per JVM: the analysis adds them up). No split at all unless every
     * JVM's markers were found: a run's tests list must account for all of the library's figures.
     */
    private static final class TestSplit {
        private final List<TestCosts> entries = new ArrayList<>();
        private boolean incomplete;
        private boolean any;

        void add(TestCosts test, List<StackCost> stacks) {
            any = true;
            entries.add(new TestCosts(test.test(), test.allocations(), test.allocatedBytes(), test.peakBytes(),
                    test.leakedBytes(), test.leakedBlocks(), stacks));
        }

        /** A JVM's markers were not all found. */
        void lost() {
            incomplete = true;
        }

        /** A JVM ran without the listener: its figures, all outside tests, count once another JVM had tests. */
        void unmarked(TestCosts outside) {
            if (outside.allocations() > 0) {
                entries.add(outside);
            }
        }

        List<TestCosts> combined() {
            return any && !incomplete ? List.copyOf(entries) : null;
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    /** The larger; {@code null} only when both are (a conditional expression would unbox a null {@code b}). */
    private static Long max(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Long.valueOf(Math.max(a, b));
    }

    /** The viewer of the run directory's recordings ({@code recording} is that directory). */
    @Override
    public String viewerCommand(Path recording) {
        if (XCTRACE_ID.equals(id)) {
            return "open " + ProcessRunner.quote(List.of(recording.resolve("jvm-<n>.trace").toString()))
                    + "   (opens a test JVM's trace in Instruments: one per JVM)";
        }
        return "heaptrack_gui " + ProcessRunner.quote(List.of(recording.toString()))
                + "   (one recording per test JVM: jvm-<pid>.zst)";
    }
}
