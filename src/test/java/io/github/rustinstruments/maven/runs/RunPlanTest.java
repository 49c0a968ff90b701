package io.github.rustinstruments.maven.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlanTest {

    private static RunConfiguration run(String name, String timeLimit, Map<String, String> env, String... args) {
        RunConfiguration run = new RunConfiguration();
        run.setName(name);
        run.setTimeLimit(timeLimit);
        run.setEnvironmentVariables(env);
        run.setArgs(args.length == 0 ? null : List.of(args));
        return run;
    }

    @Test
    void withoutRunsThereIsOneDefaultRunFromTheTopLevelParameters() {
        List<PlannedRun> plan = RunPlan.resolve(null, List.of("a", "b"), Map.of("K", "v"), "90s");

        assertEquals(List.of(new PlannedRun("default", List.of("a", "b"), Map.of("K", "v"), Duration.ofSeconds(90))),
                plan);
    }

    @Test
    void runsInheritWhatTheyLeaveOutAndAddEnvironmentVariables() {
        Map<String, String> top = new HashMap<>();
        top.put("SHARED", "1");
        top.put("IGNORED", null);
        List<PlannedRun> plan = RunPlan.resolve(List.of(run("parse-small", null, null, "small.json"),
                run("parse-big", "5m", Map.of("SIZE", "big"))), List.of("top.json"), top, "10m");

        assertEquals(2, plan.size());
        assertEquals(new PlannedRun("parse-small", List.of("small.json"), Map.of("SHARED", "1"),
                Duration.ofMinutes(10)), plan.get(0));
        assertEquals(new PlannedRun("parse-big", List.of("top.json"), Map.of("SHARED", "1", "SIZE", "big"),
                Duration.ofMinutes(5)), plan.get(1));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunPlan.resolve(
                Arrays.asList(run("ok", null, null), run("ok", null, null), run("../etc", null, null),
                        run(null, null, null), run("slow", "forever", null)), null, null, "10m"));

        String message = e.getMessage();
        assertTrue(message.contains("run 2 'ok': the name 'ok' is used by another run"), message);
        assertTrue(message.contains("run 3 '../etc': run name '../etc' is not usable as a directory name"), message);
        assertTrue(message.contains("run 4 has no <name>"), message);
        assertTrue(message.contains("run 5 'slow' <timeLimit> 'forever' is not a duration"), message);
    }

    @Test
    void aBadTopLevelTimeLimitIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunPlan.resolve(null, null, null, "10 minutes"));

        assertTrue(e.getMessage().startsWith("timeLimit '10 minutes' is not a duration"), e.getMessage());
    }
}
