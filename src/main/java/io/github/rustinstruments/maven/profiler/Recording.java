package io.github.rustinstruments.maven.profiler;

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
public record Recording(Path file, int exitCode, long durationMillis, boolean timedOut, List<String> stderrTail) {}
