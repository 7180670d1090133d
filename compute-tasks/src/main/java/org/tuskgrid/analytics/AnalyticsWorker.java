package org.tuskgrid.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One thread applying queued measurements in batches (a batch = whatever has queued up, up to {@link #BATCH}):
 * under load batches grow and transactions get fewer, idle it applies each at once (low latency). A batch
 * that keeps failing (its node is leaving) is left to a rescan of its partitions.
 */
final class AnalyticsWorker extends Thread {
    private static final Logger LOG = LogManager.getLogger(AnalyticsWorker.class);
    static final int BATCH = 4000;
    private static final int ATTEMPTS = 5;

    private final LinkedBlockingQueue<StatsUpdater.Event> queue = new LinkedBlockingQueue<>();
    private final StatsUpdater updater;
    private final Set<Integer> dirty;
    private final Affinity<String> affinity;
    private volatile boolean running = true;

    AnalyticsWorker(String name, StatsUpdater updater, Set<Integer> dirty, Affinity<String> affinity) {
        super(name);
        setDaemon(true);
        this.updater = updater;
        this.dirty = dirty;
        this.affinity = affinity;
    }

    void offer(StatsUpdater.Event e) {
        queue.add(e);
    }

    int backlog() {
        return queue.size();
    }

    /** Blocks the caller (a catch-up scan, never an Ignite thread) until the backlog is below {@code limit}. */
    void awaitRoom(int limit) {
        while (running && queue.size() > limit) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void run() {
        List<StatsUpdater.Event> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                StatsUpdater.Event first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                applyWithRetry(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void applyWithRetry(List<StatsUpdater.Event> batch) throws InterruptedException {
        for (int attempt = 1; running; attempt++) {
            try {
                updater.apply(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    batch.forEach(ev -> dirty.add(affinity.partition(ev.key())));
                    LOG.warn("analytics: a batch of {} measurement(s) failed {} times ({}); their partitions will be rescanned",
                        batch.size(), attempt, e.toString());
                    return;
                }
                Thread.sleep(100L * attempt);
            }
        }
    }

    void shutdown() {
        running = false;
        interrupt();
    }
}
