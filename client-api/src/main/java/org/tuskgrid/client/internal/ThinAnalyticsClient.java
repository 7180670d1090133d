package org.tuskgrid.client.internal;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.AnalyticsClient;
import org.tuskgrid.client.IngestResult;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.TuskGridException;

/** {@link AnalyticsClient} over the thin client: batched {@code putAll}s into {@code MEASUREMENTS}. */
final class ThinAnalyticsClient implements AnalyticsClient {
    /** Rows per putAll: large enough to amortise the round trip, small enough to spread over nodes. */
    static final int CHUNK = 1000;
    /** Chunks in flight per client; the next ingest call waits for a free slot. */
    static final int IN_FLIGHT = 8;
    private static final int ATTEMPTS = 12;

    private final IgniteClient ignite;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);

    ThinAnalyticsClient(IgniteClient ignite) {
        this.ignite = ignite;
    }

    @Override
    public CompletableFuture<IngestResult> ingest(List<Measurement> batch) {
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Measurement m = batch.get(i);
            String problem = m == null ? "null measurement" : m.problem();
            if (problem != null) {
                rejected.add(new IngestResult.Rejection(i, problem));
                continue;
            }
            rows.put(measurementKey(m.sensorId(), m.ts()), row(m));
        }
        ClientCache<String, BinaryObject> cache = ignite.cache(MEASUREMENTS).withKeepBinary();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        Map<String, BinaryObject> chunk = new LinkedHashMap<>();
        for (Map.Entry<String, BinaryObject> e : rows.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == CHUNK) {
                sent.add(send(cache, chunk));
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            sent.add(send(cache, chunk));
        }
        long accepted = batch.size() - rejected.size();
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> new IngestResult(accepted, rejected));
    }

    private BinaryObject row(Measurement m) {
        return ignite.binary().builder(MEASUREMENT_TYPE)
            .setField(ID, measurementKey(m.sensorId(), m.ts()))
            .setField(SENSOR_ID, m.sensorId())
            .setField(TS, m.ts())
            .setField(VALUE, m.value())
            .setField(TAGS, m.tags().isEmpty() ? null : m.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(",")), String.class)
            .build();
    }

    /** Sends one chunk once a slot is free, retrying on another node when the one it went to fails. */
    private CompletableFuture<Void> send(ClientCache<String, BinaryObject> cache, Map<String, BinaryObject> chunk) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted while waiting to send measurements");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(cache, chunk, 1, done);
        return done.whenComplete((v, e) -> slots.release());
    }

    private void attempt(ClientCache<String, BinaryObject> cache, Map<String, BinaryObject> chunk, int n, CompletableFuture<Void> done) {
        CompletableFuture<Void> f;
        try {
            f = cache.putAllAsync(chunk).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
            } else if (n >= ATTEMPTS) {
                done.completeExceptionally(new TuskGridException("storing " + chunk.size() + " measurements failed after " + n
                    + " attempts: " + ThinTuskGridClient.serverMessage(e), e));
            } else {
                // The node may be leaving: give the client a moment to notice and pick another.
                CompletableFuture.delayedExecutor(Math.min(1000, 100L * n), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> attempt(cache, chunk, n + 1, done));
            }
        });
    }

    @Override
    public void addRule(AlertRule rule) {
        BinaryObject row = ignite.binary().builder(RULE_TYPE)
            .setField(ID, rule.id())
            .setField(SENSOR_PATTERN, rule.sensorPattern())
            .setField(KIND, rule.kind().label())
            .setField(THRESHOLD, rule.threshold())
            .setField(SEVERITY, rule.severity().label())
            .setField(COOLDOWN_MS, rule.cooldown().toMillis())
            .build();
        ignite.cache(ALERT_RULES).withKeepBinary().put(rule.id(), row);
    }

    @Override
    public List<AlertRule> rules() {
        ClientCache<String, BinaryObject> cache = ignite.cache(ALERT_RULES).withKeepBinary();
        List<AlertRule> out = new ArrayList<>();
        cache.query(new ScanQuery<String, BinaryObject>()).forEach(e -> out.add(AnalyticsSchema.rule(e.getValue())));
        out.sort(Comparator.comparing(AlertRule::id));
        return out;
    }

    @Override
    public boolean removeRule(String id) {
        return ignite.cache(ALERT_RULES).remove(id);
    }
}
