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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 */
public final class ProfileAnalysis {
    private final Profile profile;
    private final List<ResolvedStack> stacks;
    private final int distinctFrames;
    private List<Summary.Site> sites;
    private CallTree topDown;
    private CallTree bottomUp;

    private final FrameClassifier classifier;
    private final boolean showHashes;

    private ProfileAnalysis(Profile profile, List<ResolvedStack> stacks, int distinctFrames,
            FrameClassifier classifier, boolean showHashes) {
        this.profile = profile;
        this.stacks = stacks;
        this.distinctFrames = distinctFrames;
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
        Map<Frame, ResolvedFrame> cache = new HashMap<>();
        Map<Long, ResolvedFrame> byAddress = new HashMap<>();
        Map<String, ResolvedFrame> byJavaName = new HashMap<>();
        List<StackCost> raw = profile.stacks() == null ? List.of() : profile.stacks();
        List<ResolvedStack> stacks = new ArrayList<>(raw.size());
        for (StackCost stack : raw) {
            List<Frame> frames = stack.frames();
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
                        r = resolve(key, classifier, showHashes);
                        cache.put(key, r);
                    }
                }
                resolved[i] = r;
            }
            stacks.add(new ResolvedStack(List.of(resolved), new Costs(stack.allocations(), stack.allocatedBytes(),
                    stack.temporaryAllocations(), stack.peakBytes(), stack.leakedBytes(), stack.leakedBlocks())));
        }
        return new ProfileAnalysis(profile, Collections.unmodifiableList(stacks), cache.size() + byJavaName.size(),
                classifier, showHashes);
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

    /** How many distinct recorded frames were resolved (each once). */
    public int distinctFrames() {
        return distinctFrames;
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
        if (topDown == null) {
            topDown = CallTree.build(stacks, CallTree.Direction.TOP_DOWN);
        }
        return topDown;
    }

    /** The bottom-up call tree (built once), allocator frames folded. */
    public CallTree bottomUp() {
        if (bottomUp == null) {
            bottomUp = CallTree.build(stacks, CallTree.Direction.BOTTOM_UP);
        }
        return bottomUp;
    }
}
