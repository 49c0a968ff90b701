package io.github.rustinstruments.maven.workflow;

import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.analysis.TestAnalysis;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.LeakDetails;
import io.github.rustinstruments.maven.trace.Profile;
import java.util.Comparator;
import java.util.List;

/** Turns a recording and its analysis into the summary contract. */
public final class SummaryFactory {
    /** How many sites the summary file keeps; the console shows fewer. */
    public static final int SITES_IN_SUMMARY = 50;

    /** How many sites each entry of {@code tests} keeps. */
    public static final int SITES_PER_TEST = 5;

    private SummaryFactory() {}

    /**
     * The summary of an analysed recording; what the recording does not say stays {@code null}.
     *
     * @param kind          {@code leaks} for a leak check (leak kinds, memory errors, sites by leaked bytes), else
     *                      {@code allocations}
     * @param recordingName the recording's file name beside the summary, or its absolute path when elsewhere
     */
    public static Summary of(String kind, String run, String profiler, String platform, List<String> command,
            Integer exitCode, Long durationMillis, String recordingName, Profile profile, ProfileAnalysis analysis) {
        Summary summary = "leaks".equals(kind)
                ? leaks(run, profiler, platform, command, exitCode, durationMillis, recordingName, profile,
                        analysis.sites(), analysis.errors())
                : allocations(run, profiler, platform, command, exitCode, durationMillis, recordingName, profile,
                        analysis.sites());
        return summary.withTests(tests(analysis));
    }

    /**
     * The summary's {@code tests}: every test that made an allocation in the profile's scope, and the special entries
     * when not empty, in {@link TestAnalysis#ORDER} (most leaked bytes first, then most allocated, then by name),
     * each with its first {@value #SITES_PER_TEST} sites (leaking ones first); {@code null} when the profile has no
     * per-test split.
     */
    public static List<Summary.TestEntry> tests(ProfileAnalysis analysis) {
        if (analysis.tests() == null) {
            return null;
        }
        return analysis.tests().stream().map(test -> test.entry(SITES_PER_TEST)).toList();
    }

    /** An allocation profile: sites ordered by allocated bytes. */
    public static Summary allocations(String run, String profiler, String platform, List<String> command,
            Integer exitCode, Long durationMillis, String recordingName, Profile profile, List<Summary.Site> sites) {
        Summary.Totals totals = totalsOf(profile);
        return new Summary(Summary.SCHEMA_VERSION, run, "allocations", profiler, platform,
                command == null ? null : List.copyOf(command), exitCode, durationMillis, recordingName, totals, null,
                sites.stream().limit(SITES_IN_SUMMARY).toList());
    }

    /** A leak check: leak kinds and memory errors when the profiler classifies them, sites by leaked bytes. */
    public static Summary leaks(String run, String profiler, String platform, List<String> command,
            Integer exitCode, Long durationMillis, String recordingName, Profile profile, List<Summary.Site> sites,
            List<Summary.MemoryError> errors) {
        Summary.Totals totals = totalsOf(profile);
        Summary.LeakKinds kinds = null;
        if (profile.leaks() != null && profile.leaks().kinds() != null) {
            LeakDetails.LeakKindTotals k = profile.leaks().kinds();
            kinds = new Summary.LeakKinds(k.definitelyLostBytes(), k.definitelyLostBlocks(), k.indirectlyLostBytes(),
                    k.indirectlyLostBlocks(), k.possiblyLostBytes(), k.possiblyLostBlocks(), k.stillReachableBytes(),
                    k.stillReachableBlocks());
        }
        List<Summary.Site> leaking = sites.stream().filter(site -> site.leakedBytes() > 0)
                .sorted(Comparator.comparingLong(Summary.Site::leakedBytes).reversed()).limit(SITES_IN_SUMMARY)
                .toList();
        return new Summary(Summary.SCHEMA_VERSION, run, "leaks", profiler, platform,
                command == null ? null : List.copyOf(command), exitCode, durationMillis, recordingName, totals, kinds,
                errors, leaking);
    }

    private static Summary.Totals totalsOf(Profile profile) {
        return new Summary.Totals(profile.allocations(), profile.allocatedBytes(), profile.temporaryAllocations(),
                profile.peakHeapBytes(), profile.peakRssBytes(), profile.leakedBytes(), profile.leakedBlocks());
    }
}
