package org.tuskgrid.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Write-behind for one cache on one node, built so that nothing is lost:
 * <ul>
 *   <li>It keeps the latest value (or a delete) per dirty key, so repeated writes of a key coalesce.</li>
 *   <li>Memory is bounded: past {@code maxPendingKeys} it keeps only the numbers of the dirty
 *       <em>partitions</em>, which a flush rewrites from the grid by a partition scan.</li>
 *   <li>A failed batch is retried with backoff (100 ms doubling to 5 s) until the database takes it;
 *       {@link StoreHealth} logs the outage at its edges only. Writers are never blocked.</li>
 *   <li>The values live in the grid (with backups), so when a node dies the surviving oldest node marks
 *       every partition dirty ({@link #rewriteAll()}): the dead node's pending writes are replayed from the
 *       backups. Upserts are idempotent, so the replay is harmless (at-least-once).</li>
 * </ul>
 * One lane is one flusher thread; a key always goes to the same lane, which keeps its writes in order
 * (the store is called for a key under the grid's lock of that entry, so the lane sees them in order).
 */
final class WriteBehindLane {
    private static final Logger LOG = LogManager.getLogger(WriteBehindLane.class);
    private static final long MAX_BACKOFF_MS = 5_000;
    /** The store is called before the grid applies a write: a partition is scanned only this long after its last mark. */
    private static final long PARTITION_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The value of a removed key. */
    private static final Object DELETED = new Object();

    private final StoredCache owner;
    private final int batchSize;
    private final int maxPendingKeys;
    private final long flushIntervalMs;
    /** {@link StoreSettings#setFlushWhenQuiet}; 0 = off. */
    private final long quietMs;
    /** Dirty keys with their latest value or {@link #DELETED}. */
    private final Map<Object, Object> keys = new ConcurrentHashMap<>();
    /** Dirty partitions, with when each was last marked. */
    private final Map<Integer, Long> partitions = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private volatile Ignite ignite;
    private volatile boolean stopping;
    private volatile boolean waiting;
    /** The flusher waits on an empty lane: the next write wakes it, so that its linger starts then. */
    private volatile boolean idle;
    /** Writes recorded so far: the flusher compares it across a {@link #quietMs} wait to see the writers pause. */
    private final LongAdder writes = new LongAdder();
    private volatile boolean stopped;
    private volatile int inFlight;
    private final int lane;
    private final int lanes;
    private Thread flusher;

    WriteBehindLane(StoredCache owner, StoreSettings settings, int lane, int lanes) {
        this.owner = owner;
        this.lane = lane;
        this.lanes = lanes;
        this.batchSize = settings.getBatchSize();
        this.maxPendingKeys = settings.getMaxPendingKeys();
        this.flushIntervalMs = settings.flushInterval().toMillis();
        this.quietMs = settings.flushWhenQuiet().toMillis();
    }

    /** Records a write ({@code value} null = removed); called from the cache store on the primary node, so it never blocks. */
    void add(Ignite ignite, Object key, Object value) {
        this.ignite = ignite;
        // Deletes are always remembered by key: a partition rewrite can only upsert what the grid still holds.
        if (value == null || keys.size() < maxPendingKeys) {
            keys.put(key, value == null ? DELETED : value);
        } else {
            // The older value must not be written after the partition rewrite has written a newer one.
            keys.remove(key);
            owner.queue().markPartition(ignite.affinity(owner.cache()).partition(key));
        }
        writes.increment();
        // Only a waiting flusher needs the (contended) monitor; a busy one takes the keys on its next pass.
        if (idle || (waiting && keys.size() >= batchSize)) {
            wake();
        }
    }

    /** Marks one partition dirty (the queue gives each partition to one lane, so no two lanes rewrite it at once). */
    void markPartition(int p) {
        partitions.put(p, System.nanoTime());
    }

    /** Marks this lane's share of the partitions dirty: after a node died, its pending writes are rewritten from the backups. */
    void rewriteAll() {
        if (ignite == null) {
            return;
        }
        int parts = ignite.affinity(owner.cache()).partitions();
        long now = System.nanoTime();
        for (int p = lane; p < parts; p += lanes) {
            partitions.put(p, now);
        }
        wake();
    }

    private String pendingText() {
        return owner.queue().pendingText();
    }

    /** Keys waiting plus the batch being written. */
    long pending() {
        return keys.size() + inFlight;
    }

    int dirtyPartitions() {
        return partitions.size();
    }

    boolean isEmpty() {
        return keys.isEmpty() && partitions.isEmpty() && inFlight == 0;
    }

    void start(Ignite ignite) {
        this.ignite = ignite;
        flusher = new Thread(this::run, "tuskgrid-write-behind-" + owner.cache() + "-" + lane);
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Flushes without waiting for the interval, so that a stop can wait for an empty lane. */
    void flushNow() {
        stopping = true;
        wake();
    }

    boolean running() {
        return flusher != null && flusher.isAlive();
    }

    /** Ends the flusher thread (what is still pending stays unwritten). */
    void halt() {
        stopped = true;
        wake();
        if (flusher != null) {
            flusher.interrupt();
            try {
                flusher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        while (!stopped) {
            try {
                if (keys.size() < batchSize && partitions.isEmpty() && !stopping) {
                    linger();
                }
                while (!stopped && !keys.isEmpty()) {
                    flushKeys(takeKeys());
                }
                Integer p = duePartition();
                if (p != null && !stopped) {
                    flushPartition(p);
                } else if (!partitions.isEmpty() && keys.isEmpty()) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                // A bug or an Ignite error (node stopping, an internal assertion): keep the thread, the work stays queued.
                owner.health().failure(e, pendingText());
                sleepQuietly(1000);
            }
        }
    }

    /**
     * Waits for a batch worth writing: returns once the lane holds {@code batchSize} keys, or holds some and its writers
     * have paused for {@link #quietMs}, or the flush interval is over, or it is woken to stop or rewrite partitions.
     */
    private void linger() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
        synchronized (signal) {
            long seen = writes.sum();
            while (!stopping && !stopped && partitions.isEmpty() && keys.size() < batchSize) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                // Set before looking at the keys: a write that this look misses sees the flag and wakes us.
                idle = quietMs > 0;
                boolean quietCheck = idle && !keys.isEmpty();
                if (quietCheck) {
                    idle = false;
                }
                waiting = true;
                try {
                    signal.wait(quietCheck ? Math.min(quietMs, left) : left);
                } finally {
                    waiting = false;
                    idle = false;
                }
                long now = writes.sum();
                if (quietCheck && now == seen) {
                    return;
                }
                seen = now;
            }
        }
    }

    /** A dirty partition last marked more than the grace period ago, removed from the set; or null. */
    private Integer duePartition() {
        long now = System.nanoTime();
        for (Map.Entry<Integer, Long> e : partitions.entrySet()) {
            if (now - e.getValue() >= PARTITION_GRACE_NANOS && partitions.remove(e.getKey(), e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    private Map<Object, Object> takeKeys() {
        Map<Object, Object> batch = new HashMap<>(Math.min(batchSize, keys.size()) * 2);
        Iterator<Map.Entry<Object, Object>> it = keys.entrySet().iterator();
        while (it.hasNext() && batch.size() < batchSize) {
            Map.Entry<Object, Object> e = it.next();
            it.remove();
            batch.put(e.getKey(), e.getValue());
        }
        inFlight = batch.size();
        return batch;
    }

    /** Writes a batch (upserts and deletes), retrying until the database takes it. */
    private void flushKeys(Map<Object, Object> batch) throws InterruptedException {
        Map<Object, BinaryObject> upserts = new HashMap<>(batch.size() * 2);
        List<Object> deletes = new ArrayList<>();
        batch.forEach((k, v) -> {
            if (v == DELETED) {
                deletes.add(k);
            } else {
                upserts.put(k, (BinaryObject) v);
            }
        });
        long backoff = 100;
        try {
            while (true) {
                try {
                    JdbcTable t = owner.table();
                    t.upsert(upserts);
                    t.delete(deletes);
                    owner.health().success(batch.size());
                    return;
                } catch (SQLException e) {
                    if (StoreHealth.isDataError(e)) {
                        writeOneByOne(upserts, deletes);
                        return;
                    }
                    owner.health().failure(e, pendingText() + " + " + batch.size() + " in flight");
                } catch (RuntimeException | Error e) {
                    // Not the database (e.g. a value's binary schema not yet known on this node): keep the batch and retry.
                    owner.health().failure(e, pendingText() + " + " + batch.size() + " in flight");
                }
                if (stopped) {
                    batch.forEach(keys::putIfAbsent);
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        } finally {
            inFlight = 0;
        }
    }

    /** A batch the database refused for a row's content: write the rows alone so only the bad ones are left out (and counted). */
    private void writeOneByOne(Map<Object, BinaryObject> upserts, List<Object> deletes) {
        JdbcTable t;
        try {
            t = owner.table();
        } catch (SQLException e) {
            upserts.forEach(keys::putIfAbsent);
            deletes.forEach(k -> keys.putIfAbsent(k, DELETED));
            return;
        }
        for (Map.Entry<Object, BinaryObject> e : upserts.entrySet()) {
            try {
                t.upsert(Map.of(e.getKey(), e.getValue()));
                owner.health().success(1);
            } catch (SQLException ex) {
                if (!StoreHealth.isDataError(ex)) {
                    keys.putIfAbsent(e.getKey(), e.getValue());
                    continue;
                }
                owner.health().problem(ex);
                LOG.error("{}: the database refused key {}, it stays in the grid only: {}", owner.health().what(), e.getKey(),
                    StoreHealth.oneLine(ex));
            }
        }
        deletes.forEach(k -> keys.putIfAbsent(k, DELETED));
    }

    /** Rewrites every entry of one partition from the grid, wherever it lives now. */
    private void flushPartition(int p) throws InterruptedException {
        ScanQuery<Object, BinaryObject> scan = new ScanQuery<Object, BinaryObject>(p).setPageSize(batchSize);
        try (QueryCursor<Cache.Entry<Object, BinaryObject>> cur = ignite.cache(owner.cache()).<Object, BinaryObject>withKeepBinary().query(scan)) {
            Map<Object, BinaryObject> page = new HashMap<>();
            for (Cache.Entry<Object, BinaryObject> e : cur) {
                page.put(e.getKey(), e.getValue());
                if (page.size() >= batchSize) {
                    writeWithRetry(page);
                    page.clear();
                }
            }
            writeWithRetry(page);
        } catch (RuntimeException | InterruptedException e) {
            partitions.putIfAbsent(p, System.nanoTime());
            throw e;
        }
    }

    private void writeWithRetry(Map<Object, BinaryObject> rows) throws InterruptedException {
        long backoff = 100;
        while (!rows.isEmpty()) {
            try {
                owner.table().upsert(rows);
                owner.health().success(rows.size());
                return;
            } catch (SQLException | RuntimeException e) {
                owner.health().failure(e, pendingText());
            }
            if (stopped) {
                throw new InterruptedException("stopped");
            }
            Thread.sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ignored) {
            // Woken to stop; the loop checks the flag.
        }
    }
}
