package org.tuskgrid.client.internal;

import static org.tuskgrid.client.internal.AnalyticsSchema.INGEST_GATE;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;

/**
 * The client's view of {@code INGEST_GATE} (nodes refusing measurements). Only a client's first batches wait for it
 * (until the first look, the client knows nothing of the gate); after that, a look older than {@link #MAX_AGE_NANOS}
 * starts a new one in the background, and the batch goes by what the last one saw.
 */
final class IngestGateView {
    private static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ClientCache<String, String> gate;
    private final AtomicBoolean looking = new AtomicBoolean();
    private volatile CompletableFuture<Void> firstLook;
    private volatile long lookedAt;
    private volatile String refusal;

    IngestGateView(IgniteClient ignite) {
        this.gate = ignite.cache(INGEST_GATE);
    }

    /** Why the cluster refuses measurements, as of at most about 100 ms ago, or null. */
    String refusal() {
        CompletableFuture<Void> first = firstLook;
        if (first == null) {
            synchronized (this) {
                if (firstLook == null && looking.compareAndSet(false, true)) {
                    firstLook = look();
                }
                first = firstLook;
            }
        }
        first.join();
        if (System.nanoTime() - lookedAt >= MAX_AGE_NANOS && looking.compareAndSet(false, true)) {
            look();
        }
        return refusal;
    }

    private CompletableFuture<Void> look() {
        return gate.sizeAsync().toCompletableFuture().handle((n, e) -> {
            try {
                // Servers without the gate, or none reachable right now: the write itself will say what is wrong.
                refusal = e != null || n == 0 ? null : first();
            } catch (RuntimeException ex) {
                refusal = null;
            } finally {
                lookedAt = System.nanoTime();
                looking.set(false);
            }
            return null;
        });
    }

    private String first() {
        List<Cache.Entry<String, String>> all = gate.query(new ScanQuery<String, String>()).getAll();
        return all.isEmpty() ? null : all.get(0).getValue();
    }
}
