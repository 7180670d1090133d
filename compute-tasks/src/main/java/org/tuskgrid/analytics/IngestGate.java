package org.tuskgrid.analytics;

import static org.tuskgrid.client.internal.AnalyticsSchema.INGEST_GATE;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.cache.Cache;
import org.apache.ignite.DataRegionMetrics;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tuskgrid.node.NodeStatus;

/**
 * Keeps a node up when measurements arrive faster than anything removes them. Ignite treats a full in-memory data
 * region as a critical failure and halts the node, and it has no way to refuse a write before that. So this node
 * watches its region: above {@code tuskgrid.analytics.refuse.above} percent in use it enters its reason in
 * {@code INGEST_GATE}, where TuskGrid's writers (the client's ingest, the server-side bulk load) look before each
 * batch and fail it with that reason; 5 points lower it takes the entry out. One log line when refusing starts, one
 * when it ends. A writer that goes around TuskGrid (SQL {@code INSERT}, another client's {@code putAll}) is not held.
 */
final class IngestGate {
    private static final Logger LOG = LogManager.getLogger(IngestGate.class);
    private static final long TICK_MS = 100;
    /** Refusing ends this many points below where it started, so that a region near the mark does not flap. */
    static final int RESUME_POINTS = 5;
    static final String STATUS_KEY = NodeStatus.SECTION_PREFIX + "memory";
    /** A replicated entry is primary on one node and a backup on the others: each node reads its own copy, whichever it is. */
    private static final CachePeekMode[] EVERY_COPY = {CachePeekMode.PRIMARY, CachePeekMode.BACKUP};

    private final Ignite ignite;
    private final int refuseAbove;
    private final DataRegionConfiguration region;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tuskgrid-ingest-gate");
        t.setDaemon(true);
        return t;
    });
    private volatile long usedBytes;
    private volatile boolean refusing;

    IngestGate(Ignite ignite, int refuseAbove) {
        this.ignite = ignite;
        this.refuseAbove = refuseAbove;
        this.region = ignite.configuration().getDataStorageConfiguration().getDefaultDataRegionConfiguration();
    }

    void start() {
        ignite.cluster().nodeLocalMap().put(STATUS_KEY, (Supplier<Map<String, Object>>) this::status);
        // A persistent region pages out to disk instead of filling up.
        if (!region.isPersistenceEnabled()) {
            timer.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        timer.shutdownNow();
    }

    /** Whether a node should refuse measurements, given whether it does now: it starts at {@code refuseAbove}, ends {@link #RESUME_POINTS} lower. */
    static boolean refuse(boolean refusingNow, long used, long max, int refuseAbove) {
        return percent(used, max) >= (refusingNow ? refuseAbove - RESUME_POINTS : refuseAbove);
    }

    /** The reason any node refuses measurements now, or null; read from this node's copy of the (replicated) gate. */
    static String refusal(Ignite ignite) {
        IgniteCache<String, String> gate = ignite.cache(INGEST_GATE);
        if (gate == null || gate.localSize(EVERY_COPY) == 0) {
            return null;
        }
        for (Cache.Entry<String, String> e : gate.localEntries(EVERY_COPY)) {
            return e.getValue();
        }
        return null;
    }

    private Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("region", region.getName());
        out.put("usedBytes", usedBytes);
        out.put("maxBytes", region.getMaxSize());
        out.put("refusingIngest", refusing ? 1 : 0);
        return out;
    }

    private void tick() {
        try {
            DataRegionMetrics m = ignite.dataRegionMetrics(region.getName());
            if (m == null) {
                return;
            }
            usedBytes = m.getTotalUsedSize();
            boolean next = refuse(refusing, usedBytes, region.getMaxSize(), refuseAbove);
            IgniteCache<String, String> gate = ignite.cache(INGEST_GATE);
            String self = ignite.cluster().localNode().id().toString();
            if (next && !refusing) {
                String why = reason();
                gate.put(self, why);
                LOG.warn("refusing new measurements: {}", why);
            } else if (!next && refusing) {
                gate.remove(self);
                LOG.info("taking measurements again: data region '{}' is {} full", region.getName(), percentText(usedBytes));
            }
            refusing = next;
            forgetDepartedNodes(gate);
        } catch (RuntimeException e) {
            // Node stopping, or the gate cache not there yet: the next tick tries again.
            LOG.debug("ingest gate check failed: {}", e.toString());
        }
    }

    private String reason() {
        return String.format(Locale.ROOT, "node %s: data region '%s' is %s full (%d of %d MB); new measurements are refused until it "
                + "is below %d%%. Delete old measurements (tuskgrid.analytics.retention) or give the nodes more memory (tuskgrid.memory)",
            ignite.cluster().localNode().consistentId(), region.getName(), percentText(usedBytes), usedBytes >> 20, region.getMaxSize() >> 20,
            refuseAbove - RESUME_POINTS);
    }

    private static double percent(long used, long max) {
        return 100.0 * used / max;
    }

    private String percentText(long used) {
        return String.format(Locale.ROOT, "%.0f%%", percent(used, region.getMaxSize()));
    }

    /** A node that died while refusing cannot take its entry out; any node that sees one does it for it. */
    private void forgetDepartedNodes(IgniteCache<String, String> gate) {
        if (gate.localSize(EVERY_COPY) == 0) {
            return;
        }
        Set<String> live = ignite.cluster().nodes().stream().map(ClusterNode::id).map(UUID::toString).collect(Collectors.toSet());
        for (Cache.Entry<String, String> e : gate.localEntries(EVERY_COPY)) {
            if (!live.contains(e.getKey())) {
                gate.remove(e.getKey());
            }
        }
    }
}
