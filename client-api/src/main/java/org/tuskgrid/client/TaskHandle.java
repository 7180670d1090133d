package org.tuskgrid.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A submitted task. Thread-safe. */
public interface TaskHandle {
    /** The job id, as in {@code JOBS.ID}; {@link TaskClient#attach} finds the submission again by it. */
    String id();

    /** The trace id in every log line of this submission, on every node. */
    String traceId();

    /**
     * Completes with the task's result, or exceptionally with {@link TaskFailedException} (failed,
     * timed out, cancelled) or {@link TuskGridException} (the cluster could not be reached). Exactly
     * one outcome, also when the node the client submitted through dies on the way.
     */
    CompletableFuture<JsonNode> future();

    /**
     * Waits for the result.
     *
     * @param wait how long to wait (this is not the task's timeout, see {@link TaskOptions#timeout()})
     * @throws TaskFailedException when the task failed, timed out or was cancelled
     * @throws TuskGridException   when the wait ran out or the cluster could not be reached
     */
    JsonNode result(Duration wait);

    /**
     * The current status, from the job registry ({@code QUEUED} while its row is not written yet).
     *
     * @throws TuskGridException when the registry did not answer within 5 s
     */
    JobStatus status();

    /** Cancels the submission; its running code is interrupted. Returns the status it ended with. */
    JobStatus cancel();
}
