package org.tuskgrid.analytics;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import java.util.LinkedHashMap;
import java.util.List;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.cache.QueryIndex;
import org.apache.ignite.cache.QueryIndexType;
import org.apache.ignite.configuration.CacheConfiguration;
import org.tuskgrid.node.SqlTables;

/** The analytics tables as cache configurations (the TuskGrid table convention: one cache per table, PUBLIC schema). */
final class AnalyticsTables {
    private AnalyticsTables() {
    }

    static final String LATE_DROPPED = "LATE_DROPPED";
    static final String UPDATED_AT = "UPDATED_AT";

    static List<CacheConfiguration<?, ?>> all() {
        return List.of(measurements(), sensorStats(), windowAgg(), alertRules(), alerts(), processed(), ingestGate());
    }

    /** Raw measurements: atomic (ingest at full speed); the statistics are made exactly-once through {@link #processed()}. */
    static CacheConfiguration<?, ?> measurements() {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(ID, String.class.getName());
        f.put(SENSOR_ID, String.class.getName());
        f.put(TS, Long.class.getName());
        f.put(VALUE, Double.class.getName());
        f.put(TAGS, String.class.getName());
        return table(MEASUREMENTS, MEASUREMENT_TYPE, ID, f, CacheAtomicityMode.ATOMIC,
            index(MEASUREMENTS, SENSOR_ID, TS), index(MEASUREMENTS, TS));
    }

    static CacheConfiguration<?, ?> sensorStats() {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(SENSOR_ID, String.class.getName());
        f.put("COUNT", Long.class.getName());
        for (String c : List.of("MEAN", "STDDEV", "MIN", "MAX", "LAST_VALUE")) {
            f.put(c, Double.class.getName());
        }
        f.put("LAST_TS", Long.class.getName());
        for (String c : List.of("EWMA", "SMA", "ZSCORE", "TREND", "FORECAST")) {
            f.put(c, Double.class.getName());
        }
        f.put(LATE_DROPPED, Long.class.getName());
        f.put(UPDATED_AT, Long.class.getName());
        return table(SENSOR_STATS, STATS_TYPE, SENSOR_ID, f, CacheAtomicityMode.TRANSACTIONAL);
    }

    static CacheConfiguration<?, ?> windowAgg() {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(ID, String.class.getName());
        f.put(SENSOR_ID, String.class.getName());
        f.put("WINDOW_START", Long.class.getName());
        f.put("WINDOW_SIZE_MS", Long.class.getName());
        f.put("COUNT", Long.class.getName());
        for (String c : List.of("SUM", "MIN", "MAX", "AVG")) {
            f.put(c, Double.class.getName());
        }
        return table(WINDOW_AGG, WINDOW_TYPE, ID, f, CacheAtomicityMode.TRANSACTIONAL,
            index(WINDOW_AGG, SENSOR_ID, "WINDOW_SIZE_MS", "WINDOW_START"), index(WINDOW_AGG, "WINDOW_START"));
    }

    static CacheConfiguration<?, ?> alertRules() {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(ID, String.class.getName());
        f.put(SENSOR_PATTERN, String.class.getName());
        f.put(KIND, String.class.getName());
        f.put(THRESHOLD, Double.class.getName());
        f.put(SEVERITY, String.class.getName());
        f.put(COOLDOWN_MS, Long.class.getName());
        CacheConfiguration<?, ?> c = table(ALERT_RULES, RULE_TYPE, ID, f, CacheAtomicityMode.ATOMIC);
        // Every node evaluates every rule: a copy on each.
        return c.setCacheMode(CacheMode.REPLICATED).setAffinity(SqlTables.smallTableAffinity());
    }

    static CacheConfiguration<?, ?> alerts() {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(ID, String.class.getName());
        f.put(RULE_ID, String.class.getName());
        f.put(SENSOR_ID, String.class.getName());
        f.put(SEVERITY, String.class.getName());
        f.put(TS, Long.class.getName());
        f.put(VALUE, Double.class.getName());
        f.put(MESSAGE, String.class.getName());
        f.put(ACKNOWLEDGED, Boolean.class.getName());
        f.put(RAISED_AT, Long.class.getName());
        return table(ALERTS, ALERT_TYPE, ID, f, CacheAtomicityMode.TRANSACTIONAL,
            index(ALERTS, SEVERITY, TS), index(ALERTS, SENSOR_ID, TS), index(ALERTS, RAISED_AT));
    }

    /** Measurement key -> its event time, for each measurement the statistics include. No SQL: internal bookkeeping. */
    static CacheConfiguration<String, Long> processed() {
        return new CacheConfiguration<String, Long>(PROCESSED).setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
            .setBackups(1).setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC).setAffinity(new SensorAffinity());
    }

    /** {@code INGEST_GATE}: a few entries at most, read by every writer, so a copy on every node. */
    static CacheConfiguration<String, String> ingestGate() {
        return new CacheConfiguration<String, String>(INGEST_GATE).setCacheMode(CacheMode.REPLICATED).setAffinity(SqlTables.smallTableAffinity())
            .setAtomicityMode(CacheAtomicityMode.ATOMIC).setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    private static QueryIndex index(String table, String... columns) {
        LinkedHashMap<String, Boolean> fields = new LinkedHashMap<>();
        for (String c : columns) {
            fields.put(c, true);
        }
        return new QueryIndex(fields, QueryIndexType.SORTED).setName(table + "_" + String.join("_", columns) + "_IDX")
            .setInlineSize(SqlTables.INDEX_INLINE_SIZE);
    }

    private static CacheConfiguration<?, ?> table(String name, String valueType, String keyField, LinkedHashMap<String, String> fields,
                                                  CacheAtomicityMode atomicity, QueryIndex... indexes) {
        QueryEntity e = SqlTables.entity(String.class.getName(), valueType).setTableName(name).setKeyFieldName(keyField)
            .setFields(fields).setIndexes(List.of(indexes));
        return new CacheConfiguration<>(name).setSqlSchema("PUBLIC").setQueryEntities(List.of(e)).setAtomicityMode(atomicity)
            .setBackups(1).setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC).setAffinity(new SensorAffinity())
            .setSqlIndexMaxInlineSize(SqlTables.INDEX_INLINE_SIZE);
    }
}
