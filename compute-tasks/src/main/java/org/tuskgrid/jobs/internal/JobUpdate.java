package org.tuskgrid.jobs.internal;

import java.sql.Timestamp;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteBinary;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.binary.BinaryObjectBuilder;
import org.tuskgrid.client.JobStatus;

import static org.tuskgrid.jobs.internal.JobsTable.*;

/**
 * A partial change to a {@code JOBS} row, applied on the row's primary node. Updates come from the
 * coordinating node and the nodes running the jobs, batched and possibly out of order, so merging is
 * order-independent: a status only moves forward (a terminal one never changes), attempts take the
 * maximum, nodes and attempt times accumulate, other fields take the latest non-null value.
 */
final class JobUpdate implements EntryProcessor<String, BinaryObject, Boolean>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    JobStatus status;
    String task;
    String priority;
    String node;
    Integer attempts;
    Long submittedAt;
    Long startedAt;
    Long finishedAt;
    String error;
    String traceId;
    String attemptTime;
    String result;
    String request;
    String coordinator;
    Boolean detached;
    /** When this change was first queued on this node (epoch ms); the registry writes older changes first. */
    transient long queuedAt;

    JobUpdate copy() {
        return new JobUpdate().merge(this);
    }

    /** Folds a later update for the same row into this one (before it is written), with the same rules as the row merge. */
    JobUpdate merge(JobUpdate o) {
        queuedAt = queuedAt == 0 ? o.queuedAt : o.queuedAt == 0 ? queuedAt : Math.min(queuedAt, o.queuedAt);
        status = later(status, o.status);
        task = o.task != null ? o.task : task;
        priority = o.priority != null ? o.priority : priority;
        node = union(node, o.node);
        if (attempts == null || (o.attempts != null && o.attempts > attempts)) {
            attempts = o.attempts;
        }
        submittedAt = submittedAt != null ? submittedAt : o.submittedAt;
        startedAt = startedAt != null ? startedAt : o.startedAt;
        finishedAt = o.finishedAt != null ? o.finishedAt : finishedAt;
        error = o.error != null ? o.error : error;
        traceId = o.traceId != null ? o.traceId : traceId;
        attemptTime = union(attemptTime, o.attemptTime);
        result = o.result != null ? o.result : result;
        request = o.request != null ? o.request : request;
        coordinator = o.coordinator != null ? o.coordinator : coordinator;
        detached = o.detached != null ? o.detached : detached;
        return this;
    }

    boolean isTerminal() {
        return status != null && status.isTerminal();
    }

    @Override
    public Boolean process(MutableEntry<String, BinaryObject> entry, Object... args) {
        // Not an injected Ignite: a processor with resources travels inside Ignite's injector proxy, which is sent
        // with the OptimizedMarshaller (Java serialization) instead of the binary one.
        entry.setValue(applyTo(entry.getValue(), entry.unwrap(Ignite.class).binary()));
        return true;
    }

    /** The row after this update: {@code old} merged with it, or a new row when {@code old} is null. */
    BinaryObject applyTo(BinaryObject old, IgniteBinary binary) {
        BinaryObjectBuilder b = old == null ? binary.builder(VALUE_TYPE) : old.toBuilder();
        JobStatus oldStatus = old == null || old.field(STATUS) == null ? null : JobStatus.valueOf(old.<String>field(STATUS));
        // Once an outcome is recorded it stands; late reports of attempts and nodes still count.
        if (oldStatus == null || !oldStatus.isTerminal()) {
            JobStatus newStatus = later(oldStatus, status);
            b.setField(STATUS, (newStatus == null ? JobStatus.QUEUED : newStatus).name());
            set(b, TASK, task);
            set(b, PRIORITY, priority);
            set(b, TRACE_ID, traceId);
            set(b, REQUEST, request);
            set(b, COORDINATOR, coordinator);
            set(b, DETACHED, detached);
            Timestamp submitted = old == null ? null : old.field(SUBMITTED_AT);
            if (submitted == null && submittedAt != null) {
                submitted = new Timestamp(submittedAt);
                b.setField(SUBMITTED_AT, submitted, Timestamp.class);
            }
            Timestamp started = old == null ? null : old.field(STARTED_AT);
            if (started == null && startedAt != null) {
                started = new Timestamp(startedAt);
                b.setField(STARTED_AT, started, Timestamp.class);
            }
            if (newStatus != null && newStatus.isTerminal() && finishedAt != null) {
                b.setField(FINISHED_AT, new Timestamp(finishedAt), Timestamp.class);
                Timestamp from = started != null ? started : submitted;
                if (from != null) {
                    b.setField(DURATION_MS, Math.max(0, finishedAt - from.getTime()), Long.class);
                }
                set(b, ERROR, error);
                set(b, RESULT, result);
            }
        }
        if (old == null || old.field(ATTEMPTS) == null) {
            b.setField(ATTEMPTS, attempts == null ? 0 : attempts, Integer.class);
        } else if (attempts != null) {
            b.setField(ATTEMPTS, Math.max(old.<Integer>field(ATTEMPTS), attempts), Integer.class);
        }
        if (node != null) {
            b.setField(NODE, union(old == null ? null : old.field(NODE), node), String.class);
        }
        if (attemptTime != null) {
            b.setField(ATTEMPT_TIMES, union(old == null ? null : old.field(ATTEMPT_TIMES), attemptTime), String.class);
        }
        b.setField(UPDATED_AT, new Timestamp(System.currentTimeMillis()), Timestamp.class);
        return b.build();
    }

    private static void set(BinaryObjectBuilder b, String field, Object value) {
        if (value != null) {
            b.setField(field, value);
        }
    }

    /** Status order: QUEUED < RUNNING < terminal; the first terminal status wins. */
    static JobStatus later(JobStatus a, JobStatus b) {
        if (a == null) {
            return b;
        }
        if (b == null || a.isTerminal()) {
            return a;
        }
        return b.ordinal() >= a.ordinal() ? b : a;
    }

    static String union(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b;
        }
        if (b == null || b.isEmpty()) {
            return a;
        }
        Set<String> all = new LinkedHashSet<>(java.util.List.of(a.split(",")));
        all.addAll(java.util.List.of(b.split(",")));
        return String.join(",", all);
    }
}
