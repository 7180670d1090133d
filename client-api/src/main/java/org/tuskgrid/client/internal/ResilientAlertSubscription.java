package org.tuskgrid.client.internal;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.tuskgrid.client.Alert;
import org.tuskgrid.client.AlertFilter;
import org.tuskgrid.client.AlertSubscription;
import org.tuskgrid.client.Severity;

/**
 * A thin-client continuous query on {@code ALERTS} that outlives the node serving it. When the connection
 * drops it registers a new query (the client fails over to another address) and then reads, with SQL, the
 * alerts raised since shortly before the last one it delivered. Ids already delivered are remembered for
 * that stretch, so the overlap between the two is delivered once. The same catch-up also runs every few
 * seconds: while a restarted node takes its partitions back, the query missed a partition's alerts for
 * seconds (seen under load in AlertSubscriptionFailoverIT: alerts of one sensor in the table that never reached
 * the listener). Everything (events, catch-ups, the listener) runs on one thread of the subscription, so there
 * is no race between them.
 */
final class ResilientAlertSubscription implements AlertSubscription {
    /** How far back a catch-up reads: alerts from two nodes can reach the table slightly out of raise order. */
    static final long OVERLAP_MS = 10_000;
    /** How often the alerts of the last {@link #OVERLAP_MS} are read and the ones the query missed delivered. */
    static final long CATCH_UP_EVERY_MS = 5_000;
    private static final System.Logger LOG = System.getLogger(ResilientAlertSubscription.class.getName());

    private final ThinTuskGridClient client;
    private final AlertFilter filter;
    private final Consumer<Alert> listener;
    private final ScheduledExecutorService thread;
    private final long startedAt = System.currentTimeMillis();
    private final Map<String, Long> seen = new HashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private long highest = startedAt;
    private volatile QueryCursor<?> cursor;
    private volatile boolean closed;

    private ResilientAlertSubscription(ThinTuskGridClient client, AlertFilter filter, Consumer<Alert> listener) {
        this.client = client;
        this.filter = filter;
        this.listener = listener;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "tuskgrid-alert-subscription");
            th.setDaemon(true);
            return th;
        });
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() does not wait for a catch-up
        this.thread = t;
    }

    static ResilientAlertSubscription start(ThinTuskGridClient client, AlertFilter filter, Consumer<Alert> listener) {
        ResilientAlertSubscription s = new ResilientAlertSubscription(client, filter, listener);
        s.cursor = s.register();
        s.thread.scheduleWithFixedDelay(s::periodicCatchUp, CATCH_UP_EVERY_MS, CATCH_UP_EVERY_MS, TimeUnit.MILLISECONDS);
        return s;
    }

    private QueryCursor<?> register() {
        ContinuousQuery<String, BinaryObject> q = new ContinuousQuery<>();
        q.setLocalListener(events -> {
            try {
                for (CacheEntryEvent<? extends String, ? extends BinaryObject> e : events) {
                    if (e.getEventType() == EventType.CREATED) {
                        Alert a = alert(e.getKey(), e.getValue());
                        thread.execute(() -> deliver(a));
                    }
                }
            } catch (RuntimeException e) {
                // Reading an alert may need its type from a node that just died: read what was missed with SQL instead.
                thread.execute(this::resubscribe);
            }
        });
        return client.ignite().cache(ALERTS).<String, BinaryObject>withKeepBinary().query(q,
            err -> thread.execute(this::resubscribe));
    }

    /** Runs on the subscription thread until a new query is in place and the gap is read, or the subscription is closed. */
    private void resubscribe() {
        long backoff = 100;
        while (!closed) {
            try {
                QueryCursor<?> old = cursor;
                if (old != null) {
                    try {
                        old.close();
                    } catch (RuntimeException e) {
                        // Its node is gone; so is the query.
                    }
                }
                cursor = register();
                int missed = catchUp();
                LOG.log(System.Logger.Level.INFO, "alert subscription re-registered; {0} alert(s) read to close the gap", missed);
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "re-subscribing failed, retrying: {0}", e.toString());
                sleep(backoff);
                backoff = Math.min(2000, backoff * 2);
            }
        }
    }

    /** Delivers the alerts of the last {@link #OVERLAP_MS} that were not delivered yet; returns how many were read. */
    private int catchUp() {
        List<Alert> alerts = ThinAlertsClient.query(client, AlertFilter.all(), Math.max(startedAt, highest - OVERLAP_MS), Integer.MAX_VALUE,
            false);
        alerts.forEach(this::deliver);
        return alerts.size();
    }

    private void periodicCatchUp() {
        if (closed) {
            return;
        }
        try {
            catchUp();
        } catch (RuntimeException e) {
            // No node answers right now: the query's error callback re-subscribes, and the next round reads again.
            LOG.log(System.Logger.Level.DEBUG, "alert catch-up read failed: {0}", e.toString());
        }
    }

    private void deliver(Alert a) {
        if (closed || a.raisedAt() < startedAt || seen.putIfAbsent(a.id(), a.raisedAt()) != null) {
            return;
        }
        if (a.raisedAt() > highest) {
            highest = a.raisedAt();
            seen.values().removeIf(t -> t < highest - 2 * OVERLAP_MS);
        }
        if (filter.test(a)) {
            try {
                listener.accept(a);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "alert listener failed on " + a.id(), e);
            }
            delivered.incrementAndGet();
        }
    }

    /**
     * The alert of one ALERTS entry. Its id is the entry's key: a row loaded from the database (a node loads
     * ALERTS when it starts) has no ID field in its value, as with any Ignite table whose key is a column.
     */
    static Alert alert(String id, BinaryObject o) {
        return new Alert(id, o.field(RULE_ID), o.field(SENSOR_ID), Severity.parse(o.field(SEVERITY)), o.<Long>field(TS),
            o.<Double>field(VALUE), o.field(MESSAGE), Boolean.TRUE.equals(o.field(ACKNOWLEDGED)), o.<Long>field(RAISED_AT));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        closed = true;
        QueryCursor<?> c = cursor;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // The node may already be gone; the query died with it.
            }
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
