package org.tuskgrid.jobs.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes {@code JOBS} rows off the hot path: updates are merged per row in memory and written in
 * batches every {@value #FLUSH_MS} ms (one {@code invokeAll} instead of a round trip per change).
 * What must be durable before a caller is answered (a detached submission, its outcome, a claim)
 * is written at once with {@link #writeNow}. Finished rows expire after the retention period.
 */
final class JobRegistry {
    static final long FLUSH_MS = 20;
    private static final Logger LOG = LogManager.getLogger(JobRegistry.class);

    private final IgniteCache<String, BinaryObject> rows;
    private final IgniteCache<String, BinaryObject> finishedRows;
    /** Per-row merged changes not yet written; an entry removed from here belongs to the thread that removed it. */
    private final ConcurrentHashMap<String, JobUpdate> pending = new ConcurrentHashMap<>();
    private final Thread flusher;
    private volatile boolean running = true;
    /** One warning per 10 s at most while rows cannot be written (no log storm during a topology change). */
    private long lastWarn;

    JobRegistry(Ignite ignite, java.time.Duration retention) {
        this.rows = ignite.<String, Object>cache(JobsTable.NAME).withKeepBinary();
        this.finishedRows = rows.withExpiryPolicy(new ModifiedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, retention.toMillis())));
        this.flusher = new Thread(this::flushLoop, "tuskgrid-job-registry-%" + ignite.name());
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Queues a change; it reaches the table within {@value #FLUSH_MS} ms. */
    void update(String id, JobUpdate u) {
        pending.merge(id, u, JobUpdate::merge);
    }

    /**
     * Drops what is queued for a row and not yet written. A job that finished within one batch period
     * hands its RUNNING details to the coordinator with its result instead, so a short job costs one
     * row write, not three.
     */
    void withdraw(String id) {
        pending.remove(id);
    }

    /** Writes a change now (with whatever is queued for the row), returning when it is on the primary and backup. */
    void writeNow(String id, JobUpdate u) {
        JobUpdate queued = pending.remove(id);
        JobUpdate merged = queued == null ? u : queued.merge(u);
        (merged.isTerminal() ? finishedRows : rows).invoke(id, merged);
    }

    /** Takes over an orphaned row; null when it is finished or taken. */
    BinaryObject claim(String id, String fromCoordinator, String toCoordinator) {
        return rows.invoke(id, new JobClaim(fromCoordinator, toCoordinator));
    }

    BinaryObject get(String id) {
        return rows.get(id);
    }

    IgniteCache<String, BinaryObject> cache() {
        return rows;
    }

    private void flushLoop() {
        while (running) {
            try {
                Thread.sleep(FLUSH_MS);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The cluster may be changing (a node left): keep the updates and try again next round.
                if (System.currentTimeMillis() - lastWarn > 10_000) {
                    lastWarn = System.currentTimeMillis();
                    LOG.warn("Job registry write failed, will retry: {}", e.toString());
                }
            }
        }
    }

    /** Writes everything queued. */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, JobUpdate> batch = new HashMap<>();
        Map<String, JobUpdate> open = new HashMap<>();
        Map<String, JobUpdate> finished = new HashMap<>();
        for (String id : pending.keySet()) {
            JobUpdate u = pending.remove(id);
            if (u != null) {
                batch.put(id, u);
                (u.isTerminal() ? finished : open).put(id, u);
            }
        }
        try {
            int failed = 0;
            if (!open.isEmpty()) {
                failed += requeueFailed(rows.invokeAll(open), open);
            }
            if (!finished.isEmpty()) {
                failed += requeueFailed(finishedRows.invokeAll(finished), finished);
            }
            if (failed > 0 && System.currentTimeMillis() - lastWarn > 10_000) {
                lastWarn = System.currentTimeMillis();
                LOG.warn("Job registry: {} of {} row updates not written (a node is leaving?); retrying", failed, batch.size());
            }
        } catch (RuntimeException e) {
            batch.forEach(this::update); // merge back; merging is idempotent
            throw e;
        }
    }

    /** invokeAll reports a row it could not update in that row's result, not by throwing: queue those again. */
    private int requeueFailed(Map<String, javax.cache.processor.EntryProcessorResult<Boolean>> results, Map<String, JobUpdate> sent) {
        int failed = 0;
        for (Map.Entry<String, javax.cache.processor.EntryProcessorResult<Boolean>> r : results.entrySet()) {
            try {
                r.getValue().get();
            } catch (RuntimeException e) {
                failed++;
                update(r.getKey(), sent.get(r.getKey()));
            }
        }
        return failed;
    }

    void stop() {
        running = false;
        flusher.interrupt();
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Job registry: last updates not written at stop: {}", e.toString());
        }
    }
}
