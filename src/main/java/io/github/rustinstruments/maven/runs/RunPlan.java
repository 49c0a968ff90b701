package io.github.rustinstruments.maven.runs;

import io.github.rustinstruments.maven.process.Durations;
import io.github.rustinstruments.maven.summary.RunNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Resolves the {@code <runs>} of a recording goal against its top-level parameters. */
public final class RunPlan {
    /** The run's name when no {@code <runs>} are configured. */
    public static final String DEFAULT_RUN = "default";

    private RunPlan() {}

    /**
     * @throws IllegalArgumentException listing every problem: unnamed, unsafe or duplicate names, bad time limits
     */
    public static List<PlannedRun> resolve(List<RunConfiguration> runs, List<String> args,
            Map<String, String> environment, String timeLimit) {
        List<String> problems = new ArrayList<>();
        Duration defaultLimit = parseLimit(timeLimit, "timeLimit", problems);
        List<String> baseArgs = args == null ? List.of() : args.stream().filter(Objects::nonNull).toList();
        Map<String, String> baseEnv = withoutNulls(environment);
        List<PlannedRun> planned = new ArrayList<>();
        if (runs == null || runs.isEmpty()) {
            if (problems.isEmpty()) {
                planned.add(new PlannedRun(DEFAULT_RUN, baseArgs, baseEnv, defaultLimit));
            }
        } else {
            Set<String> seen = new HashSet<>();
            int index = 0;
            for (RunConfiguration run : runs) {
                index++;
                String where = "run " + index + (run == null || run.getName() == null ? "" : " '" + run.getName() + "'");
                if (run == null || run.getName() == null || run.getName().isBlank()) {
                    problems.add(where + " has no <name>");
                    continue;
                }
                String name = run.getName().trim();
                try {
                    RunNames.validate(name);
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                    continue;
                }
                if (!seen.add(name)) {
                    problems.add(where + ": the name '" + name + "' is used by another run; run names must be unique");
                    continue;
                }
                Duration limit = run.getTimeLimit() == null ? defaultLimit
                        : parseLimit(run.getTimeLimit(), where + " <timeLimit>", problems);
                List<String> runArgs = run.getArgs() == null ? baseArgs
                        : run.getArgs().stream().filter(Objects::nonNull).toList();
                Map<String, String> env = new LinkedHashMap<>(baseEnv);
                env.putAll(withoutNulls(run.getEnvironmentVariables()));
                planned.add(new PlannedRun(name, runArgs, Map.copyOf(env), limit));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return List.copyOf(planned);
    }

    private static Duration parseLimit(String text, String what, List<String> problems) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(what + " " + e.getMessage());
            return null;
        }
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((key, value) -> {
                if (key != null && value != null) {
                    out.put(key, value);
                }
            });
        }
        return out;
    }
}
