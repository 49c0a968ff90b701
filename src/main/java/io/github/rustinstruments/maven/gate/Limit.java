package io.github.rustinstruments.maven.gate;

/**
 * One limit of a {@link Rule}, as configured in the pom (Maven fills it from XML):
 *
 * <pre>{@code
 * <limit>
 *   <metric>PEAK_HEAP</metric>
 *   <maximum>64MiB</maximum>             <!-- and/or -->
 *   <maximumIncrease>5%</maximumIncrease> <!-- against the baseline -->
 * </limit>
 * }</pre>
 *
 * The strings are validated by {@link GateRules#compile}; a limit with both bounds is two checks.
 */
public class Limit {
    private String metric;
    private String maximum;
    private String maximumIncrease;

    public Limit() {}

    public Limit(String metric, String maximum, String maximumIncrease) {
        this.metric = metric;
        this.maximum = maximum;
        this.maximumIncrease = maximumIncrease;
    }

    /** A limit with only a {@code <maximum>}. */
    public static Limit maximum(String metric, String maximum) {
        return new Limit(metric, maximum, null);
    }

    /** A limit with only a {@code <maximumIncrease>}. */
    public static Limit maximumIncrease(String metric, String maximumIncrease) {
        return new Limit(metric, null, maximumIncrease);
    }

    /** One of {@link Metric}'s names, e.g. {@code PEAK_HEAP}. */
    public String getMetric() {
        return metric;
    }

    public void setMetric(String metric) {
        this.metric = metric;
    }

    /** The highest allowed value: {@code 0}, {@code 250000}, {@code 64MiB}, {@code 1.5GiB}; see {@link Quantity}. */
    public String getMaximum() {
        return maximum;
    }

    public void setMaximum(String maximum) {
        this.maximum = maximum;
    }

    /** The highest allowed increase over the baseline, a percentage: {@code 5%}, {@code +12.5%}, {@code 0%}. */
    public String getMaximumIncrease() {
        return maximumIncrease;
    }

    public void setMaximumIncrease(String maximumIncrease) {
        this.maximumIncrease = maximumIncrease;
    }

    @Override
    public String toString() {
        return "Limit{metric=" + metric + ", maximum=" + maximum + ", maximumIncrease=" + maximumIncrease + "}";
    }
}
