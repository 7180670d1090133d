package org.tuskgrid.client;

import java.time.Instant;
import java.util.List;

/**
 * One row of the {@code JOBS} table.
 *
 * @param node         the node(s) that ran the jobs, comma-separated
 * @param attempts     how many times a job ran (retries and failovers included)
 * @param attemptTimes when each attempt started
 * @param durationMs   from start (or submission, if it never started) to finish; null while running
 * @param result       the task's result as JSON text once it SUCCEEDED, else null
 */
public record JobInfo(String id, String task, JobStatus status, Priority priority, String node, int attempts,
                      Instant submittedAt, Instant startedAt, Instant finishedAt, Long durationMs, String error,
                      String traceId, List<Instant> attemptTimes, String result) {
}
