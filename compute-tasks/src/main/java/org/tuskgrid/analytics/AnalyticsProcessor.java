package org.tuskgrid.analytics;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tuskgrid.client.RuleKind;

/**
 * The analytics of one server node. A local continuous query on {@code MEASUREMENTS} hands each new
 * measurement of a partition this node is primary for to a worker (its callback only enqueues: Ignite's
 * threads never wait on us); workers apply batches through {@link StatsUpdater}. Continuous-query
 * events of a node that dies die with it, so whenever this node becomes primary for a partition (at
 * start, after a failover, after rebalancing) it scans that partition for measurements not yet marked
 * as processed and applies them: the statistics catch up from the saved state, and the marks make the
 * overlap with the live events harmless.
 */
final class AnalyticsProcessor {
    private static final Logger LOG = LogManager.getLogger(AnalyticsProcessor.class);
    private static final int SCAN_CHUNK = 1000;
    /** Events waiting per worker before new ones are left to a rescan of their partition instead (bounded memory). */
    private static final int MAX_BACKLOG = 500_000;

    private final Ignite ignite;
    private final AnalyticsOptions options;
    private final Map<String, RuleCheck> rules = new ConcurrentHashMap<>();
    private final Set<Integer> dirty = ConcurrentHashMap.newKeySet();
    /**
     * Partitions gained a moment ago, to scan once more: updates the dead primary had sent just before it died
     * can still be applied here after the first scan, as backup updates that no continuous query reports.
     */
    private final Map<Integer, Long> rescanAt = new HashMap<>();
    private static final long RESCAN_AFTER_MS = 5_000;
    private final List<AnalyticsWorker> workers = new ArrayList<>();
    private final List<QueryCursor<?>> queries = new ArrayList<>();
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tuskgrid-analytics-maintenance");
        t.setDaemon(true);
        return t;
    });
    private final BitSet known = new BitSet();
    private StatsUpdater updater;
    private Affinity<String> affinity;
    private ClusterNode local;
    private long lastRetention;
    /** How often {@link #retention()} sweeps; 0 when both retentions are off. */
    private final long sweepEveryMs;
    private long lastSilenceCheck;

    AnalyticsProcessor(Ignite ignite, AnalyticsOptions options) {
        this.ignite = ignite;
        this.options = options;
        this.sweepEveryMs = Stream.of(options.retention(), options.alertRetention()).filter(Objects::nonNull)
            .mapToLong(d -> Math.min(60_000, Math.max(1_000, d.toMillis() / 4))).min().orElse(0);
    }

    void start() {
        affinity = ignite.affinity(MEASUREMENTS);
        local = ignite.cluster().localNode();
        updater = new StatsUpdater(ignite, options, rules::values);
        watchRules();
        for (int i = 0; i < options.workers(); i++) {
            AnalyticsWorker w = new AnalyticsWorker("tuskgrid-analytics-" + i, updater, dirty, affinity);
            workers.add(w);
            w.start();
        }
        ContinuousQuery<String, BinaryObject> q = new ContinuousQuery<>();
        q.setLocal(true);
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends BinaryObject> e : events) {
                if (e.getEventType() == EventType.CREATED || e.getEventType() == EventType.UPDATED) {
                    enqueue(e.getKey(), e.getValue());
                }
            }
        });
        queries.add(ignite.cache(MEASUREMENTS).withKeepBinary().query(q));
        maintenance.scheduleWithFixedDelay(this::maintain, 0, 250, TimeUnit.MILLISECONDS);
    }

    /**
     * A local continuous query is notified by the primary only. No second primary check here: around a
     * rebalance the affinity may already name the new primary while this node still applied the update
     * as primary, and the event would be dropped by both.
     */
    private void enqueue(String key, BinaryObject row) {
        int p = affinity.partition(key);
        AnalyticsWorker w = workerOf(p);
        if (w.backlog() >= MAX_BACKLOG) {
            dirty.add(p);
            return;
        }
        w.offer(new StatsUpdater.Event(key, row.field(SENSOR_ID), row.<Long>field(TS), row.<Double>field(VALUE)));
    }

    private AnalyticsWorker workerOf(int partition) {
        return workers.get(partition % workers.size());
    }

    /** Rules are few and read on every measurement: each node keeps them in memory, kept current by a continuous query. */
    private void watchRules() {
        ContinuousQuery<String, BinaryObject> q = new ContinuousQuery<>();
        q.setInitialQuery(new ScanQuery<>());
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends BinaryObject> e : events) {
                if (e.getEventType() == EventType.REMOVED || e.getEventType() == EventType.EXPIRED) {
                    rules.remove(e.getKey());
                } else {
                    putRule(e.getKey(), e.getValue());
                }
            }
        });
        QueryCursor<Cache.Entry<String, BinaryObject>> cur = ignite.cache(ALERT_RULES).<String, BinaryObject>withKeepBinary().query(q);
        for (Cache.Entry<String, BinaryObject> e : cur) {
            putRule(e.getKey(), e.getValue());
        }
        queries.add(cur);
    }

    private void putRule(String id, BinaryObject row) {
        try {
            rules.put(id, RuleCheck.of(rule(id, row)));
        } catch (RuntimeException e) {
            rules.remove(id);
            LOG.warn("alert rule '{}' ignored: {}", id, e.getMessage());
        }
    }

    /** Every 250 ms: partitions to catch up on, no-data rules, retention. Never throws (that would end the schedule). */
    private void maintain() {
        try {
            BitSet primary = new BitSet();
            for (int p : affinity.primaryPartitions(local)) {
                primary.set(p);
            }
            BitSet gained = (BitSet) primary.clone();
            gained.andNot(known);
            known.clear();
            known.or(primary);
            long now = System.currentTimeMillis();
            for (int p = gained.nextSetBit(0); p >= 0; p = gained.nextSetBit(p + 1)) {
                dirty.add(p);
                rescanAt.put(p, now + RESCAN_AFTER_MS);
            }
            for (Iterator<Map.Entry<Integer, Long>> it = rescanAt.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, Long> due = it.next();
                if (due.getValue() <= now) {
                    dirty.add(due.getKey());
                    it.remove();
                }
            }
            for (Integer p : List.copyOf(dirty)) {
                if (primary.get(p)) {
                    catchUp(p);
                }
                // Only once it went through: a scan cut short (the partition map is still changing) is tried again.
                dirty.remove(p);
            }
            checkSilence();
            retention();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.warn("analytics maintenance failed, retrying: {}", e.toString());
            }
        }
    }

    /** Applies the measurements of partition {@code p} that the statistics do not include yet. */
    private void catchUp(int p) {
        IgniteCache<String, BinaryObject> measurements = ignite.cache(MEASUREMENTS).withKeepBinary();
        IgniteCache<String, Long> processed = ignite.cache(PROCESSED);
        AnalyticsWorker w = workerOf(p);
        List<StatsUpdater.Event> chunk = new ArrayList<>(SCAN_CHUNK);
        long found = 0;
        try (QueryCursor<Cache.Entry<String, BinaryObject>> cur = measurements.query(
                new ScanQuery<String, BinaryObject>().setPartition(p).setLocal(true))) {
            for (Cache.Entry<String, BinaryObject> e : cur) {
                BinaryObject row = e.getValue();
                chunk.add(new StatsUpdater.Event(e.getKey(), row.field(SENSOR_ID), row.<Long>field(TS), row.<Double>field(VALUE)));
                if (chunk.size() == SCAN_CHUNK) {
                    found += handOver(chunk, processed, w);
                    chunk = new ArrayList<>(SCAN_CHUNK);
                }
            }
        }
        found += handOver(chunk, processed, w);
        if (found > 0) {
            LOG.info("analytics: partition {} had {} measurement(s) not yet in the statistics; applying them", p, found);
        }
    }

    private static long handOver(List<StatsUpdater.Event> chunk, IgniteCache<String, Long> processed, AnalyticsWorker w) {
        if (chunk.isEmpty()) {
            return 0;
        }
        Map<String, Long> done = processed.getAll(new java.util.HashSet<>(chunk.stream().map(StatsUpdater.Event::key).toList()));
        long n = 0;
        for (StatsUpdater.Event e : chunk) {
            if (!done.containsKey(e.key())) {
                w.awaitRoom(MAX_BACKLOG / 2);
                w.offer(e);
                n++;
            }
        }
        return n;
    }

    private void checkSilence() {
        long now = System.currentTimeMillis();
        if (now - lastSilenceCheck < 1000) {
            return;
        }
        lastSilenceCheck = now;
        List<RuleCheck> noData = rules.values().stream().filter(r -> r.rule().kind() == RuleKind.NO_DATA).toList();
        if (noData.isEmpty()) {
            return;
        }
        List<String> sensors = new ArrayList<>();
        for (Cache.Entry<String, BinaryObject> e : ignite.cache(SENSOR_STATS).<String, BinaryObject>withKeepBinary()
                .localEntries(CachePeekMode.PRIMARY)) {
            sensors.add(e.getKey());
        }
        updater.checkSilence(sensors, noData, now);
    }

    /**
     * The oldest server node deletes measurements and ended windows past their retention, and alerts past theirs (SQL spreads
     * the work), once a minute: plenty for retentions of hours or days. A shorter one (a demo, a test) is swept at a
     * quarter of its length.
     */
    private void retention() {
        long now = System.currentTimeMillis();
        if (sweepEveryMs == 0 || now - lastRetention < sweepEveryMs) {
            return;
        }
        lastRetention = now;
        if (!ignite.cluster().forServers().forOldest().node().isLocal()) {
            return;
        }
        if (options.retention() != null) {
            long cutoff = now - options.retention().toMillis();
            ignite.cache(MEASUREMENTS).query(new SqlFieldsQuery("DELETE FROM MEASUREMENTS WHERE TS < ?").setArgs(cutoff)).getAll();
            // A window goes once its end is past the retention; the first bound lets the WINDOW_START index find it.
            ignite.cache(WINDOW_AGG).query(new SqlFieldsQuery("DELETE FROM WINDOW_AGG WHERE WINDOW_START < ? AND WINDOW_START + WINDOW_SIZE_MS < ?")
                .setArgs(cutoff, cutoff)).getAll();
            ignite.compute(ignite.cluster().forServers()).broadcast(new DropOldMarks(cutoff));
        }
        if (options.alertRetention() != null) {
            long cutoff = now - options.alertRetention().toMillis();
            ignite.cache(ALERTS).query(new SqlFieldsQuery("DELETE FROM ALERTS WHERE RAISED_AT < ?").setArgs(cutoff)).getAll();
        }
    }

    void stop() {
        maintenance.shutdownNow();
        for (QueryCursor<?> q : queries) {
            try {
                q.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a continuous query: {}", e.toString());
            }
        }
        workers.forEach(AnalyticsWorker::shutdown);
    }

    /** Removes this node's processed-marks older than the cutoff (their measurements are gone). */
    static final class DropOldMarks implements org.apache.ignite.lang.IgniteRunnable {
        private static final long serialVersionUID = 1L;
        private final long cutoff;
        @org.apache.ignite.resources.IgniteInstanceResource
        private transient Ignite ignite;

        DropOldMarks(long cutoff) {
            this.cutoff = cutoff;
        }

        @Override
        public void run() {
            IgniteCache<String, Long> processed = ignite.cache(PROCESSED);
            java.util.Set<String> old = new java.util.HashSet<>();
            for (Cache.Entry<String, Long> e : processed.localEntries(CachePeekMode.PRIMARY)) {
                if (e.getValue() < cutoff) {
                    old.add(e.getKey());
                    if (old.size() == SCAN_CHUNK) {
                        processed.removeAll(old);
                        old.clear();
                    }
                }
            }
            processed.removeAll(old);
        }
    }
}
