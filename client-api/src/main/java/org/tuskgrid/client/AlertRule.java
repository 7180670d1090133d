package org.tuskgrid.client;

import java.time.Duration;
import java.util.Objects;

/**
 * A rule that raises {@link Alert}s: for sensors matching a {@link SensorPattern}, when the condition of its
 * {@link RuleKind} against its threshold holds. It fires at most once per sensor per cooldown (event time).
 *
 * <pre>{@code
 * AlertRule spike = AlertRule.builder("spike").sensors("*").kind(RuleKind.ZSCORE).threshold(6)
 *     .severity(Severity.CRITICAL).cooldown(Duration.ofSeconds(30)).build();
 * }</pre>
 */
public final class AlertRule {
    /** Cooldown when none is given. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

    private final String id;
    private final String sensorPattern;
    private final RuleKind kind;
    private final double threshold;
    private final Severity severity;
    private final Duration cooldown;

    private AlertRule(Builder b) {
        this.id = b.id;
        this.sensorPattern = b.sensorPattern;
        this.kind = b.kind;
        this.threshold = b.threshold;
        this.severity = b.severity;
        this.cooldown = b.cooldown;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    /** The glob of sensor ids the rule applies to. */
    public String sensorPattern() {
        return sensorPattern;
    }

    public RuleKind kind() {
        return kind;
    }

    public double threshold() {
        return threshold;
    }

    public Severity severity() {
        return severity;
    }

    public Duration cooldown() {
        return cooldown;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertRule r && r.id.equals(id) && r.sensorPattern.equals(sensorPattern) && r.kind == kind
            && Double.compare(r.threshold, threshold) == 0 && r.severity == severity && r.cooldown.equals(cooldown);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sensorPattern, kind, threshold, severity, cooldown);
    }

    @Override
    public String toString() {
        return id + ": " + kind.label() + " " + threshold + " on '" + sensorPattern + "' (" + severity.label() + ", cooldown "
            + cooldown.toMillis() + " ms)";
    }

    /** Builds a rule; {@link #build()} checks it. */
    public static final class Builder {
        private final String id;
        private String sensorPattern = "*";
        private RuleKind kind;
        private double threshold = Double.NaN;
        private Severity severity = Severity.WARNING;
        private Duration cooldown = DEFAULT_COOLDOWN;

        private Builder(String id) {
            this.id = id;
        }

        /** Sensor-id glob (default {@code *}). */
        public Builder sensors(String pattern) {
            this.sensorPattern = pattern;
            return this;
        }

        public Builder kind(RuleKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** @throws IllegalArgumentException with the reason when the rule is incomplete or its pattern is bad */
        public AlertRule build() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a rule needs an id");
            }
            if (kind == null) {
                throw new IllegalArgumentException("rule '" + id + "' needs a kind");
            }
            if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("rule '" + id + "' needs a finite threshold");
            }
            if (kind == RuleKind.NO_DATA && threshold <= 0) {
                throw new IllegalArgumentException("rule '" + id + "': a no-data threshold is seconds and must be positive");
            }
            if (severity == null) {
                throw new IllegalArgumentException("rule '" + id + "' needs a severity");
            }
            if (cooldown == null || cooldown.isNegative()) {
                throw new IllegalArgumentException("rule '" + id + "': cooldown must not be negative");
            }
            SensorPattern.parse(sensorPattern);
            return new AlertRule(this);
        }
    }
}
