package org.tuskgrid.jobs.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes {@code JOBS} rows off the hot path: updates are merged per row in memory and written in
 * batches (one {@code invokeAll} instead of a round trip per change). An outcome is written within
 * {@value #FLUSH_MS} ms; a QUEUED or RUNNING change waits up to {@value #ACTIVE_DELAY_MS} ms, so a
 * job that ends sooner is written once, with its outcome, instead of two or three times.
 * What must be durable before a caller is answered (a detached submission, an outcome, a cancel) is
 * group-committed with {@link #commit}: the committer thread writes everything that waits in one
 * {@code invokeAll} per round, so under load many jobs share one write instead of each paying a
 * FULL_SYNC round trip (about 3 ms here). {@link JobRetention} deletes finished rows after the retention period.
 */
final class JobRegistry {
    static final long FLUSH_MS = 20;
    static final long ACTIVE_DELAY_MS = 100;
    private static final Logger LOG = LogManager.getLogger(JobRegistry.class);

    private final IgniteCache<String, BinaryObject> rows;
    /** Per-row merged changes not yet written; an entry removed from here belongs to the thread that removed it. */
    private final ConcurrentHashMap<String, JobUpdate> pending = new ConcurrentHashMap<>();
    private final Thread flusher;
    /** Durable writes waiting for the next commit round. */
    private final LinkedBlockingQueue<Commit> commits = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean running = true;
    private long lastWarn;

    JobRegistry(Ignite ignite) {
        this.rows = ignite.<String, Object>cache(JobsTable.NAME).withKeepBinary();
        this.flusher = new Thread(this::flushLoop, "tuskgrid-job-registry-%" + ignite.name());
        flusher.setDaemon(true);
        flusher.start();
        this.committer = new Thread(this::commitLoop, "tuskgrid-job-commit-%" + ignite.name());
        committer.setDaemon(true);
        committer.start();
    }

    private record Commit(String id, JobUpdate update, CompletableFuture<Void> done) {
    }

    /** Queues a change; it reaches the table within {@value #ACTIVE_DELAY_MS} ms. */
    void update(String id, JobUpdate u) {
        u.queuedAt = System.currentTimeMillis();
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

    /**
     * Writes a change with the next commit round (with whatever is queued for the row); the future
     * completes when it is on the primary and backup, or fails when the row could not be written.
     */
    CompletableFuture<Void> commit(String id, JobUpdate u) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the job registry is stopped"));
        } else {
            commits.add(new Commit(id, u, done));
        }
        return done;
    }

    /** {@link #commit} and wait. */
    void writeNow(String id, JobUpdate u) {
        try {
            commit(id, u).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void commitLoop() {
        List<Commit> round = new ArrayList<>();
        while (running) {
            try {
                round.add(commits.take());
            } catch (InterruptedException e) {
                break;
            }
            commits.drainTo(round);
            writeRound(round);
            round.clear();
        }
        commits.drainTo(round);
        round.forEach(c -> c.done.completeExceptionally(new IllegalStateException("the job registry is stopped")));
    }

    /** One write for the whole round; each waiter learns about its own row. */
    private void writeRound(List<Commit> round) {
        Map<String, JobUpdate> merged = new HashMap<>();
        for (Commit c : round) {
            JobUpdate queued = pending.remove(c.id);
            merged.merge(c.id, queued == null ? c.update.copy() : queued.merge(c.update), JobUpdate::merge);
        }
        Map<String, RuntimeException> failed = write(merged);
        for (Commit c : round) {
            RuntimeException e = failed.get(c.id);
            if (e == null) {
                c.done.complete(null);
            } else {
                c.done.completeExceptionally(e);
            }
        }
    }

    /**
     * Writes the changes in one {@code invokeAll}.
     *
     * @return the rows not written, with why: invokeAll reports a row it could not update in that row's result
     */
    private Map<String, RuntimeException> write(Map<String, JobUpdate> updates) {
        Map<String, RuntimeException> failed = new HashMap<>();
        if (updates.isEmpty()) {
            return failed;
        }
        try {
            rows.<Boolean>invokeAll(updates).forEach((id, r) -> {
                try {
                    r.get();
                } catch (RuntimeException e) {
                    failed.put(id, e);
                }
            });
        } catch (RuntimeException e) {
            updates.keySet().forEach(id -> failed.put(id, e));
        }
        return failed;
    }

    /** Writes a new row now (primary and backup); false, writing nothing, when the row exists already. */
    boolean create(String id, JobUpdate u) {
        return rows.invoke(id, new JobCreate(u));
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
                flush(System.currentTimeMillis() - ACTIVE_DELAY_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A bug, not the cluster (write failures are queued again by flush): keep the thread.
                warnRarely("Job registry flush failed, will retry: {}", e.toString());
            }
        }
    }

    /** Writes every queued outcome, and the other changes first queued before {@code activeBefore} (epoch ms). */
    synchronized void flush(long activeBefore) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, JobUpdate> batch = new HashMap<>();
        for (Map.Entry<String, JobUpdate> e : pending.entrySet()) {
            if (!e.getValue().isTerminal() && e.getValue().queuedAt > activeBefore) {
                continue;
            }
            JobUpdate u = pending.remove(e.getKey());
            if (u != null) {
                batch.put(e.getKey(), u);
            }
        }
        Map<String, RuntimeException> failed = write(batch);
        if (failed.isEmpty()) {
            return;
        }
        failed.keySet().forEach(id -> update(id, batch.get(id))); // merged back; merging is idempotent
        warnRarely("Job registry: {} of {} row updates not written (a node is leaving?), will retry: {}", failed.size(), batch.size(),
            failed.values().iterator().next().toString());
    }

    /** One warning per 10 s at most: no log storm while the cluster changes. */
    private synchronized void warnRarely(String message, Object... args) {
        if (System.currentTimeMillis() - lastWarn > 10_000) {
            lastWarn = System.currentTimeMillis();
            LOG.warn(message, args);
        }
    }

    void stop() {
        running = false;
        flusher.interrupt();
        committer.interrupt();
        flush(Long.MAX_VALUE);
        if (!pending.isEmpty()) {
            LOG.warn("Job registry: {} row update(s) not written at stop", pending.size());
        }
    }
}
