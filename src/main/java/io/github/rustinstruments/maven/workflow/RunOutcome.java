package io.github.rustinstruments.maven.workflow;

import io.github.rustinstruments.maven.report.RunFiles;
import io.github.rustinstruments.maven.summary.Summary;

/**
 * What the workflow made of one run.
 *
 * @param run            the run's name
 * @param summary        the summary written for it; {@code null} when there is none
 * @param files          the run's files; {@code null} when none were written
 * @param failure        why the run failed (the program crashed, exited non-zero or ran past its time limit, or
 *                       the profiler broke), with what was kept; {@code null} when it succeeded
 */
public record RunOutcome(String run, Summary summary, RunFiles.Written files, String failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
