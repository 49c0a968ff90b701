package io.github.rustinstruments.maven.report;

import io.github.rustinstruments.maven.symbols.FrameClassifier;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.symbols.RustDemangler;
import io.github.rustinstruments.maven.trace.Frame;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.trace.StackCost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attributes each allocation to the innermost frame in the user's own code, folding the allocator, std and
 * system frames above it, and adds up the costs per site.
 */
public final class SiteAttribution {
    /** How many frames of a representative stack a site keeps, from the site outwards. */
    static final int STACK_DEPTH = 12;

    /** The order in which frame kinds are preferred as a site when a stack has no user frame. */
    private static final List<FrameKind> PREFERENCE =
            List.of(FrameKind.USER, FrameKind.UNKNOWN, FrameKind.RUST_RUNTIME, FrameKind.SYSTEM);

    private final FrameClassifier classifier;

    public SiteAttribution(FrameClassifier classifier) {
        this.classifier = classifier;
    }

    /** Every site, most bytes first (then most allocations). */
    public List<Summary.Site> sites(Profile profile) {
        Map<SiteKey, Accumulator> bySite = new LinkedHashMap<>();
        for (StackCost stack : profile.stacks()) {
            List<Frame> frames = stack.frames();
            if (frames.isEmpty()) {
                continue;
            }
            List<String> names = new ArrayList<>(frames.size());
            List<FrameKind> kinds = new ArrayList<>(frames.size());
            for (Frame frame : frames) {
                String name = RustDemangler.demangle(frame.function());
                names.add(name);
                kinds.add(classifier.classify(name, frame.file(), frame.module()));
            }
            int siteIndex = pick(kinds);
            Frame site = frames.get(siteIndex);
            SiteKey key = new SiteKey(displayName(names.get(siteIndex), site), site.file(),
                    site.line() > 0 ? site.line() : null, kinds.get(siteIndex) == FrameKind.USER);
            bySite.computeIfAbsent(key, k -> new Accumulator()).add(stack, frames, names, siteIndex);
        }
        List<Summary.Site> sites = new ArrayList<>();
        bySite.forEach((key, acc) -> sites.add(new Summary.Site(key.function, key.file, key.line, key.inUserCode,
                acc.allocations, acc.allocatedBytes, acc.peakBytes, acc.leakedBytes, acc.stack)));
        sites.sort(Comparator.comparingLong(Summary.Site::allocatedBytes).reversed()
                .thenComparing(Comparator.comparingLong(Summary.Site::allocations).reversed()));
        return sites;
    }

    private static int pick(List<FrameKind> kinds) {
        for (FrameKind wanted : PREFERENCE) {
            int index = kinds.indexOf(wanted);
            if (index >= 0) {
                return index;
            }
        }
        return 0;
    }

    static String displayName(String demangled, Frame frame) {
        if (demangled != null && !demangled.isEmpty()) {
            return demangled;
        }
        String module = frame.module();
        if (module == null) {
            return "??";
        }
        int slash = module.lastIndexOf('/');
        return "?? in " + (slash >= 0 ? module.substring(slash + 1) : module);
    }

    /** {@code mylib::parse (src/lib.rs:42)}. */
    static String describe(String name, Frame frame) {
        String location = frame.file() == null ? null
                : frame.line() > 0 ? frame.file() + ":" + frame.line() : frame.file();
        return location == null ? name : name + " (" + location + ")";
    }

    private record SiteKey(String function, String file, Integer line, boolean inUserCode) {
        SiteKey {
            Objects.requireNonNull(function);
        }
    }

    private static final class Accumulator {
        long allocations;
        long allocatedBytes;
        long peakBytes;
        long leakedBytes;
        long heaviestStackBytes = -1;
        List<String> stack = List.of();

        void add(StackCost cost, List<Frame> frames, List<String> names, int siteIndex) {
            allocations += cost.allocations();
            allocatedBytes += cost.allocatedBytes();
            peakBytes += cost.peakBytes();
            leakedBytes += cost.leakedBytes();
            if (cost.allocatedBytes() > heaviestStackBytes) {
                // the stack that brings most bytes to this site represents it
                heaviestStackBytes = cost.allocatedBytes();
                List<String> described = new ArrayList<>();
                for (int i = siteIndex; i < frames.size() && described.size() < STACK_DEPTH; i++) {
                    described.add(describe(displayName(names.get(i), frames.get(i)), frames.get(i)));
                }
                stack = List.copyOf(described);
            }
        }
    }
}
