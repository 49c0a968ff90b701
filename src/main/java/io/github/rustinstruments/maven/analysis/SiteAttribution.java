package io.github.rustinstruments.maven.analysis;

import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.symbols.FrameKind;
import io.github.rustinstruments.maven.symbols.SourcePaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Attributes each allocation to the innermost frame in the user's own code, folding the allocator, std and
 * system frames above it, and adds up the costs per site.
 *
 * <p>When a stack has no user frame, its innermost frame of another crate ({@link FrameKind#UNKNOWN}) is the
 * site, else its innermost runtime frame, else its innermost system frame. Sites are distinct by function,
 * file, line and whether they are user code; the same function at another line is another site. A user frame
 * expanded from a std macro is placed at the user's own line that reached it ({@link #placeOf}).
 */
public final class SiteAttribution {
    /**
     * How many frames of a representative stack a site keeps, from the site outwards: all that the profiler
     * recorded (heaptrack keeps 64, memcheck as many as {@code --num-callers}), so that a reader sees the way from
     * the entry point to the site; the bound only protects the summary from a runaway recursion.
     */
    public static final int STACK_DEPTH = 256;

    /** The order in which frame kinds are preferred as a site when a stack has no user frame. */
    private static final List<FrameKind> PREFERENCE =
            List.of(FrameKind.USER, FrameKind.UNKNOWN, FrameKind.RUST_RUNTIME, FrameKind.SYSTEM);

    private SiteAttribution() {}

    /** Every site of already resolved stacks, most bytes first (then most allocations); empty stacks are skipped. */
    public static List<Summary.Site> sitesOf(List<ResolvedStack> stacks) {
        return sitesOf(stacks, true);
    }

    /**
     * @param allocationFiguresKnown {@code false} for a leak checker's stacks, which describe leaked blocks only:
     *                               the sites' allocations, allocated and peak bytes are then {@code null}
     */
    public static List<Summary.Site> sitesOf(List<ResolvedStack> stacks, boolean allocationFiguresKnown) {
        return sitesOf(stacks, allocationFiguresKnown, allocationFiguresKnown);
    }

    /**
     * @param allocationFiguresKnown {@code false} for a leak checker's stacks, which describe leaked blocks only:
     *                               the sites' allocations, allocated and peak bytes are then {@code null}
     * @param peakKnown              {@code false} when the profiler has no heap peak (Instruments' Allocations): the
     *                               sites' peak bytes are then {@code null}, not the stacks' zeros
     */
    public static List<Summary.Site> sitesOf(List<ResolvedStack> stacks, boolean allocationFiguresKnown,
            boolean peakKnown) {
        Map<SiteKey, Accumulator> bySite = new LinkedHashMap<>();
        for (ResolvedStack stack : stacks) {
            List<ResolvedFrame> frames = stack.frames();
            if (frames.isEmpty()) {
                continue;
            }
            int siteIndex = pick(frames);
            ResolvedFrame site = frames.get(siteIndex);
            ResolvedFrame place = placeOf(frames, siteIndex);
            SiteKey key = new SiteKey(site.function(), place.file(), place.line() > 0 ? place.line() : null,
                    site.kind() == FrameKind.USER);
            bySite.computeIfAbsent(key, k -> new Accumulator()).add(stack, siteIndex);
        }
        List<Summary.Site> sites = new ArrayList<>(bySite.size());
        bySite.forEach((key, acc) -> sites.add(allocationFiguresKnown
                ? new Summary.Site(key.function, key.file, key.line, key.inUserCode, acc.allocations,
                        acc.allocatedBytes, peakKnown ? acc.peakBytes : null, acc.leakedBytes, acc.stack,
                        acc.javaEntryPoint)
                : new Summary.Site(key.function, key.file, key.line, key.inUserCode, null, null, null,
                        acc.leakedBytes, acc.stack, acc.javaEntryPoint)));
        sites.sort(Comparator.comparingLong(Summary.Site::allocatedBytesOrZero).reversed()
                .thenComparing(Comparator.comparingLong(Summary.Site::allocationsOrZero).reversed()));
        return sites;
    }

    /**
     * Where a site is in the user's sources. A user frame whose file is std's is code a std macro expanded into
     * the user's crate (a {@code thread_local!} initialiser's closure): std's file would send the reader into the
     * toolchain, so the place is the nearest outer user frame with a file of the user's own (the line that reached
     * it). Without one, the frame's own (shortened) file stays.
     */
    static ResolvedFrame placeOf(List<ResolvedFrame> frames, int siteIndex) {
        ResolvedFrame site = frames.get(siteIndex);
        if (site.kind() != FrameKind.USER || !SourcePaths.isShownAsStandardLibrary(site.file())) {
            return site;
        }
        for (int i = siteIndex + 1; i < frames.size(); i++) {
            ResolvedFrame outer = frames.get(i);
            if (outer.kind() == FrameKind.USER && outer.file() != null
                    && !SourcePaths.isShownAsStandardLibrary(outer.file())) {
                return outer;
            }
        }
        return site;
    }

    private static int pick(List<ResolvedFrame> frames) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        // a GlobalAlloc wrapper in the user's own crate is allocator plumbing, not the code that asked for memory
        int plumbing = AllocatorFrames.foldedCount(frames);
        for (int i = 0; i < frames.size(); i++) {
            int rank = i < plumbing && frames.get(i).kind() == FrameKind.USER ? PREFERENCE.size()
                    : PREFERENCE.indexOf(frames.get(i).kind());
            if (rank < 0) {
                rank = PREFERENCE.size();
            }
            if (rank < bestRank) {
                best = i;
                bestRank = rank;
                if (rank == 0) {
                    break; // the innermost user frame
                }
            }
        }
        return best;
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
        String javaEntryPoint;

        void add(ResolvedStack resolved, int siteIndex) {
            allocations += resolved.costs().allocations();
            allocatedBytes += resolved.costs().allocatedBytes();
            peakBytes += resolved.costs().peakBytes();
            leakedBytes += resolved.costs().leakedBytes();
            if (resolved.costs().allocatedBytes() > heaviestStackBytes) {
                // the stack that brings most bytes to this site represents it
                heaviestStackBytes = resolved.costs().allocatedBytes();
                List<ResolvedFrame> frames = resolved.frames();
                ResolvedFrame outermost = frames.get(frames.size() - 1);
                javaEntryPoint = outermost.kind() == FrameKind.JAVA ? outermost.function() : null;
                int end = Math.min(frames.size(), siteIndex + STACK_DEPTH);
                List<String> described = new ArrayList<>(end - siteIndex);
                for (int i = siteIndex; i < end; i++) {
                    described.add(frames.get(i).label());
                }
                stack = List.copyOf(described);
            }
        }
    }
}
