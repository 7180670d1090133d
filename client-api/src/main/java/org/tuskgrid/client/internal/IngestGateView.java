package org.tuskgrid.client.internal;

import static org.tuskgrid.client.internal.AnalyticsSchema.INGEST_GATE;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;

/**
 * The client's view of {@code INGEST_GATE} (nodes refusing measurements). A batch never waits for it: a look that
 * is older than {@link #MAX_AGE_NANOS} starts a new one in the background and answers what the last one saw.
 */
final class IngestGateView {
    private static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ClientCache<String, String> gate;
    private final AtomicBoolean looking = new AtomicBoolean();
    private volatile long lookedAt = System.nanoTime() - MAX_AGE_NANOS;
    private volatile String refusal;

    IngestGateView(IgniteClient ignite) {
        this.gate = ignite.cache(INGEST_GATE);
    }

    /** Why the cluster refuses measurements, as of at most about 100 ms ago, or null. */
    String refusal() {
        if (System.nanoTime() - lookedAt >= MAX_AGE_NANOS && looking.compareAndSet(false, true)) {
            look();
        }
        return refusal;
    }

    private void look() {
        gate.sizeAsync().toCompletableFuture().whenComplete((n, e) -> {
            try {
                // Servers without the gate, or none reachable right now: the write itself will say what is wrong.
                refusal = e != null || n == 0 ? null : first();
            } catch (RuntimeException ex) {
                refusal = null;
            } finally {
                lookedAt = System.nanoTime();
                looking.set(false);
            }
        });
    }

    private String first() {
        List<Cache.Entry<String, String>> all = gate.query(new ScanQuery<String, String>()).getAll();
        return all.isEmpty() ? null : all.get(0).getValue();
    }
}
