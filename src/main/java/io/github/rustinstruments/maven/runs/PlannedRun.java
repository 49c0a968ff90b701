package io.github.rustinstruments.maven.runs;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A run ready to record: every value resolved and checked.
 *
 * @param name        a safe directory name, unique among the runs
 * @param args        the program's arguments
 * @param environment the variables added to the program's environment
 * @param timeLimit   after this the process tree is killed
 */
public record PlannedRun(String name, List<String> args, Map<String, String> environment, Duration timeLimit) {}
