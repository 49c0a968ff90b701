package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.symbols.RustDemangler;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.LeakDetails;
import io.github.rustinstruments.maven.trace.PerfMap;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import io.github.rustinstruments.maven.trace.TestCosts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A profile with its frames demangled and classified: the stacks, the allocation sites and the call trees that
 * the summary, the console, the HTML report and the folded stacks are made from.
 *
 * <p>Each distinct frame is demangled and classified once: profiles share frames across many stacks, so
 * resolution is cached by the recorded {@link Frame} (equal frames share one {@link ResolvedFrame} instance).
 * Classification always works on the hash-less name; {@code showHashes} only changes what is displayed.
 *
 * <p>Frames the profiler could not name carry their address ({@link Frame#address()}); the cache ignores it, so
 * all of them are the one {@code ??} frame (per module) they were before addresses were kept, and call trees and
 * sites do not grow with the number of distinct addresses. Given a JVM's {@link PerfMap}, the ones without a
 * module (the JVM's generated code) are named from it instead, one resolved frame per name.
 *
 * <p>A profile split per test ({@link Profile#tests()}, JVM mode) gives {@link #tests()}: each test's stacks are
 * resolved with the same cache (a frame list the run's stacks already hold is resolved no second time), and its
 * sites and trees are made as the run's are.
 */
public final class ProfileAnalysis {
    private final Profile profile;
    private final List<ResolvedStack> stacks;
    private final int distinctFrames;
    private final List<TestAnalysis> tests;
    private List<Summary.Site> sites;
    private final CallTrees trees;

    private final FrameClassifier classifier;
    private final boolean showHashes;

    private ProfileAnalysis(Profile profile, List<ResolvedStack> stacks, int distinctFrames, List<TestAnalysis> tests,
            FrameClassifier classifier, boolean showHashes) {
        this.profile = profile;
        this.stacks = stacks;
        this.trees = new CallTrees(stacks);
        this.distinctFrames = distinctFrames;
        this.tests = tests;
        this.classifier = classifier;
        this.showHashes = showHashes;
    }

    /**
     * Resolves every stack of {@code profile}.
     *
     * @param classifier decides whose code a frame is
     * @param showHashes whether displayed names keep the legacy hash / v0 crate disambiguators
     */
    public static ProfileAnalysis of(Profile profile, FrameClassifier classifier, boolean showHashes) {
        return of(profile, classifier, showHashes, null);
    }

    /**
     * As {@link #of(Profile, FrameClassifier, boolean)}, naming the frames of a JVM's generated code (no module, no
     * function, an address) from its perf map: a compiled Java method ({@code com.example.Main.hot(int)}),
     * {@value #INTERPRETED_JAVA} for the interpreter, the blob's own name for the JVM's stubs, {@code ??} where the
     * map has nothing (code thrown away before the JVM exited). They keep the kind unnamed frames have.
     *
     * @param javaCode the JVM's perf map; {@code null} names nothing
     */
    public static ProfileAnalysis of(Profile profile, FrameClassifier classifier, boolean showHashes,
            PerfMap javaCode) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(classifier, "classifier");
        Resolver resolver = new Resolver(classifier, showHashes, javaCode);
        List<StackCost> raw = profile.stacks() == null ? List.of() : profile.stacks();
        List<ResolvedStack> stacks = new ArrayList<>(raw.size());
        for (StackCost stack : raw) {
            stacks.add(resolver.resolve(stack));
        }
        List<TestAnalysis> tests = null;
        if (profile.tests() != null) {
            boolean allocationFiguresKnown = profile.leaks() == null;
            tests = new ArrayList<>();
            for (TestCosts test : mergedByName(profile.tests())) {
                if (isEmpty(test)) {
                    continue; // a test that made no allocation in scope: nothing to show, and suites have thousands
                }
                List<ResolvedStack> resolved = new ArrayList<>(test.stacks().size());
                for (StackCost stack : test.stacks()) {
                    resolved.add(resolver.resolve(stack));
                }
                tests.add(new TestAnalysis(test, resolved, allocationFiguresKnown));
            }
            tests.sort(TestAnalysis.ORDER);
            tests = Collections.unmodifiableList(tests);
        }
        return new ProfileAnalysis(profile, Collections.unmodifiableList(stacks), resolver.distinctFrames(), tests,
                classifier, showHashes);
    }

    /** Resolves each distinct frame once, and each distinct frame list (shared by a run's and its tests') once. */
    private static final class Resolver {
        private final FrameClassifier classifier;
        private final boolean showHashes;
        private final PerfMap javaCode;
        private final Map<Frame, ResolvedFrame> cache = new HashMap<>();
        private final Map<Long, ResolvedFrame> byAddress = new HashMap<>();
        private final Map<String, ResolvedFrame> byJavaName = new HashMap<>();
        // a test's stack usually holds the very frame list of the run's stack it is part of
        private final Map<List<Frame>, List<ResolvedFrame>> byList = new IdentityHashMap<>();

        Resolver(FrameClassifier classifier, boolean showHashes, PerfMap javaCode) {
            this.classifier = classifier;
            this.showHashes = showHashes;
            this.javaCode = javaCode;
        }

        ResolvedStack resolve(StackCost stack) {
            List<ResolvedFrame> frames = byList.computeIfAbsent(stack.frames(), this::resolveFrames);
            return new ResolvedStack(frames, new Costs(stack.allocations(), stack.allocatedBytes(),
                    stack.temporaryAllocations(), stack.peakBytes(), stack.leakedBytes(), stack.leakedBlocks()));
        }

        private List<ResolvedFrame> resolveFrames(List<Frame> frames) {
            ResolvedFrame[] resolved = new ResolvedFrame[frames.size()];
            for (int i = 0; i < resolved.length; i++) {
                Frame frame = frames.get(i);
                ResolvedFrame r;
                if (javaCode != null && frame.hasAddress() && frame.module() == null && frame.function() == null) {
                    r = byAddress.computeIfAbsent(frame.address(), address -> byJavaName.computeIfAbsent(
                            generatedCodeName(javaCode, address), name -> new ResolvedFrame(name, null, 0, null,
                                    classifier.classify(null, null, null))));
                } else {
                    // the address only tells unnamed frames apart, which all resolve alike
                    Frame key = frame.withoutAddress();
                    r = cache.get(key);
                    if (r == null) {
                        r = ProfileAnalysis.resolve(key, classifier, showHashes);
                        cache.put(key, r);
                    }
                }
                resolved[i] = r;
            }
            return List.of(resolved);
        }

        int distinctFrames() {
            return cache.size() + byJavaName.size();
        }
    }

    /**
     * The entries of the same test added up (a test's name can come from several JVMs, the special entries always
     * do): counts and bytes summed, the peak the largest one JVM reached, the stacks of all. First seen, first kept.
     */
    static List<TestCosts> mergedByName(List<TestCosts> entries) {
        Map<String, List<TestCosts>> byName = new LinkedHashMap<>();
        for (TestCosts entry : entries) {
            if (entry != null) {
                byName.computeIfAbsent(entry.test(), name -> new ArrayList<>(1)).add(entry);
            }
        }
        List<TestCosts> merged = new ArrayList<>(byName.size());
        for (List<TestCosts> same : byName.values()) {
            if (same.size() == 1) {
                TestCosts only = same.get(0);
                merged.add(only.stacks() == null ? new TestCosts(only.test(), only.allocations(),
                        only.allocatedBytes(), only.peakBytes(), only.leakedBytes(), only.leakedBlocks(), List.of())
                        : only);
                continue;
            }
            long allocations = 0;
            long allocated = 0;
            Long peak = null;
            long leaked = 0;
            long leakedBlocks = 0;
            List<StackCost> stacks = new ArrayList<>();
            for (TestCosts entry : same) {
                allocations += entry.allocations();
                allocated += entry.allocatedBytes();
                if (entry.peakBytes() != null && (peak == null || entry.peakBytes() > peak)) {
                    peak = entry.peakBytes();
                }
                leaked += entry.leakedBytes();
                leakedBlocks += entry.leakedBlocks();
                if (entry.stacks() != null) {
                    stacks.addAll(entry.stacks());
                }
            }
            merged.add(new TestCosts(same.get(0).test(), allocations, allocated, peak, leaked, leakedBlocks,
                    List.copyOf(stacks)));
        }
        return merged;
    }

    private static boolean isEmpty(TestCosts test) {
        return test.allocations() == 0 && test.allocatedBytes() == 0 && test.leakedBytes() == 0
                && test.leakedBlocks() == 0 && test.stacks().isEmpty();
    }

    /** How a frame of the interpreter is shown. */
    public static final String INTERPRETED_JAVA = "Java (interpreted)";

    private static String generatedCodeName(PerfMap javaCode, long address) {
        PerfMap.CodeBlob blob = javaCode.lookup(address);
        if (blob == null) {
            return "??";
        }
        if (blob.isInterpreter()) {
            return INTERPRETED_JAVA;
        }
        String method = blob.javaMethod();
        return method != null ? method : blob.name();
    }

    /**
     * Demangles and classifies one recorded frame; its file is shown as {@link FrameClassifier#sourcePaths()}
     * displays it (classification saw the recorded path).
     */
    public static ResolvedFrame resolve(Frame frame, FrameClassifier classifier, boolean showHashes) {
        String function = frame.function();
        String name = RustDemangler.demangle(function, false);
        FrameKind kind = classifier.classify(name, frame.file(), frame.module());
        String shown = showHashes ? RustDemangler.demangle(function, true) : name;
        return new ResolvedFrame(displayName(shown, frame.module()), classifier.sourcePaths().display(frame.file()),
                Math.max(frame.line(), 0),
                frame.module(), kind);
    }

    /** The demangled name, or {@code ?? in <module file name>} (just {@code ??}) when the profiler had none. */
    public static String displayName(String demangled, String module) {
        if (demangled != null && !demangled.isBlank()) {
            return demangled;
        }
        if (module == null || module.isBlank()) {
            return "??";
        }
        int slash = Math.max(module.lastIndexOf('/'), module.lastIndexOf('\\'));
        return "?? in " + module.substring(slash + 1);
    }

    public Profile profile() {
        return profile;
    }

    /** One resolved stack per recorded stack, in the recording's order; frames innermost first, none folded. */
    public List<ResolvedStack> stacks() {
        return stacks;
    }

    /** How many distinct recorded frames were resolved (each once), the tests' included. */
    public int distinctFrames() {
        return distinctFrames;
    }

    /**
     * The profile's figures per test ({@link Profile#tests()}), each analysed as the run is, in
     * {@link TestAnalysis#ORDER}; {@code null} when the profile has no per-test split. A test that made no
     * allocation in the profile's scope is left out (a suite may have thousands); so are the special entries
     * {@link Summary#OUTSIDE_TESTS} and {@link Summary#OVERLAPPING_TESTS} when they are empty. Entries of the same
     * name (one test run in several JVMs) are one.
     */
    public List<TestAnalysis> tests() {
        return tests;
    }

    /**
     * Every allocation site, most bytes first (then most allocations), as {@link SiteAttribution#sitesOf} defines
     * them: the innermost user frame of each stack, else its innermost third-party, runtime or system frame.
     */
    public List<Summary.Site> sites() {
        if (sites == null) {
            // a leak checker's stacks are its leaked blocks: how much those sites allocated is unknown; without a
            // heap peak (Instruments' Allocations), the sites' shares of it are unknown too
            sites = SiteAttribution.sitesOf(stacks, profile.leaks() == null,
                    profile.leaks() == null && profile.peakHeapBytes() != null);
        }
        return sites;
    }

    /**
     * The memory errors that are not leaks, each placed at its innermost frame in the user's code (else its
     * innermost frame outside the system libraries); {@code null} when the profiler does not detect errors.
     */
    public List<Summary.MemoryError> errors() {
        if (profile.leaks() == null || profile.leaks().errors() == null) {
            return null;
        }
        List<Summary.MemoryError> errors = new ArrayList<>();
        for (LeakDetails.MemoryError error : profile.leaks().errors()) {
            List<ResolvedFrame> frames = error.frames().stream().map(f -> resolve(f, classifier, showHashes))
                    .toList();
            int at = indexOf(frames, FrameKind.USER);
            if (at < 0) {
                at = 0;
                while (at < frames.size() - 1 && frames.get(at).kind() == FrameKind.SYSTEM) {
                    at++;
                }
            }
            if (frames.isEmpty()) {
                errors.add(new Summary.MemoryError(error.kind(), error.what(), null, null, null, List.of()));
                continue;
            }
            ResolvedFrame place = SiteAttribution.placeOf(frames, at);
            List<String> stack = frames.subList(at, Math.min(frames.size(), at + SiteAttribution.STACK_DEPTH))
                    .stream().map(ResolvedFrame::label).toList();
            errors.add(new Summary.MemoryError(error.kind(), error.what(), frames.get(at).function(), place.file(),
                    place.line() > 0 ? place.line() : null, stack));
        }
        return List.copyOf(errors);
    }

    private static int indexOf(List<ResolvedFrame> frames, FrameKind kind) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    /** The top-down call tree (built once), allocator frames folded. */
    public CallTree topDown() {
        return trees.topDown();
    }

    /** The bottom-up call tree (built once), allocator frames folded. */
    public CallTree bottomUp() {
        return trees.bottomUp();
    }
}
