package io.github.rustinstruments.maven.profiler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to record: any command (the harness today, a JVM running the tests later), how, and where to.
 *
 * @param kind             {@code allocations} or {@code leaks}: the base name of the recording
 * @param command          the executable and its arguments
 * @param environment      variables added to the command's environment
 * @param workingDirectory the command's working directory
 * @param timeLimit        after this the whole process tree is killed
 * @param runDirectory     {@code <out>/<run>/}, where the recording goes
 */
public record RecordingRequest(String kind, List<String> command, Map<String, String> environment,
        Path workingDirectory, Duration timeLimit, Path runDirectory) {}
