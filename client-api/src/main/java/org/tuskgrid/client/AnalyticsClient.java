package org.tuskgrid.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Real-time analytics: ingestion of measurements and the alert rules evaluated on them. The servers keep
 * per-sensor statistics ({@code SENSOR_STATS}), tumbling windows ({@code WINDOW_AGG}) and alerts
 * ({@code ALERTS}) up to date as measurements arrive; read them with {@link TuskGridClient#sql}.
 */
public interface AnalyticsClient {
    /**
     * Stores a batch of measurements. Invalid ones (NaN or infinite value, missing sensor id, bad time) are
     * refused and listed in the result; the rest is stored. Large batches are split and sent in parallel;
     * when too many are in flight, this call blocks until one completes (back-pressure), so a fast producer
     * cannot outrun the cluster. A batch that fails on a node that goes away is retried on another one
     * (measurements are keyed by sensor and time, so a retry never counts twice). When a node's memory is
     * nearly full, the future fails with {@link IngestRefusedException} instead of letting the node run out
     * (parts of the batch sent before that may be stored; sending them again is harmless).
     */
    CompletableFuture<IngestResult> ingest(List<Measurement> batch);

    /** {@link #ingest} and wait. */
    default IngestResult ingestAndWait(List<Measurement> batch) {
        try {
            return ingest(batch).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof TuskGridException t ? t : new TuskGridException(String.valueOf(e.getCause().getMessage()), e);
        }
    }

    /** Adds or replaces a rule; it applies to measurements processed from now on. */
    void addRule(AlertRule rule);

    /** The rules, by id. */
    List<AlertRule> rules();

    /** Removes a rule; returns whether it existed. */
    boolean removeRule(String id);
}
