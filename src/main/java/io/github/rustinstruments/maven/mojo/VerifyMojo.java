package io.github.rustinstruments.maven.mojo;

import io.github.rustinstruments.maven.gate.Baseline;
import io.github.rustinstruments.maven.gate.Check;
import io.github.rustinstruments.maven.gate.CompiledRule;
import io.github.rustinstruments.maven.gate.Gate;
import io.github.rustinstruments.maven.gate.GateResult;
import io.github.rustinstruments.maven.gate.GateRules;
import io.github.rustinstruments.maven.gate.JUnitReport;
import io.github.rustinstruments.maven.gate.Level;
import io.github.rustinstruments.maven.gate.Rule;
import io.github.rustinstruments.maven.gate.GatedRuns;
import io.github.rustinstruments.maven.gate.SummarySet;
import io.github.rustinstruments.maven.gate.Switches;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The release gate: reads the summaries of the project's runs under the output directory (from this build or an
 * earlier one, from Linux or macOS), checks them against the rules and fails the build when a limit is exceeded.
 * The runs are those the project's configuration records and those recorded by the current build; summaries of
 * other runs are named as ignored. Every rule is evaluated and
 * every violation logged before the build fails once. Writes {@code <outputDirectory>/gate/TEST-rust-instruments.xml}
 * (JUnit XML, one test case per run and limit, and per test and limit for rules with {@code <tests>}) so CI servers
 * show the gate like tests.
 *
 * @since 0.1.0
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractGateMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.verify.skip", defaultValue = "false")
    private boolean skipVerify;

    /**
     * The limits to check, shaped like jacoco's {@code check} rules. Metrics: ALLOCATIONS, ALLOCATED_BYTES,
     * TEMPORARY_ALLOCATIONS, PEAK_HEAP, PEAK_RSS, LEAKED_BYTES, LEAKED_BLOCKS, DEFINITELY_LOST_BYTES,
     * DEFINITELY_LOST_BLOCKS, INDIRECTLY_LOST_BYTES, INDIRECTLY_LOST_BLOCKS, POSSIBLY_LOST_BYTES, POSSIBLY_LOST_BLOCKS,
     * STILL_REACHABLE_BYTES, STILL_REACHABLE_BLOCKS, MEMCHECK_ERRORS. {@code maximum} takes a number or bytes with
     * a unit ({@code B}, {@code KiB}, {@code MiB}, {@code GiB}); {@code maximumIncrease} a percentage against the
     * baseline. Without rules: no definitely lost bytes and no memcheck errors, wherever measured.
     * <pre>{@code
     * <rules>
     *   <rule>
     *     <runs><run>parse-*</run></runs>
     *     <limits>
     *       <limit><metric>DEFINITELY_LOST_BYTES</metric><maximum>0</maximum></limit>
     *       <limit><metric>PEAK_HEAP</metric><maximum>64MiB</maximum></limit>
     *       <limit><metric>PEAK_HEAP</metric><maximumIncrease>5%</maximumIncrease></limit>
     *     </limits>
     *     <level>ERROR</level>
     *   </rule>
     *   <rule>
     *     <runs><run>jvm</run></runs>
     *     <tests><test>*CodecTest*</test></tests>
     *     <limits>
     *       <limit><metric>LEAKED_BYTES</metric><maximum>0</maximum></limit>
     *       <limit><metric>ALLOCATIONS</metric><maximumIncrease>10%</maximumIncrease></limit>
     *     </limits>
     *   </rule>
     * </rules>
     * }</pre>
     *
     * A rule with {@code <tests>} (test names {@code <class>#<method>}, with the wildcards {@code *} and {@code ?})
     * applies its limits to each matching test of the runs' per-test figures (a JVM-mode run of
     * {@code jvm-allocations}) instead of the runs' totals: {@code run 'jvm', test 'com.example.CodecTest#leaks':
     * leaked bytes is 400.0 KiB, but expected maximum is 0 B}. Its metrics can only be ALLOCATIONS,
     * ALLOCATED_BYTES, PEAK_HEAP, LEAKED_BYTES and LEAKED_BLOCKS; a {@code maximumIncrease} compares with the
     * baseline's figures of the same run and test. A test pattern that matches no test of a run is a warning; a run
     * without per-test figures fails the rule as not measured per test, saying why. ({@code <tests>} since 0.2.0.)
     *
     * @since 0.1.0
     */
    @Parameter
    private List<Rule> rules;

    /**
     * Fail the build when an ERROR-level limit is exceeded; {@code false} only warns. Only {@code true} or
     * {@code false} (any case) is accepted: anything else fails the build rather than switching the gate off.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.haltOnFailure", defaultValue = "true")
    private String haltOnFailure;

    /**
     * Fail when there are no summaries to check at all. Only {@code true} or {@code false} (any case) is
     * accepted.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.failIfNoSummaries", defaultValue = "true")
    private String failIfNoSummaries;

    /**
     * Fail a {@code maximumIncrease} limit that has no baseline figure to compare with (no baseline file yet, or
     * a run that is not in it). By default such a limit is skipped with a warning that says to run
     * {@code mvn rust-instruments:baseline}, so that a project's first build passes; teams that commit a baseline
     * set this to {@code true}. Only {@code true} or {@code false} (any case) is accepted.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.requireBaseline", defaultValue = "false")
    private String requireBaseline;

    /**
     * Gate runs whose program did not end normally (a non-zero exit status, a signal, its time limit) on their
     * figures like any other. By default such a run fails the gate: its figures describe a failed run. Set it for
     * programs that are meant to exit non-zero. Only {@code true} or {@code false} (any case) is accepted.
     *
     * @since 0.2.0
     */
    @Parameter(property = "rust-instruments.allowFailedRuns", defaultValue = "false")
    private String allowFailedRuns;

    /**
     * The committed baseline that {@code maximumIncrease} limits compare against (written by the
     * {@code baseline} goal).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rust-instruments.baselineFile",
            defaultValue = "${project.basedir}/src/test/rust-instruments/baseline.json")
    private File baselineFile;

    /** A switch read strictly: a typo must not turn the gate off. */
    private static boolean strict(String parameter, String value, boolean defaultValue)
            throws MojoExecutionException {
        try {
            return Switches.parse(parameter, "rust-instruments." + parameter, value, defaultValue);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    @Override
    protected String goal() {
        return "verify";
    }

    @Override
    protected boolean isGoalSkipped() {
        return skipVerify;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        boolean halt = strict("haltOnFailure", haltOnFailure, true);
        boolean failIfNone = strict("failIfNoSummaries", failIfNoSummaries, true);
        boolean baselineRequired = strict("requireBaseline", requireBaseline, false);
        boolean failedRunsAllowed = strict("allowFailedRuns", allowFailedRuns, false);
        List<CompiledRule> compiled;
        try {
            compiled = GateRules.compileOrDefaults(rules);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        GatedRuns selection = selectSummaries();
        SummarySet summaries = selection.gated();
        if (summaries.isEmpty()) {
            String message = noSummaries(selection).replaceFirst("^no summaries", "no summaries to verify")
                    + ": run rust-instruments:allocations or rust-instruments:leaks first";
            if (failIfNone) {
                throw new MojoFailureException(message + " (or set <failIfNoSummaries>false</failIfNoSummaries>)");
            }
            getLog().warn(message);
            return;
        }
        Baseline baseline = null;
        if (GateRules.usesBaseline(compiled)) {
            try {
                Optional<Baseline> read = Baseline.read(baselineFile.toPath());
                baseline = read.orElse(null);
                if (baseline == null && baselineRequired) {
                    getLog().error("No baseline at " + baselineFile + ", and requireBaseline is true: run"
                            + " mvn rust-instruments:baseline and commit the file");
                } else if (baseline == null) {
                    getLog().warn("No baseline at " + baselineFile + " yet: maximumIncrease limits are skipped;"
                            + " run mvn rust-instruments:baseline and commit the file (requireBaseline=true makes"
                            + " this an error)");
                }
            } catch (IOException e) {
                throw new MojoExecutionException(e.getMessage(), e);
            }
        }

        GateResult result = Gate.evaluate(compiled, summaries, baseline, baselineRequired, failedRunsAllowed);
        Path junit = output().resolve("gate/TEST-rust-instruments.xml");
        try {
            JUnitReport.write(result, junit);
        } catch (IOException e) {
            throw new MojoExecutionException("could not write " + junit + ": " + e.getMessage(), e);
        }
        getLog().info("Memory gate over " + summaries.runs().size() + " run(s): " + String.join(", ",
                summaries.runs()));
        result.table().forEach(getLog()::info);
        for (Check check : result.skipped()) {
            if (check.awaitsBaseline()) {
                getLog().warn(check.message());
            } else {
                getLog().info(check.message());
            }
        }
        for (Check check : result.failures(Level.WARN)) {
            getLog().warn(check.message());
        }
        List<Check> errors = result.failures(Level.ERROR);
        for (Check check : errors) {
            if (halt) {
                getLog().error(check.message());
            } else {
                getLog().warn(check.message());
            }
        }
        getLog().info(result.summaryLine() + "; JUnit report: " + junit);
        if (errors.isEmpty()) {
            getLog().info("All memory limits are met.");
            return;
        }
        String failure = errors.size() == 1 ? errors.get(0).message()
                : errors.size() + " memory limits exceeded:\n  " + String.join("\n  ",
                        errors.stream().map(Check::message).toList());
        if (halt) {
            throw new MojoFailureException(failure);
        }
        getLog().warn("haltOnFailure is false, so the build goes on despite: " + failure);
    }
}
