package org.tuskgrid.client;

import java.util.Objects;

/** Which alerts a subscriber or a listing wants: at least a severity, optionally one rule, optionally sensors by glob. */
public final class AlertFilter {
    private static final AlertFilter ALL = new AlertFilter(Severity.INFO, null, null);

    private final Severity minSeverity;
    private final String ruleId;
    private final String sensorPattern;
    private final SensorPattern sensors;

    private AlertFilter(Severity minSeverity, String ruleId, String sensorPattern) {
        this.minSeverity = Objects.requireNonNull(minSeverity);
        this.ruleId = ruleId;
        this.sensorPattern = sensorPattern;
        this.sensors = sensorPattern == null ? null : SensorPattern.parse(sensorPattern);
    }

    /** Every alert. */
    public static AlertFilter all() {
        return ALL;
    }

    /** Alerts of this severity or a more serious one. */
    public static AlertFilter atLeast(Severity severity) {
        return new AlertFilter(severity, null, null);
    }

    /** This filter, also restricted to one rule. */
    public AlertFilter rule(String id) {
        return new AlertFilter(minSeverity, id, sensorPattern);
    }

    /** This filter, also restricted to sensors matching a glob. */
    public AlertFilter sensors(String glob) {
        return new AlertFilter(minSeverity, ruleId, glob);
    }

    public Severity minSeverity() {
        return minSeverity;
    }

    public boolean test(Alert a) {
        return a.severity().compareTo(minSeverity) >= 0 && (ruleId == null || ruleId.equals(a.ruleId()))
            && (sensors == null || sensors.matches(a.sensorId()));
    }
}
