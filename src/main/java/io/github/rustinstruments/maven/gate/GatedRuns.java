package io.github.rustinstruments.maven.gate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the summaries under the output directory the gate and the baseline take: those of the runs the
 * project's configuration records, and those recorded by the current build. Any other summary (a run recorded
 * once from the command line, a run since renamed or removed) is left over from earlier and is ignored, so that
 * it is neither gated nor written into the committed baseline.
 *
 * @param gated   the summaries to gate
 * @param ignored the runs with summaries that are not gated, sorted
 * @param wanted  the runs that were asked for (configured or recorded by this build), sorted
 */
public record GatedRuns(SummarySet gated, List<String> ignored, List<String> wanted) {

    /**
     * @param found             every summary under the output directory
     * @param configured        the runs the project's configuration records
     * @param recordedThisBuild the runs whose summaries the current build wrote
     */
    public static GatedRuns select(SummarySet found, Collection<String> configured,
            Collection<String> recordedThisBuild) {
        Set<String> wanted = new TreeSet<>(configured);
        wanted.addAll(recordedThisBuild);
        List<String> ignored = new ArrayList<>();
        for (String run : found.runs()) {
            if (!wanted.contains(run)) {
                ignored.add(run);
            }
        }
        return new GatedRuns(found.only(wanted), List.copyOf(ignored), List.copyOf(wanted));
    }

    /**
     * One line naming the ignored runs and what to do, e.g. {@code Ignoring the summaries of run(s) default: not
     * configured for this project nor recorded by this build ...}; {@code null} when nothing is ignored.
     */
    public String ignoredLine(String goal) {
        if (ignored.isEmpty()) {
            return null;
        }
        return "Ignoring the summaries of run(s) " + String.join(", ", ignored) + ": not configured for this project"
                + " nor recorded by this build, so " + goal + " does not take them (name them in <runs> to include"
                + " them, or delete their directories)";
    }
}
