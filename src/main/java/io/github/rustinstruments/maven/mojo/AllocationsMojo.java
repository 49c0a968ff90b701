package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.BuildLog;
import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.Platform;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.ProfilerOptions;
import io.github.rustinstruments.maven.profiler.ProfilerOptions.Tool;
import io.github.rustinstruments.maven.profiler.Profilers;
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
     * else {@code stats}), {@code heaptrack}, {@code xctrace}, or {@code stats} (the scaffolded harness counts its
     * own allocations: totals only, any OS, nothing to install). Unset means {@code auto}. The property was
     * {@code rust-instruments.profiler} before; that name still works, with a deprecation warning.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.allocations.profiler")
    private String profiler;

    /** The old, unscoped property of {@link #profiler}: the leaks goal has its own, so the names now match. */
    static final String DEPRECATED_PROFILER_PROPERTY = "rust-instruments.profiler";

    /**
     * macOS: the {@code time} that measures the peak memory footprint ({@code -l}), since Instruments' Allocations
     * statistics have no peak.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.timeExecutable", defaultValue = "/usr/bin/time")
    private String timeExecutable;

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
    protected ProfilerOptions profilerOptions() throws MojoExecutionException {
        return super.profilerOptions().executable(Tool.TIME, timeExecutable);
    }

    @Override
    protected Profiler profiler(Platform platform, ProcessRunner runner, ProfilerOptions options) {
        String chosen = profilerName(profiler, commandLineProperty(DEPRECATED_PROFILER_PROPERTY), buildLog());
        return Profilers.forAllocations(chosen, platform, runner, buildLog(), options, environment());
    }

    /**
     * The profiler to use: the parameter, else the deprecated property (saying so), else {@code auto}.
     *
     * @param configured the parameter ({@code rust-instruments.allocations.profiler} or {@code <profiler>})
     * @param deprecated the value of {@value #DEPRECATED_PROFILER_PROPERTY}, if set
     */
    static String profilerName(String configured, String deprecated, BuildLog log) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (deprecated != null && !deprecated.isBlank()) {
            log.warn("-D" + DEPRECATED_PROFILER_PROPERTY + " is deprecated: use -Drust-instruments.allocations.profiler="
                    + deprecated.trim() + " (the leaks goal's is rust-instruments.leaks.profiler)");
            return deprecated;
        }
        return "auto";
    }
}
