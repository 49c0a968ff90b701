package io.github.rustinstruments.maven.workflow;

import java.util.List;

/**
 * The outcomes of a goal's runs.
 *
 * @param runs   one outcome per run, in order
 * @param broken the runs whose recording broke (a profiler that did not run, an unreadable recording), as opposed
 *               to a program that failed
 */
public record GoalOutcome(List<RunOutcome> runs, List<String> broken) {

    public boolean succeeded() {
        return runs.stream().allMatch(RunOutcome::succeeded);
    }

    /** Why the goal fails: each failed run's reason, named when there are several runs; {@code null} on success. */
    public String failureMessage() {
        List<RunOutcome> failed = runs.stream().filter(run -> !run.succeeded()).toList();
        if (failed.isEmpty()) {
            return null;
        }
        StringBuilder message = new StringBuilder();
        for (RunOutcome run : failed) {
            message.append(runs.size() > 1 ? "\nrun '" + run.run() + "': " : "").append(run.failure());
        }
        return runs.size() > 1 ? failed.size() + " of " + runs.size() + " runs failed:" + message : message.toString();
    }
}
