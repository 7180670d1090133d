package org.tuskgrid.tasks;

import org.apache.ignite.Ignite;

/** What a running job knows about itself. */
public interface JobContext {
    /** The submission's id, as in {@code JOBS.ID}. */
    String jobId();

    /** The trace id; also in the log4j2 context ({@code traceId}) of every line the job logs. */
    String traceId();

    /** 1 for the first run, 2 for the first retry or failover, and so on. */
    int attempt();

    /** The node running this job. */
    Ignite ignite();

    /** Whether the submission was cancelled or timed out; the thread is interrupted too. */
    boolean isCancelled();
}
