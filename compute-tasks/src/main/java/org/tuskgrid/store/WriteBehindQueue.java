package org.tuskgrid.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Write-behind for one cache on one node, built so that nothing is lost:
 * <ul>
 *   <li>It remembers dirty <em>keys</em>, not values: a flush reads the current value from the grid
 *       (absent = delete), so repeated writes of a key coalesce and a replay is always the latest value.</li>
 *   <li>Memory is bounded: past {@code maxPendingKeys} it remembers whole dirty <em>partitions</em>,
 *       which a flush rewrites from the grid by a partition scan.</li>
 *   <li>A failed batch is retried with backoff (100 ms doubling to 5 s) until the database takes it;
 *       {@link StoreHealth} logs the outage at its edges only.</li>
 *   <li>The values live in the grid (with backups), so when a node dies the surviving oldest node marks
 *       every partition dirty ({@link #rewriteAll()}): the dead node's pending writes are replayed from the
 *       backups. Upserts are idempotent, so the replay is harmless (at-least-once).</li>
 * </ul>
 * One flusher thread per cache and node keeps the writes of a key in order.
 */
final class WriteBehindQueue {
    private static final Logger LOG = LogManager.getLogger(WriteBehindQueue.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final StoredCache owner;
    private final int batchSize;
    private final int maxPendingKeys;
    private final long flushIntervalMs;
    private final Set<Object> keys = ConcurrentHashMap.newKeySet();
    private final ConcurrentSkipListSet<Integer> partitions = new ConcurrentSkipListSet<>();
    private final Object signal = new Object();
    private volatile Ignite ignite;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private volatile int inFlight;
    private Thread flusher;

    WriteBehindQueue(StoredCache owner, StoreSettings settings) {
        this.owner = owner;
        this.batchSize = settings.getBatchSize();
        this.maxPendingKeys = settings.getMaxPendingKeys();
        this.flushIntervalMs = settings.flushInterval().toMillis();
    }

    /** Records a written or removed key; called from the cache store on the primary node, so it never blocks. */
    void add(Ignite ignite, Object key, boolean removed) {
        this.ignite = ignite;
        // Deletes are always remembered by key: a partition rewrite can only upsert what the grid still holds.
        if (removed || keys.size() < maxPendingKeys) {
            keys.add(key);
        } else {
            partitions.add(ignite.affinity(owner.cache()).partition(key));
        }
        if (keys.size() >= batchSize) {
            wake();
        }
    }

    /** Marks every partition dirty: after a node died, its pending writes are rewritten from the backups. */
    void rewriteAll() {
        if (ignite == null) {
            return;
        }
        int parts = ignite.affinity(owner.cache()).partitions();
        for (int p = 0; p < parts; p++) {
            partitions.add(p);
        }
        LOG.info("{}: a node left with writes possibly pending; rewriting all {} partitions from the grid", owner.health().what(), parts);
        wake();
    }

    /** Keys and partitions waiting, as people read it. */
    String pendingText() {
        return partitions.isEmpty() ? keys.size() + " keys" : keys.size() + " keys and " + partitions.size() + " partitions";
    }

    /** Keys waiting plus the batch being written (dirty partitions are not counted: see {@link #dirtyPartitions()}). */
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
        flusher = new Thread(this::run, "tuskgrid-write-behind-" + owner.cache());
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Flushes what is pending (retrying while the database is down) for at most {@code timeout}, then stops.
     *
     * @return true when everything reached the database
     */
    boolean stop(Duration timeout) {
        stopping = true;
        wake();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isEmpty() && System.nanoTime() < deadline && flusher != null && flusher.isAlive()) {
            sleep(50);
        }
        boolean flushed = isEmpty();
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
        return flushed;
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
                    synchronized (signal) {
                        signal.wait(flushIntervalMs);
                    }
                }
                while (!stopped && !keys.isEmpty()) {
                    flushKeys(takeKeys());
                }
                Integer p = partitions.pollFirst();
                if (p != null && !stopped) {
                    flushPartition(p);
                }
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (RuntimeException e) {
                // A bug or an Ignite error (node stopping): keep the thread, the work stays queued.
                owner.health().failure(e, pendingText());
                sleepQuietly(1000);
            }
        }
    }

    private List<Object> takeKeys() {
        List<Object> batch = new ArrayList<>(Math.min(batchSize, keys.size()));
        Iterator<Object> it = keys.iterator();
        while (it.hasNext() && batch.size() < batchSize) {
            Object k = it.next();
            it.remove();
            batch.add(k);
        }
        inFlight = batch.size();
        return batch;
    }

    private IgniteCache<Object, BinaryObject> cache() {
        return ignite.cache(owner.cache()).<Object, BinaryObject>withKeepBinary().withSkipStore();
    }

    /** Writes the current grid values of these keys (deleting the absent ones), retrying until the database takes them. */
    private void flushKeys(List<Object> batch) throws InterruptedException {
        long backoff = 100;
        try {
            while (true) {
                // Read on every attempt: a value written during an outage is the one that must reach the database.
                Map<Object, BinaryObject> values = cache().getAll(new HashSet<>(batch));
                List<Object> deletes = new ArrayList<>();
                for (Object k : batch) {
                    if (!values.containsKey(k)) {
                        deletes.add(k);
                    }
                }
                try {
                    JdbcTable t = owner.table();
                    t.upsert(values);
                    t.delete(deletes);
                    owner.health().success(batch.size());
                    return;
                } catch (SQLException e) {
                    if (StoreHealth.isDataError(e)) {
                        writeOneByOne(values, deletes);
                        return;
                    }
                    owner.health().failure(e, pendingText() + " + " + batch.size() + " in flight");
                }
                if (stopped) {
                    keys.addAll(batch);
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
    private void writeOneByOne(Map<Object, BinaryObject> values, List<Object> deletes) {
        JdbcTable t;
        try {
            t = owner.table();
        } catch (SQLException e) {
            keys.addAll(values.keySet());
            keys.addAll(deletes);
            return;
        }
        for (Map.Entry<Object, BinaryObject> e : values.entrySet()) {
            try {
                t.upsert(Map.of(e.getKey(), e.getValue()));
                owner.health().success(1);
            } catch (SQLException ex) {
                if (!StoreHealth.isDataError(ex)) {
                    keys.add(e.getKey());
                    continue;
                }
                owner.health().problem(ex);
                LOG.error("{}: the database refused key {}, it stays in the grid only: {}", owner.health().what(), e.getKey(),
                    StoreHealth.oneLine(ex));
            }
        }
        keys.addAll(deletes);
    }

    /** Rewrites every entry of one partition from the grid, wherever it lives now. */
    private void flushPartition(int p) throws InterruptedException {
        try (QueryCursor<Cache.Entry<Object, BinaryObject>> cur = cache().query(new ScanQuery<Object, BinaryObject>(p).setPageSize(batchSize))) {
            Map<Object, BinaryObject> page = new HashMap<>();
            for (Cache.Entry<Object, BinaryObject> e : cur) {
                page.put(e.getKey(), e.getValue());
                if (page.size() >= batchSize) {
                    writeWithRetry(page);
                    page.clear();
                }
            }
            writeWithRetry(page);
        } catch (RuntimeException e) {
            partitions.add(p);
            throw e;
        } catch (InterruptedException e) {
            partitions.add(p);
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
            } catch (SQLException e) {
                owner.health().failure(e, pendingText());
            }
            if (stopped) {
                throw new InterruptedException("stopped");
            }
            Thread.sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
