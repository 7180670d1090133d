package org.tuskgrid.client.internal;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.ignite.IgniteBinary;
import org.apache.ignite.binary.BinaryObject;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;

/**
 * Names shared by the client and the servers for the analytics tables: caches, binary type names, columns,
 * and the key formats. Keys start with the sensor id and a {@code |} so that every table places a sensor's
 * rows in the same partition (the servers' affinity function reads the part before the first {@code |}).
 */
public final class AnalyticsSchema {
    private AnalyticsSchema() {
    }

    public static final String MEASUREMENTS = "MEASUREMENTS";
    public static final String SENSOR_STATS = "SENSOR_STATS";
    public static final String WINDOW_AGG = "WINDOW_AGG";
    public static final String ALERT_RULES = "ALERT_RULES";
    public static final String ALERTS = "ALERTS";
    /** Which measurements the statistics already include (no SQL table: bookkeeping for exactly-once processing). */
    public static final String PROCESSED = "ANALYTICS_PROCESSED";
    /**
     * Nodes refusing new measurements because their memory is nearly full: node id -> the reason, as people read it
     * (replicated, no SQL). Writers check it before each batch; Ignite halts a node whose data region is full.
     */
    public static final String INGEST_GATE = "INGEST_GATE";

    public static final String MEASUREMENT_TYPE = "org.tuskgrid.analytics.MeasurementRow";
    public static final String STATS_TYPE = "org.tuskgrid.analytics.SensorStatsRow";
    public static final String WINDOW_TYPE = "org.tuskgrid.analytics.WindowAggRow";
    public static final String RULE_TYPE = "org.tuskgrid.analytics.AlertRuleRow";
    public static final String ALERT_TYPE = "org.tuskgrid.analytics.AlertRow";

    public static final String ID = "ID";
    public static final String SENSOR_ID = "SENSOR_ID";
    public static final String TS = "TS";
    public static final String VALUE = "VALUE";
    public static final String TAGS = "TAGS";

    public static final String RULE_ID = "RULE_ID";
    public static final String SENSOR_PATTERN = "SENSOR_PATTERN";
    public static final String KIND = "KIND";
    public static final String THRESHOLD = "THRESHOLD";
    public static final String SEVERITY = "SEVERITY";
    public static final String COOLDOWN_MS = "COOLDOWN_MS";
    public static final String MESSAGE = "MESSAGE";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String RAISED_AT = "RAISED_AT";

    /** Key of a measurement: one row per sensor and millisecond, so a re-sent measurement replaces itself. */
    public static String measurementKey(String sensorId, long ts) {
        return sensorId + "|" + ts;
    }

    /**
     * A measurement row. Clients and servers build rows through here only, so a type has one field layout:
     * the servers register it at start, and a client's first concurrent batches never race to define it.
     */
    public static BinaryObject measurementRow(IgniteBinary binary, String sensorId, long ts, double value, String tags) {
        return binary.builder(MEASUREMENT_TYPE)
            .setField(ID, measurementKey(sensorId, ts))
            .setField(SENSOR_ID, sensorId)
            .setField(TS, ts)
            .setField(VALUE, value)
            .setField(TAGS, tags, String.class)
            .build();
    }

    /** The row of a measurement; tags as {@code k=v,...} sorted by key. */
    public static BinaryObject measurementRow(IgniteBinary binary, Measurement m) {
        String tags = m.tags().isEmpty() ? null : m.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(","));
        return measurementRow(binary, m.sensorId(), m.ts(), m.value(), tags);
    }

    /** A rule row (see {@link #measurementRow} on why one place). */
    public static BinaryObject ruleRow(IgniteBinary binary, AlertRule rule) {
        return binary.builder(RULE_TYPE)
            .setField(ID, rule.id())
            .setField(SENSOR_PATTERN, rule.sensorPattern())
            .setField(KIND, rule.kind().label())
            .setField(THRESHOLD, rule.threshold())
            .setField(SEVERITY, rule.severity().label())
            .setField(COOLDOWN_MS, rule.cooldown().toMillis())
            .build();
    }

    /**
     * A rule row ({@link #RULE_TYPE}) as the public type; throws IllegalArgumentException when it is not a valid rule. Its id
     * is the entry's key: a row loaded from the database (a node loads ALERT_RULES when it starts) or inserted with SQL has
     * no ID field in its value, as with any Ignite table whose key is a column.
     */
    public static AlertRule rule(String id, BinaryObject o) {
        return AlertRule.builder(id).sensors(o.field(SENSOR_PATTERN)).kind(RuleKind.parse(o.field(KIND)))
            .threshold(o.<Double>field(THRESHOLD)).severity(Severity.parse(o.field(SEVERITY)))
            .cooldown(Duration.ofMillis(o.<Long>field(COOLDOWN_MS))).build();
    }

    /** The sensor a key belongs to (keys without {@code |} are sensor ids themselves). */
    public static String sensorOf(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }
}
