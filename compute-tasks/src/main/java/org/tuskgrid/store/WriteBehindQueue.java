package org.tuskgrid.store;

import java.time.Duration;
import java.util.Arrays;
import org.apache.ignite.Ignite;
import org.apache.logging.log4j.LogManager;

/**
 * Write-behind for one cache on one node: {@code flushThreads} {@link WriteBehindLane}s, each key always
 * in the same lane (its writes stay in order) while the lanes write to the database in parallel.
 */
final class WriteBehindQueue {
    private final StoredCache owner;
    private final WriteBehindLane[] lanes;

    WriteBehindQueue(StoredCache owner, StoreSettings settings, int threads) {
        this.owner = owner;
        int n = Math.max(1, threads);
        this.lanes = new WriteBehindLane[n];
        for (int i = 0; i < n; i++) {
            lanes[i] = new WriteBehindLane(owner, settings, i, n);
        }
    }

    /** Records a write ({@code value} null = removed); called from the cache store on the primary node, so it never blocks. */
    void add(Ignite ignite, Object key, Object value) {
        lanes[Math.floorMod(key.hashCode(), lanes.length)].add(ignite, key, value);
    }

    void markPartition(int p) {
        lanes[p % lanes.length].markPartition(p);
    }

    /** Marks every partition dirty: after a node died, its pending writes are rewritten from the backups. */
    void rewriteAll() {
        for (WriteBehindLane l : lanes) {
            l.rewriteAll();
        }
        LogManager.getLogger(WriteBehindQueue.class).info("{}: a node left with writes possibly pending; rewriting the table from the grid",
            owner.health().what());
    }

    /** Keys and partitions waiting, as people read it. */
    String pendingText() {
        int parts = dirtyPartitions();
        return parts == 0 ? pending() + " keys" : pending() + " keys and " + parts + " partitions";
    }

    /** Keys waiting plus the batches being written (dirty partitions are not counted: see {@link #dirtyPartitions()}). */
    long pending() {
        return Arrays.stream(lanes).mapToLong(WriteBehindLane::pending).sum();
    }

    int dirtyPartitions() {
        return Arrays.stream(lanes).mapToInt(WriteBehindLane::dirtyPartitions).sum();
    }

    boolean isEmpty() {
        return Arrays.stream(lanes).allMatch(WriteBehindLane::isEmpty);
    }

    void start(Ignite ignite) {
        for (WriteBehindLane l : lanes) {
            l.start(ignite);
        }
    }

    /**
     * Flushes what is pending (retrying while the database is down) for at most {@code timeout}, then stops.
     *
     * @return true when everything reached the database
     */
    boolean stop(Duration timeout) {
        for (WriteBehindLane l : lanes) {
            l.flushNow();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isEmpty() && System.nanoTime() < deadline && Arrays.stream(lanes).anyMatch(WriteBehindLane::running)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean flushed = isEmpty();
        for (WriteBehindLane l : lanes) {
            l.halt();
        }
        return flushed;
    }
}
