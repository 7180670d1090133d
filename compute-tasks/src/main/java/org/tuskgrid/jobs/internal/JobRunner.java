package org.tuskgrid.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.binary.BinaryReader;
import org.apache.ignite.binary.BinaryWriter;
import org.apache.ignite.binary.Binarylizable;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.JobContext;
import org.tuskgrid.tasks.Json;
import org.tuskgrid.tasks.RetryableException;
import org.tuskgrid.tasks.TaskCatalog;

/**
 * One job of a submission, on the node that runs it: sets the trace id in the log context, reports
 * RUNNING with the attempt number, runs the task's code and retries retryable failures here with
 * exponential backoff. Returns {@code {"i": index, "a": attempts, "n": node, "o": output}}.
 */
final class JobRunner extends ComputeJobAdapter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LogManager.getLogger(JobRunner.class);

    final String id;
    final String taskName;
    final String traceId;
    final String input;
    final int index;
    final int maxRetries;
    final long backoffMs;
    /** Read by {@link JobPriorityCollisionSpi} on the node, to start higher priorities first. */
    final int priority;
    /** Attempts made before this run (on other nodes, or by an earlier coordinator). */
    final int attemptsBefore;
    /**
     * For a submission of one job: the registry row as the coordinator knows it, and the submission's
     * arguments. This node then reduces and records the outcome itself, on primary and backup, before
     * answering (from a public-pool thread; the coordinator reduces on a system thread, where a blocking
     * cache write stalls). Null for jobs of a multi-job submission.
     */
    final JobUpdate row;
    final String args;

    @IgniteInstanceResource
    private transient Ignite ignite;

    private transient volatile boolean cancelled;
    /** The thread running {@link #execute()}, while it does; guarded by {@code this}. */
    private transient Thread runner;

    JobRunner(JobRequest req, int index, JsonNode input, int attemptsBefore, JobUpdate row) {
        this(req.id(), req.task(), req.traceId(), input.toString(), index, req.maxRetries(), req.backoffMs(),
            req.priority().value(), attemptsBefore, row, row == null ? null : req.args().toString());
    }

    private JobRunner(String id, String taskName, String traceId, String input, int index, int maxRetries, long backoffMs,
                      int priority, int attemptsBefore, JobUpdate row, String args) {
        this.id = id;
        this.taskName = taskName;
        this.traceId = traceId;
        this.input = input;
        this.index = index;
        this.maxRetries = maxRetries;
        this.backoffMs = backoffMs;
        this.priority = priority;
        this.attemptsBefore = attemptsBefore;
        this.row = row;
        this.args = args;
    }

    /** The same job for another node, after its node left while running or holding it: one more attempt. */
    JobRunner movedCopy() {
        return new JobRunner(id, taskName, traceId, input, index, maxRetries, backoffMs, priority, attemptsBefore + 1, row, args);
    }

    @Override
    public Object execute() {
        JobService svc = JobService.of(ignite);
        GridTask task = TaskCatalog.get().task(taskName);
        String node = String.valueOf(ignite.cluster().localNode().consistentId());
        ThreadContext.put("traceId", traceId);
        ThreadContext.put("jobId", id);
        svc.active.incrementAndGet();
        running(Thread.currentThread());
        try {
            if (row != null && attemptsBefore > 0) {
                String recorded = recordedResult(svc, node);
                if (recorded != null) {
                    return recorded; // it finished on the node that died, before its answer got out: never run again
                }
            }
            int attempt = attemptsBefore;
            long firstStart = System.currentTimeMillis();
            StringBuilder attemptTimes = new StringBuilder();
            for (int retry = 0; ; retry++) {
                if (cancelled) {
                    // Cancelled before it started, when there was no thread to interrupt yet.
                    throw new IgniteException("job " + id + " was stopped");
                }
                attempt++;
                long start = System.currentTimeMillis();
                attemptTimes.append(attemptTimes.length() == 0 ? "" : ",").append(start);
                svc.registry.update(id, running(node, attempt, start));
                try {
                    JsonNode out = task.run(Json.parse(input), context(attempt));
                    svc.done.incrementAndGet();
                    svc.registry.withdraw(id);
                    ObjectNode r = Json.MAPPER.createObjectNode().put("i", index).put("a", attempt).put("n", node)
                        .put("s", start).put("t", attemptTimes.toString());
                    r.set("o", out);
                    if (row != null) {
                        JsonNode result = task.reduce(Json.parse(args), java.util.List.of(out));
                        r.set("f", result);
                        r.put("w", record(svc, result, attempt, node, attemptTimes.toString(), firstStart));
                    }
                    return r.toString();
                } catch (Exception e) {
                    if (cancelled || Thread.currentThread().isInterrupted() || e instanceof InterruptedException) {
                        throw new IgniteException("job " + id + " was stopped");
                    }
                    if (!retryable(e) || retry >= maxRetries) {
                        svc.failed.incrementAndGet();
                        String why = e.getClass().getSimpleName() + ": " + e.getMessage()
                            + (retryable(e) ? " (gave up after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + ")" : "");
                        LOG.warn("Job {} attempt {} failed: {}", id, attempt, why);
                        throw new JobFailedException(why, attempt);
                    }
                    long delay = Backoff.delayMs(backoffMs, retry);
                    LOG.warn("Job {} attempt {} failed: {}; retrying in {} ms", id, attempt, e.getMessage(), delay);
                    Thread.sleep(delay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("job " + id + " was stopped");
        } finally {
            running(null);
            if (cancelled) {
                Thread.interrupted(); // the cancel's interrupt ends with this job, not with the pool thread's next one
            }
            svc.active.decrementAndGet();
            ThreadContext.remove("traceId");
            ThreadContext.remove("jobId");
        }
    }

    /** Writes this single-job submission's outcome; false when the row's primary was not reachable. */
    private boolean record(JobService svc, JsonNode result, int attempt, String node, String attemptTimes, long startedAt) {
        JobUpdate done = row.copy();
        done.startedAt = startedAt; // its RUNNING change was withdrawn unwritten when the job ended quickly
        done.status = JobStatus.SUCCEEDED;
        done.result = result.toString();
        done.attempts = attempt;
        done.node = node;
        done.attemptTime = attemptTimes;
        done.finishedAt = System.currentTimeMillis();
        try {
            svc.registry.writeNow(id, done);
            return true;
        } catch (RuntimeException e) {
            svc.registry.update(id, done); // retried by the batch writer once the row has a primary again
            return false;
        }
    }

    /** The answer of a run that already succeeded and was recorded, or null. */
    private String recordedResult(JobService svc, String node) {
        org.apache.ignite.binary.BinaryObject r = svc.registry.get(id);
        if (r == null || !JobStatus.SUCCEEDED.name().equals(r.field(JobsTable.STATUS))) {
            return null;
        }
        ObjectNode out = Json.MAPPER.createObjectNode().put("i", index).put("a", r.<Integer>field(JobsTable.ATTEMPTS))
            .put("n", String.valueOf((Object) r.field(JobsTable.NODE))).put("s", System.currentTimeMillis()).put("t", "")
            .put("w", true);
        out.set("f", Json.parse(r.field(JobsTable.RESULT)));
        return out.toString();
    }

    private JobUpdate running(String node, int attempt, long start) {
        JobUpdate u = new JobUpdate();
        u.status = JobStatus.RUNNING;
        u.node = node;
        u.attempts = attempt;
        u.startedAt = start;
        u.attemptTime = String.valueOf(start);
        return u;
    }

    /** Failures worth another attempt: the task says so, or I/O that may work next time. */
    static boolean retryable(Throwable e) {
        return e instanceof RetryableException || e instanceof IOException || e instanceof UncheckedIOException;
    }

    private JobContext context(int attempt) {
        return new JobContext() {
            @Override
            public String jobId() {
                return id;
            }

            @Override
            public String traceId() {
                return traceId;
            }

            @Override
            public int attempt() {
                return attempt;
            }

            @Override
            public Ignite ignite() {
                return ignite;
            }

            @Override
            public boolean isCancelled() {
                return cancelled || Thread.currentThread().isInterrupted();
            }
        };
    }

    @Override
    public void cancel() {
        // Ignite interrupts a cancelled job only after computeJobWorkerInterruptTimeout (seconds): stop it now.
        synchronized (this) {
            cancelled = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    private synchronized void running(Thread t) {
        runner = t;
    }

    /**
     * A job that failed for good; carries how many attempts it made. Binarylizable: any other Throwable makes
     * Ignite fall back to its OptimizedMarshaller, with a warning in the node's log.
     */
    static final class JobFailedException extends IgniteException implements Binarylizable {
        private static final long serialVersionUID = 1L;
        private String why;
        int attempts;

        /** For the binary marshaller. */
        JobFailedException() {
        }

        JobFailedException(String why, int attempts) {
            this.why = why;
            this.attempts = attempts;
        }

        @Override
        public String getMessage() {
            return why;
        }

        @Override
        public void writeBinary(BinaryWriter w) {
            w.writeString("why", why);
            w.writeInt("attempts", attempts);
        }

        @Override
        public void readBinary(BinaryReader r) {
            why = r.readString("why");
            attempts = r.readInt("attempts");
        }
    }
}
