package org.tuskgrid.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import org.apache.ignite.Ignite;

/**
 * A task people can submit by name from any client: {@code ./tuskgrid submit NAME --args JSON},
 * {@code client.tasks().submit(NAME, json, options)}. Arguments, job inputs and results are JSON, so
 * any thin client (Java, Python, .NET...) can call it; TuskGrid runs it as an Ignite compute task
 * with load balancing, priorities, timeouts, retries, failover and a row in the {@code JOBS} table.
 *
 * <p>Put the class on the server classpath and name it in
 * {@code META-INF/services/org.tuskgrid.tasks.GridTask}; every node finds it at start.
 *
 * <pre>{@code
 * public final class WordLengthTask implements GridTask {
 *     public String name() { return "word-length"; }
 *     public String description() { return "Length of every word, one job per word"; }
 *     public void validate(JsonNode args) {
 *         if (!args.path("words").isArray()) throw new InvalidArgumentsException("words must be an array of strings");
 *     }
 *     public List<JsonNode> split(JsonNode args, int nodes) {
 *         List<JsonNode> jobs = new ArrayList<>();
 *         args.get("words").forEach(jobs::add);
 *         return jobs;
 *     }
 *     public JsonNode run(JsonNode word, JobContext ctx) {
 *         return IntNode.valueOf(word.asText().length());
 *     }
 * }
 * }</pre>
 */
public interface GridTask {
    /** The name clients submit it by: lower case, digits and '-'. */
    String name();

    /** One line for {@code ./tuskgrid tasks}. */
    String description();

    default String version() {
        return "1.0";
    }

    /**
     * Whether the jobs run one on every eligible node, each on that node's own data (colocated
     * map/reduce), instead of being load-balanced. {@link #split} then gets the node count and must
     * return exactly that many inputs.
     */
    default boolean broadcast() {
        return false;
    }

    /**
     * Rejects arguments this task cannot run with. Called before anything is queued; the message goes to
     * the caller as is, and the submission is never retried.
     *
     * @throws InvalidArgumentsException saying what to fix
     */
    default void validate(JsonNode args) {
    }

    /**
     * {@link #validate(JsonNode)} for checks that need the cluster, such as a table that must exist. Called on the node
     * that received the submission, before anything is queued. Default: {@link #validate(JsonNode)}.
     *
     * @throws InvalidArgumentsException saying what to fix
     */
    default void validate(JsonNode args, Ignite ignite) {
        validate(args);
    }

    /** The inputs of the jobs this submission splits into, given how many nodes may run them. Default: one job. */
    default List<JsonNode> split(JsonNode args, int nodes) {
        return List.of(args);
    }

    /**
     * Runs one job. Throw {@link RetryableException} for a failure worth another attempt (after backoff);
     * any other exception fails the submission. Long jobs should check {@link JobContext#isCancelled()}
     * or be interruptible: cancellation and timeouts interrupt the thread.
     */
    JsonNode run(JsonNode job, JobContext ctx) throws Exception;

    /** Combines the jobs' results (in job order). Default: the one result, or an array of them. */
    default JsonNode reduce(JsonNode args, List<JsonNode> results) {
        if (results.size() == 1) {
            return results.get(0);
        }
        ArrayNode all = Json.MAPPER.createArrayNode();
        results.forEach(all::add);
        return all;
    }
}
