package io.github.rustinstruments.maven.gate;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A validated limit: a metric with a maximum, a maximum increase over the baseline, or both (then two checks,
 * the maximum first).
 */
public final class CompiledLimit {
    private final Metric metric;
    private final Quantity.Amount maximum;
    private final BigDecimal maximumIncrease;

    private CompiledLimit(Metric metric, Quantity.Amount maximum, BigDecimal maximumIncrease) {
        this.metric = Objects.requireNonNull(metric, "metric");
        if (maximum == null && maximumIncrease == null) {
            throw new IllegalArgumentException("a limit needs a maximum or a maximum increase");
        }
        this.maximum = maximum;
        this.maximumIncrease = maximumIncrease;
    }

    /**
     * Parses the bounds as written in the pom; either may be {@code null}, not both.
     *
     * @throws IllegalArgumentException for a malformed bound, naming the accepted forms
     */
    public static CompiledLimit of(Metric metric, String maximum, String maximumIncrease) {
        return new CompiledLimit(metric, maximum == null ? null : Quantity.amount(maximum, metric.isBytes()),
                maximumIncrease == null ? null : Quantity.percent(maximumIncrease));
    }

    public Metric metric() {
        return metric;
    }

    /** The highest allowed value, in bytes or as a count; {@code null} when this limit has none. */
    public Long maximum() {
        return maximum == null ? null : maximum.value();
    }

    /** The highest allowed increase over the baseline in percent ({@code 5.0}); {@code null} when none. */
    public Double maximumIncrease() {
        return maximumIncrease == null ? null : maximumIncrease.doubleValue();
    }

    BigDecimal maximumIncreaseExact() {
        return maximumIncrease;
    }

    /** The maximum as messages show it: {@code 64 MiB}, {@code 250,000}, {@code 0 B}. */
    public String maximumText() {
        return maximum == null ? null : maximum.display();
    }

    /** The maximum increase as messages show it: {@code 5%}. */
    public String maximumIncreaseText() {
        return maximumIncrease == null ? null : Quantity.percentDisplay(maximumIncrease);
    }

    /** {@code maximum 64 MiB}; {@code null} when this limit has no maximum. */
    public String maximumDescription() {
        return maximum == null ? null : "maximum " + maximumText();
    }

    /** {@code maximum increase 5%}; {@code null} when this limit has no maximum increase. */
    public String maximumIncreaseDescription() {
        return maximumIncrease == null ? null : "maximum increase " + maximumIncreaseText();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CompiledLimit limit && limit.metric == metric
                && Objects.equals(limit.maximum, maximum)
                && (limit.maximumIncrease == null ? maximumIncrease == null
                        : maximumIncrease != null && limit.maximumIncrease.compareTo(maximumIncrease) == 0);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, maximum, maximumIncrease == null ? null : maximumIncrease.stripTrailingZeros());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(metric.name());
        if (maximum != null) {
            text.append(' ').append(maximumDescription());
        }
        if (maximumIncrease != null) {
            text.append(maximum != null ? ", " : " ").append(maximumIncreaseDescription());
        }
        return text.toString();
    }
}
