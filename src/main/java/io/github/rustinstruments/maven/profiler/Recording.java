package io.github.rustinstruments.maven.profiler;

import io.github.rustinstruments.maven.process.ProcessResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one recording.
 *
 * @param file           the raw recording the profiler wrote; {@code null} when it wrote none
 * @param exitCode       the profiled command's exit status (128 + N for signal N)
 * @param durationMillis wall time of the recording
 * @param timedOut       the time limit passed and the process tree was killed
 * @param stderrTail     the last lines of standard error, for error messages
 */
public record Recording(Path file, int exitCode, long durationMillis, boolean timedOut, List<String> stderrTail) {

    /** The recording {@code file} (or {@code null}) of a profiler process that ended as {@code result} says. */
    public Recording(Path file, ProcessResult result) {
        this(file, result.exitCode(), result.durationMillis(), result.timedOut(), result.stderrTail());
    }
}
