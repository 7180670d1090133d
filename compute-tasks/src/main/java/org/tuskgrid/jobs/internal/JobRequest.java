package org.tuskgrid.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.tuskgrid.client.Balance;
import org.tuskgrid.client.Priority;
import org.tuskgrid.tasks.InvalidArgumentsException;
import org.tuskgrid.tasks.Json;

/**
 * One submission as it travels from the client to the coordinating node, and as it is kept in
 * {@code JOBS.REQUEST} so that another node can run it again. Wire format: the JSON the client builds
 * in {@code ThinTaskClient}.
 */
record JobRequest(String id, String task, JsonNode args, Priority priority, long timeoutMs, int maxRetries,
                  long backoffMs, Balance balance, Map<String, String> require, String traceId, boolean detached,
                  boolean resume) {

    static JobRequest parse(String json) {
        JsonNode n = Json.parse(json);
        if (!n.hasNonNull("id") || !n.hasNonNull("task")) {
            throw new InvalidArgumentsException("a submission needs 'id' and 'task'");
        }
        Map<String, String> require = new TreeMap<>();
        n.path("require").fields().forEachRemaining(e -> require.put(e.getKey(), e.getValue().asText()));
        return new JobRequest(n.get("id").asText(), n.get("task").asText(), n.path("args").isMissingNode()
            ? Json.MAPPER.createObjectNode() : n.get("args"),
            Priority.valueOf(n.path("priority").asText("NORMAL")), n.path("timeoutMs").asLong(0),
            n.path("maxRetries").asInt(0), n.path("backoffMs").asLong(200),
            Balance.valueOf(n.path("balance").asText("ROUND_ROBIN")), require,
            n.path("traceId").asText(n.get("id").asText()), n.path("detached").asBoolean(false),
            n.path("resume").asBoolean(false));
    }

    JobRequest resumed() {
        return new JobRequest(id, task, args, priority, timeoutMs, maxRetries, backoffMs, balance, require, traceId, detached, true);
    }

    JobRequest detachedCopy() {
        return new JobRequest(id, task, args, priority, timeoutMs, maxRetries, backoffMs, balance, require, traceId, true, resume);
    }

    String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("task", task);
        n.set("args", args);
        n.put("priority", priority.name());
        n.put("timeoutMs", timeoutMs);
        n.put("maxRetries", maxRetries);
        n.put("backoffMs", backoffMs);
        n.put("balance", balance.name());
        ObjectNode req = n.putObject("require");
        require.forEach(req::put);
        n.put("traceId", traceId);
        n.put("detached", detached);
        n.put("resume", resume);
        return n.toString();
    }
}
