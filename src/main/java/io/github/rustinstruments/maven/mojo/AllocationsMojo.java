package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.analysis.ProfileAnalysis;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.MacPeakFootprint;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.Profilers;
import io.github.rustinstruments.maven.profiler.Recording;
import io.github.rustinstruments.maven.profiler.RecordingRequest;
import io.github.rustinstruments.maven.summary.Summary;
import io.github.rustinstruments.maven.trace.Profile;
import io.github.rustinstruments.maven.workflow.SummaryFactory;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the harness, runs it under the platform's memory profiler (heaptrack on Linux), keeps the recording
 * under {@code <outputDirectory>/<run>/} and writes {@code allocations.json}: totals, peak, leaks and the top
 * allocation sites in the user's own code, plus {@code allocations.html} and {@code allocations.folded}. Never
 * fails on a budget (that is {@code verify}'s job); fails when the program itself fails, after the recording and
 * the summary are written.
 *
 * @since 0.1.0
 */
@Mojo(name = "allocations", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class AllocationsMojo extends AbstractRecordingMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.allocations.skip", defaultValue = "false")
    private boolean skipAllocations;

    /**
     * The memory profiler: {@code auto} (heaptrack on Linux, Instruments through xctrace on macOS, when installed;
     * else {@code stats}), {@code heaptrack}, {@code xctrace}, or {@code stats} (the scaffolded harness counts its own allocations: totals only, any OS, nothing to install).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.profiler", defaultValue = "auto")
    private String profiler;

    /**
     * The heaptrack executable: a name looked up on the PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.heaptrackExecutable", defaultValue = "heaptrack")
    private String heaptrackExecutable;

    /**
     * macOS: the {@code time} that measures the peak memory footprint ({@code -l}), since Instruments' Allocations
     * statistics have no peak.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.timeExecutable", defaultValue = "/usr/bin/time")
    private String timeExecutable;

    /**
     * macOS: xcrun, which finds xctrace (full Xcode is needed).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.xcrunExecutable", defaultValue = "xcrun")
    private String xcrunExecutable;

    @Override
    protected String goal() {
        return "allocations";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipAllocations;
    }

    @Override
    protected String kind() {
        return "allocations";
    }

    @Override
    protected Profiler profiler(ProcessRunner runner) throws MojoExecutionException {
        try {
            return checked(Profilers.forAllocations(profiler, platform(), runner, buildLog(),
                    new Profilers.Tools(heaptrackExecutable, "valgrind", List.of(), List.of(), "leaks", xcrunExecutable,
                            "codesign"), environment()));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage());
        }
    }

    /** Instruments' statistics have no peak: on macOS the program runs once more under {@code time -l}. */
    @Override
    protected Profile complete(Profile profile, Profiler backend, RecordingRequest request) throws IOException {
        if (!"xctrace".equals(backend.id()) || profile.peakRssBytes() != null) {
            return profile;
        }
        MacPeakFootprint.Result footprint = new MacPeakFootprint(processRunner(), buildLog(), timeExecutable)
                .measure(request);
        return profile.withPeakRssBytes(footprint.peakFootprintBytes());
    }

    @Override
    protected Summary summarize(String run, String platform, Profiler backend, List<String> command,
            Recording recording, Profile profile, ProfileAnalysis analysis) {
        return SummaryFactory.allocations(run, backend.id(), platform, command, recording,
                profile, analysis.sites());
    }
}
