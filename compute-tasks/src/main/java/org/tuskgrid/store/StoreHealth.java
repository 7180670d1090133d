package org.tuskgrid.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * How one cache's store is doing (pending, flushed, failures, last error, database reachable), and the
 * only place that logs its database errors: one line when an outage starts, a summary every
 * {@link #SUMMARY_EVERY_NANOS}, one line when it ends, however many writes fail meanwhile.
 */
final class StoreHealth {
    private static final Logger LOG = LogManager.getLogger(StoreHealth.class);
    static final long SUMMARY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String what;
    private final AtomicLong flushed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;
    private volatile boolean reachable = true;
    private long outageStart;
    private long lastSummary;
    private long failuresInOutage;

    StoreHealth(String cache, String table) {
        this.what = "store " + cache + " (table " + table + ")";
    }

    String what() {
        return what;
    }

    long flushed() {
        return flushed.get();
    }

    long failures() {
        return failures.get();
    }

    String lastError() {
        return lastError;
    }

    boolean reachable() {
        return reachable;
    }

    synchronized void success(long rows) {
        flushed.addAndGet(rows);
        reachable = true;
        if (outageStart != 0) {
            LOG.info("{}: database reachable again after {} s ({} failed attempts meanwhile, retried)", what,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStart), failuresInOutage);
            outageStart = 0;
        }
    }

    /** A database call failed; {@code pending} is what waits to be written. Logs only at the outage's edges and every 30 s. */
    synchronized void failure(Throwable e, String pending) {
        failures.incrementAndGet();
        lastError = oneLine(e);
        reachable = !isConnectionProblem(e);
        long now = System.nanoTime();
        if (outageStart == 0) {
            outageStart = now;
            lastSummary = now;
            failuresInOutage = 1;
            LOG.warn("{}: database write failed, retrying with backoff until it succeeds ({} pending): {}", what, pending, lastError);
        } else {
            failuresInOutage++;
            if (now - lastSummary >= SUMMARY_EVERY_NANOS) {
                lastSummary = now;
                LOG.warn("{}: database still failing after {} s, {} failed attempts, {} pending: {}", what,
                    TimeUnit.NANOSECONDS.toSeconds(now - outageStart), failuresInOutage, pending, lastError);
            }
        }
    }

    /** Records a problem found outside a write (schema check, start): logged once by the caller. */
    void problem(Throwable e) {
        failures.incrementAndGet();
        lastError = oneLine(e);
        reachable = !isConnectionProblem(e);
    }

    /** Rows the database refused for their content (constraint, bad value): retrying cannot help. */
    static boolean isDataError(Throwable e) {
        String state = e instanceof SQLException s ? s.getSQLState() : null;
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57") || s.getSQLState().startsWith("28"))) {
                return true;
            }
        }
        return false;
    }

    /** The most telling message of a chain: the driver's own (a pool's "connection not available" hides it), on one line. */
    static String oneLine(Throwable e) {
        Throwable best = e;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                best = t;
            }
        }
        String msg = best.getMessage() == null ? best.getClass().getSimpleName() : best.getMessage();
        return msg.replaceAll("\\s+", " ").trim();
    }
}
