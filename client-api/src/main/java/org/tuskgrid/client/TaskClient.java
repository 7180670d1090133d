package org.tuskgrid.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Runs tasks on the cluster by name, with JSON arguments, and reads the job registry.
 *
 * <pre>{@code
 * TaskHandle h = client.tasks().submit("montecarlo-pi", "{\"samples\": 2000000}",
 *     TaskOptions.builder().priority(Priority.HIGH).timeout(Duration.ofSeconds(30)).maxRetries(3).build());
 * double pi = h.result(Duration.ofMinutes(1)).get("pi").asDouble();
 * }</pre>
 */
public interface TaskClient {
    /**
     * Submits a task and returns at once; a detached submission returns once it is in the registry.
     * An unknown task, arguments that fail the task's validation or requirements no node meets end
     * the handle's future with a {@link TuskGridException} naming the cause (for a detached
     * submission, this method throws it); nothing is queued then. A detached submission that a node does not
     * answer within 3 s is sent again (a node may have stopped answering), 10 times at most; it is queued once.
     *
     * @param argsJson the task's arguments as JSON text; null or blank means {@code {}}
     * @throws IllegalArgumentException when {@code argsJson} is not JSON
     */
    TaskHandle submit(String task, String argsJson, TaskOptions options);

    /** Submits and waits: {@code submit(...).result(wait)}. */
    default JsonNode run(String task, String argsJson, TaskOptions options, java.time.Duration wait) {
        return submit(task, argsJson, options).result(wait);
    }

    /** A handle on an earlier submission, by id (also one made by another client). */
    TaskHandle attach(String jobId);

    /**
     * The tasks the cluster can run.
     *
     * @throws TuskGridException when no node answered: each try is given up after 3 s and made again, 10 times at most
     */
    List<TaskInfo> list();

    /** One row of the job registry. */
    Optional<JobInfo> job(String jobId);

    /** The latest registry rows, newest first; {@code status} null means any. */
    List<JobInfo> jobs(JobStatus status, int limit);

    /**
     * Cancels a submission by id; returns the status it ended with.
     *
     * @throws TuskGridException when there is no such job, or no node answered (3 s a try, 10 tries, as {@link #list()})
     */
    JobStatus cancel(String jobId);

    /** Parses JSON text, for arguments built by hand. */
    static JsonNode json(String text) {
        return org.tuskgrid.client.internal.JsonText.parse(text);
    }
}
