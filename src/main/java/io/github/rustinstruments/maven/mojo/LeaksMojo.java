package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.process.ProcessRunner;
import io.github.rustinstruments.maven.profiler.Platform;
import io.github.rustinstruments.maven.profiler.Profiler;
import io.github.rustinstruments.maven.profiler.ProfilerOptions;
import io.github.rustinstruments.maven.profiler.ProfilerOptions.Tool;
import io.github.rustinstruments.maven.profiler.Profilers;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the harness and checks it for leaks and memory errors: on Linux with valgrind memcheck
 * ({@code --leak-check=full --show-leak-kinds=all}, read from its XML), which classifies leaks as definitely,
 * indirectly, possibly lost and still reachable and also reports invalid reads and writes, uninitialised values
 * and mismatched frees. Writes {@code <run>/leaks.json}, {@code leaks.html} and {@code leaks.folded}. A small set
 * of suppressions for what Rust's standard library keeps on purpose is always applied. Never fails on a budget;
 * {@code verify} does.
 *
 * @since 0.1.0
 */
@Mojo(name = "leaks", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class LeaksMojo extends AbstractRecordingMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.leaks.skip", defaultValue = "false")
    private boolean skipLeaks;

    /**
     * The leak checker: {@code auto} (valgrind memcheck on Linux when installed, else heaptrack; {@code leaks
     * --atExit} on macOS; else {@code stats}), {@code memcheck}, {@code heaptrack} (fast: memory never freed by
     * exit, no reachability classes), {@code macos-leaks}, or {@code stats} (the harness's own counters: live bytes
     * at exit, no stacks).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.leaks.profiler", defaultValue = "auto")
    private String profiler;

    /**
     * The valgrind executable: a name looked up on the PATH, or a path.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.valgrindExecutable", defaultValue = "valgrind")
    private String valgrindExecutable;

    /**
     * The macOS {@code leaks} executable, for {@code profiler=macos-leaks} (the default on macOS).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.leaksExecutable", defaultValue = "leaks")
    private String leaksExecutable;

    /**
     * Your own valgrind suppression files, applied after the plugin's suppressions for Rust's standard library.
     *
     * @since 0.1.0
     */
    @Parameter
    private List<File> suppressionFiles;

    /**
     * Leaks to ignore, by function name in their allocation stack (demangled; {@code *} matches any characters,
     * {@code ?} one), e.g. {@code mylib::cache::*} for a cache that lives until exit on purpose.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.suppressedFunctions")
    private List<String> suppressedFunctions;

    /**
     * macOS: also record a Leaks trace with Instruments ({@code <run>/leaks.trace}) for the GUI, after the
     * {@code leaks --atExit} check.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.recordTrace", defaultValue = "false")
    private boolean recordTrace;

    @Override
    protected String goal() {
        return "leaks";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipLeaks;
    }

    @Override
    protected String kind() {
        return "leaks";
    }

    @Override
    protected ProfilerOptions profilerOptions() throws MojoExecutionException {
        List<Path> suppressions = suppressionFiles == null ? List.of()
                : suppressionFiles.stream().map(File::toPath).toList();
        for (Path file : suppressions) {
            if (!file.toFile().isFile()) {
                throw new MojoExecutionException("suppression file " + file + " does not exist: fix"
                        + " <suppressionFiles>");
            }
        }
        return super.profilerOptions().executable(Tool.VALGRIND, valgrindExecutable)
                .executable(Tool.LEAKS, leaksExecutable)
                .suppressionFiles(suppressions).suppressedFunctions(suppressedFunctions).leaksTrace(recordTrace);
    }

    @Override
    protected Profiler profiler(Platform platform, ProcessRunner runner, ProfilerOptions options) {
        return Profilers.forLeaks(profiler, platform, runner, buildLog(), options, environment());
    }
}
