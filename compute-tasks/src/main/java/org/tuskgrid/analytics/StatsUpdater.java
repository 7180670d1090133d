package org.tuskgrid.analytics;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Applies measurements to the statistics, windows and alerts of their sensors, exactly once: in one
 * pessimistic transaction per batch it locks the sensors' state rows, skips the measurements already
 * marked in {@code ANALYTICS_PROCESSED}, and writes the new state, window rows, alerts and the marks
 * together. A measurement delivered twice (a re-sent batch, a rescan after a failover racing the
 * continuous query) finds its mark and changes nothing; a transaction cut by a node failure commits or
 * rolls back as a whole. All keys of a sensor live in one partition, so the transaction stays on its
 * primary node (plus the backup).
 */
final class StatsUpdater {
    /** One measurement to apply. */
    record Event(String key, String sensorId, long ts, double value) {
    }

    private static final long TX_TIMEOUT_MS = 10_000;

    private final Ignite ignite;
    private final IgniteCache<String, BinaryObject> stats;
    private final IgniteCache<String, BinaryObject> windowAgg;
    private final IgniteCache<String, BinaryObject> alerts;
    private final IgniteCache<String, Long> processed;
    private final Rows rows;
    private final Windows windows;
    private final double alpha;
    private final Supplier<Collection<RuleCheck>> rules;

    StatsUpdater(Ignite ignite, AnalyticsOptions options, Supplier<Collection<RuleCheck>> rules) {
        this.ignite = ignite;
        this.stats = ignite.cache(SENSOR_STATS).withKeepBinary();
        this.windowAgg = ignite.cache(WINDOW_AGG).withKeepBinary();
        this.alerts = ignite.cache(ALERTS).withKeepBinary();
        this.processed = ignite.cache(PROCESSED);
        this.rows = new Rows(ignite.binary(), options.recent());
        this.windows = new Windows(options.windows(), options.grace());
        this.alpha = options.ewmaAlpha();
        this.rules = rules;
    }

    /** Applies the batch; returns how many measurements were new. */
    int apply(List<Event> events) {
        Map<String, List<Event>> bySensor = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>();
        for (Event e : events) {
            bySensor.computeIfAbsent(e.sensorId(), s -> new ArrayList<>()).add(e);
            keys.add(e.key());
        }
        Collection<RuleCheck> checks = rules.get();
        long now = System.currentTimeMillis();
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC, TransactionIsolation.REPEATABLE_READ,
                TX_TIMEOUT_MS, 0)) {
            Map<String, BinaryObject> old = stats.getAll(new TreeSet<>(bySensor.keySet()));
            Map<String, Long> done = processed.getAll(keys);
            Map<String, Long> marks = new TreeMap<>();
            Map<String, BinaryObject> newStats = new TreeMap<>();
            Map<String, Rows.WindowDelta> deltas = new TreeMap<>();
            Map<String, Windows.Window> windowOf = new LinkedHashMap<>();
            Map<String, String> sensorOfWindow = new LinkedHashMap<>();
            Map<String, BinaryObject> newAlerts = new TreeMap<>();
            for (Map.Entry<String, List<Event>> s : bySensor.entrySet()) {
                String sensor = s.getKey();
                SensorState state = rows.state(sensor, old.get(sensor));
                boolean changed = false;
                for (Event e : s.getValue()) {
                    if (done.containsKey(e.key()) || marks.containsKey(e.key())) {
                        continue;
                    }
                    marks.put(e.key(), e.ts());
                    List<Windows.Window> ws = windows.of(e.ts(), state.watermark());
                    if (ws.size() < windows.sizes().length) {
                        state.droppedLate();
                    }
                    for (Windows.Window w : ws) {
                        String id = w.key(sensor);
                        deltas.computeIfAbsent(id, k -> new Rows.WindowDelta()).add(e.value());
                        windowOf.put(id, w);
                        sensorOfWindow.put(id, sensor);
                    }
                    state.add(e.ts(), e.value(), alpha);
                    for (RuleCheck r : checks) {
                        String msg = r.fires(state, e.ts(), e.value());
                        if (msg != null) {
                            String id = Rows.alertId(sensor, e.ts(), r.rule().id());
                            newAlerts.put(id, rows.alert(id, r.rule(), sensor, e.ts(), e.value(), msg, now));
                            state.fired(r.rule().id(), e.ts());
                        }
                    }
                    changed = true;
                }
                if (changed) {
                    newStats.put(sensor, rows.row(state, now));
                }
            }
            if (marks.isEmpty()) {
                return 0;
            }
            Map<String, BinaryObject> oldWindows = windowAgg.getAll(deltas.keySet());
            Map<String, BinaryObject> newWindows = new TreeMap<>();
            deltas.forEach((id, d) -> newWindows.put(id, rows.window(oldWindows.get(id), id, sensorOfWindow.get(id), windowOf.get(id), d)));
            stats.putAll(newStats);
            windowAgg.putAll(newWindows);
            if (!newAlerts.isEmpty()) {
                alerts.putAll(newAlerts);
            }
            processed.putAll(marks);
            tx.commit();
            return marks.size();
        }
    }

    /** Raises the no-data alerts due at {@code now} for these sensors (each in its own short transaction). */
    int checkSilence(Collection<String> sensors, Collection<RuleCheck> noDataRules, long now) {
        int raised = 0;
        for (String sensor : sensors) {
            try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC, TransactionIsolation.REPEATABLE_READ,
                    TX_TIMEOUT_MS, 0)) {
                BinaryObject row = stats.get(sensor);
                if (row == null) {
                    continue;
                }
                SensorState state = rows.state(sensor, row);
                Map<String, BinaryObject> newAlerts = new TreeMap<>();
                for (RuleCheck r : noDataRules) {
                    String msg = r.silence(state, now);
                    if (msg != null) {
                        String id = Rows.alertId(sensor, now, r.rule().id());
                        newAlerts.put(id, rows.alert(id, r.rule(), sensor, now, (now - state.lastTs()) / 1000.0, msg, now));
                        state.fired(r.rule().id(), now);
                    }
                }
                if (!newAlerts.isEmpty()) {
                    alerts.putAll(newAlerts);
                    stats.put(sensor, rows.row(state, now));
                    tx.commit();
                    raised += newAlerts.size();
                }
            }
        }
        return raised;
    }
}
