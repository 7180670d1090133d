package org.tuskgrid.client.internal;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.AnalyticsClient;
import org.tuskgrid.client.IngestRefusedException;
import org.tuskgrid.client.IngestResult;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.TuskGridException;

/** {@link AnalyticsClient} over the thin client: batched {@code putAll}s into {@code MEASUREMENTS}. */
final class ThinAnalyticsClient implements AnalyticsClient {
    /** Rows per putAll: large enough to amortise the round trip, small enough to spread over nodes. */
    static final int CHUNK = 1000;
    /** Chunks in flight per client; the next ingest call waits for a free slot. */
    static final int IN_FLIGHT = 8;
    /** How long a chunk is retried while nodes come and go (a failover takes a few seconds). */
    private static final long RETRY_FOR_MS = 60_000;
    /**
     * One try's limit. The thin client puts no timeout on async calls, and once, in AnalyticsFailoverIT, a put in flight
     * when a node was killed never completed: the ingest waited for its slot for good. A put tried again is idempotent.
     */
    private static final long ATTEMPT_MS = 30_000;

    private final IgniteClient ignite;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final IngestGateView gate;

    ThinAnalyticsClient(IgniteClient ignite) {
        this.ignite = ignite;
        this.gate = new IngestGateView(ignite);
    }

    @Override
    public CompletableFuture<IngestResult> ingest(List<Measurement> batch) {
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        List<Measurement> valid = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Measurement m = batch.get(i);
            String problem = m == null ? "null measurement" : m.problem();
            if (problem != null) {
                rejected.add(new IngestResult.Rejection(i, problem));
            } else {
                valid.add(m);
            }
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int from = 0; from < valid.size(); from += CHUNK) {
            sent.add(send(valid.subList(from, Math.min(valid.size(), from + CHUNK))));
        }
        long accepted = valid.size();
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> new IngestResult(accepted, rejected));
    }

    private Map<String, BinaryObject> rows(List<Measurement> chunk) {
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        for (Measurement m : chunk) {
            rows.put(measurementKey(m.sensorId(), m.ts()), measurementRow(ignite.binary(), m));
        }
        return rows;
    }

    /** Sends one chunk once a slot is free, retrying on another node when the one it went to fails. */
    private CompletableFuture<Void> send(List<Measurement> chunk) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted while waiting to send measurements");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(chunk, 1, System.currentTimeMillis() + RETRY_FOR_MS, done);
        return done.whenComplete((v, e) -> slots.release());
    }

    /** One try; building the rows is part of it (defining the row type needs a node too). */
    private void attempt(List<Measurement> chunk, int n, long deadline, CompletableFuture<Void> done) {
        String refusal = gate.refusal();
        if (refusal != null) {
            done.completeExceptionally(new IngestRefusedException("measurements refused: " + refusal));
            return;
        }
        CompletableFuture<Void> f;
        try {
            ClientCache<String, BinaryObject> cache = ignite.cache(MEASUREMENTS).withKeepBinary();
            f = cache.putAllAsync(rows(chunk)).toCompletableFuture().orTimeout(ATTEMPT_MS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            moveOffDeadNode();
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
            } else if (System.currentTimeMillis() > deadline) {
                done.completeExceptionally(new TuskGridException("storing " + chunk.size() + " measurements failed after " + n
                    + " attempts: " + ThinTuskGridClient.serverMessage(e), e));
            } else {
                // The node may be leaving: give the client a moment to notice and pick another.
                CompletableFuture.delayedExecutor(Math.min(1000, 100L * n), TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(chunk, n + 1, deadline, done));
            }
        });
    }

    /**
     * Building a row may ask the node behind the client's default connection for the row type, and that request
     * does not fail over: when that node is dead it fails every time. An ordinary request does fail over and
     * moves the default connection to a live node.
     */
    private void moveOffDeadNode() {
        try {
            ignite.cacheNames();
        } catch (RuntimeException e) {
            // No node answers right now; the next attempt tries again.
        }
    }

    @Override
    public void addRule(AlertRule rule) {
        BinaryObject row = ruleRow(ignite.binary(), rule);
        ignite.cache(ALERT_RULES).withKeepBinary().put(rule.id(), row);
    }

    @Override
    public List<AlertRule> rules() {
        ClientCache<String, BinaryObject> cache = ignite.cache(ALERT_RULES).withKeepBinary();
        List<AlertRule> out = new ArrayList<>();
        cache.query(new ScanQuery<String, BinaryObject>()).forEach(e -> out.add(AnalyticsSchema.rule(e.getKey(), e.getValue())));
        out.sort(Comparator.comparing(AlertRule::id));
        return out;
    }

    @Override
    public boolean removeRule(String id) {
        return ignite.cache(ALERT_RULES).remove(id);
    }
}
