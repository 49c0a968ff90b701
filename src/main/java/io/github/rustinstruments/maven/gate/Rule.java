package io.github.rustinstruments.maven.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule of the gate, as configured in the pom (Maven fills it from XML):
 *
 * <pre>{@code
 * <rule>
 *   <runs><run>parse-*</run></runs>   <!-- wildcards * and ?; default: every run -->
 *   <tests><test>*CodecTest*</test></tests>  <!-- optional: check each matching test, not the run -->
 *   <limits>
 *     <limit><metric>PEAK_HEAP</metric><maximum>64MiB</maximum></limit>
 *   </limits>
 *   <level>WARN</level>                 <!-- default: ERROR -->
 * </rule>
 * }</pre>
 *
 * Validated by {@link GateRules#compile}.
 */
public class Rule {
    private List<String> runs = new ArrayList<>();
    private List<String> tests = new ArrayList<>();
    private List<Limit> limits = new ArrayList<>();
    private String level = Level.ERROR.name();

    public Rule() {}

    public Rule(List<String> runs, List<Limit> limits, String level) {
        this.runs = runs;
        this.limits = limits;
        this.level = level;
    }

    /** A rule whose limits apply to each matching test of the matched runs (JVM mode). */
    public Rule(List<String> runs, List<String> tests, List<Limit> limits, String level) {
        this(runs, limits, level);
        this.tests = tests;
    }

    /** Run name patterns ({@code *} any characters, {@code ?} one); empty means every run. */
    public List<String> getRuns() {
        return runs;
    }

    public void setRuns(List<String> runs) {
        this.runs = runs;
    }

    /**
     * Test name patterns ({@code *CodecTest*}, {@code com.example.CodecTest#decodes}; {@code *} any characters,
     * {@code ?} one). Empty (the default): the limits apply to the runs' totals. Otherwise they apply to each
     * matching test of the runs' per-test figures instead.
     */
    public List<String> getTests() {
        return tests;
    }

    public void setTests(List<String> tests) {
        this.tests = tests;
    }

    public List<Limit> getLimits() {
        return limits;
    }

    public void setLimits(List<Limit> limits) {
        this.limits = limits;
    }

    /** {@code ERROR} (the default) or {@code WARN}. */
    public String getLevel() {
        return level;
    }

    public void setLevel(String level) {
        this.level = level;
    }

    @Override
    public String toString() {
        return "Rule{runs=" + runs + (tests == null || tests.isEmpty() ? "" : ", tests=" + tests) + ", limits="
                + limits + ", level=" + level + "}";
    }
}
