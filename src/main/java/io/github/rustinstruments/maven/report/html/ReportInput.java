package io.github.rustinstruments.maven.report.html;

import io.github.rustinstruments.maven.analysis.CallTree;
import io.github.rustinstruments.maven.analysis.TestAnalysis;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.HeapSample;
import java.util.List;
import java.util.Objects;

/**
 * Everything the HTML report shows.
 *
 * @param summary        the summary contract: headline figures, profiler, command, platform
 * @param timeline       live heap (and RSS) over time, oldest first; empty when the recording has no times
 * @param peakTimeMillis when the heap peak was reached, {@code null} when unknown
 * @param sites          every allocation site (not only the summary's top ones), in any order
 * @param topDown        the full top-down call tree, {@code null} when the profiler gives no stacks
 * @param bottomUp       the full bottom-up call tree, {@code null} when the profiler gives no stacks
 * @param tests          the run's tests, each with its own sites and trees (JVM mode with a per-test split, see
 *                       {@link io.github.rustinstruments.maven.analysis.ProfileAnalysis#tests()}); {@code null}
 *                       when the profile is not split per test
 */
public record ReportInput(Summary summary, List<HeapSample> timeline, Long peakTimeMillis, List<Summary.Site> sites,
        CallTree topDown, CallTree bottomUp, List<TestAnalysis> tests) {

    public ReportInput {
        Objects.requireNonNull(summary, "summary");
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        sites = sites == null ? List.of() : List.copyOf(sites);
        tests = tests == null ? null : List.copyOf(tests);
    }

    /** A run that is not split per test. */
    public ReportInput(Summary summary, List<HeapSample> timeline, Long peakTimeMillis, List<Summary.Site> sites,
            CallTree topDown, CallTree bottomUp) {
        this(summary, timeline, peakTimeMillis, sites, topDown, bottomUp, null);
    }
}
