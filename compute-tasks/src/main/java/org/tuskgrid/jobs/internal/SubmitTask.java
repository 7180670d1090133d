package org.tuskgrid.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.compute.ComputeExecutionRejectedException;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeJobResultPolicy;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.compute.ComputeTaskContinuousMapper;
import org.apache.ignite.compute.ComputeTaskSession;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.TaskContinuousMapperResource;
import org.apache.ignite.resources.TaskSessionResource;
import org.apache.logging.log4j.ThreadContext;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.Json;

/**
 * Runs one submission as an Ignite compute task on the node that received it (its coordinator):
 * checks it, picks a node for each job by the submission's balance strategy and requirements,
 * moves a job to another eligible node when its node leaves, reduces, and records the submission
 * in {@code JOBS}. Called by thin clients by class name with the request JSON; returns the outcome
 * JSON {@code {"id", "status", "result" | "error", "attempts", "nodes"}}.
 */
public final class SubmitTask extends ComputeTaskAdapter<String, String> {
    private static final long serialVersionUID = 1L;
    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger(SubmitTask.class);

    @IgniteInstanceResource
    private transient Ignite ignite;

    @TaskSessionResource
    private transient ComputeTaskSession session;

    @TaskContinuousMapperResource
    private transient ComputeTaskContinuousMapper mapper;

    private transient JobService svc;
    private transient JobRequest req;
    private transient GridTask task;
    private transient List<ClusterNode> eligible;
    /** What the registry knows at submission; the outcome repeats it, since the queued write may be withdrawn. */
    private transient JobUpdate queued;
    private transient String failure;
    /** Nodes holding a job of this task that has not answered; released however the task ends (a cancel skips result()). */
    private final transient List<ClusterNode> outstanding = java.util.Collections.synchronizedList(new ArrayList<>());
    private transient int failedAttempts;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, String arg) {
        svc = JobService.of(ignite);
        req = JobRequest.parse(arg);
        task = JobService.validated(req, ignite);
        eligible = JobService.eligible(subgrid, req.require());
        ThreadContext.put("traceId", req.traceId());
        try {
            int attemptsBefore = 0;
            if (req.resume()) {
                BinaryObject row = svc.registry.get(req.id());
                if (row != null && JobStatus.valueOf(row.<String>field(JobsTable.STATUS)).isTerminal()) {
                    // Finished while its client was away: answer from the record, never run it again.
                    return Map.of(new FixedAnswer(outcome(req.id(), row)), ignite.cluster().localNode());
                }
                if (row != null) {
                    attemptsBefore = row.<Integer>field(JobsTable.ATTEMPTS);
                }
            }
            svc.coordinating(req, session.getId(), this::releaseOutstanding);
            queued = new JobUpdate();
            queued.status = JobStatus.QUEUED;
            queued.task = req.task();
            queued.priority = req.priority().name();
            queued.traceId = req.traceId();
            queued.submittedAt = System.currentTimeMillis();
            queued.coordinator = ignite.cluster().localNode().id().toString();
            queued.detached = req.detached();
            if (req.detached()) {
                queued.request = req.toJson();
            }
            svc.registry.update(req.id(), queued.copy());

            List<JsonNode> inputs = task.split(req.args(), eligible.size());
            if (task.broadcast() && inputs.size() != eligible.size()) {
                throw new IllegalStateException("task " + task.name() + " split into " + inputs.size() + " jobs for "
                    + eligible.size() + " nodes; a broadcast task needs one per node");
            }
            Map<ComputeJob, ClusterNode> jobs = new HashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                ClusterNode node = task.broadcast() ? eligible.get(i) : svc.pick(eligible, req.balance());
                jobs.put(new JobRunner(req, i, inputs.get(i), attemptsBefore, inputs.size() == 1 ? queued.copy() : null), node);
                sent(node);
            }
            return jobs;
        } finally {
            ThreadContext.remove("traceId");
        }
    }

    /** A timeout or cancel ends the task without result() calls for its jobs: let least-loaded forget them. */
    private void releaseOutstanding() {
        synchronized (outstanding) {
            outstanding.forEach(svc::answered);
            outstanding.clear();
        }
    }

    private void sent(ClusterNode node) {
        svc.sent(node);
        outstanding.add(node);
    }

    @Override
    public ComputeJobResultPolicy result(ComputeJobResult res, List<ComputeJobResult> rcvd) {
        if (svc != null && outstanding.remove(res.getNode())) {
            svc.answered(res.getNode());
        }
        IgniteException e = res.getException();
        if (e == null) {
            return ComputeJobResultPolicy.WAIT;
        }
        if (res.getJob() instanceof JobRunner job && (e instanceof ClusterTopologyException
            || e instanceof ComputeExecutionRejectedException || e.hasCause(ClusterTopologyException.class))) {
            // Its node left: the same job again on another eligible node.
            eligible.removeIf(n -> n.id().equals(res.getNode().id()));
            List<ClusterNode> alive = new ArrayList<>();
            for (ClusterNode n : eligible) {
                if (ignite.cluster().node(n.id()) != null) {
                    alive.add(n);
                }
            }
            eligible = alive;
            if (!eligible.isEmpty()) {
                ClusterNode node = svc.pick(eligible, req.balance());
                sent(node);
                mapper.send(job.movedCopy(), node);
                return ComputeJobResultPolicy.WAIT;
            }
            failure = "no eligible node left to run it (the last one, " + res.getNode().consistentId() + ", left)";
            return ComputeJobResultPolicy.REDUCE;
        }
        JobRunner.JobFailedException jf = e.getCause(JobRunner.JobFailedException.class);
        failure = jf != null ? jf.getMessage() : reason(e);
        failedAttempts = jf != null ? jf.attempts : 1;
        return ComputeJobResultPolicy.REDUCE;
    }

    @Override
    public String reduce(List<ComputeJobResult> results) {
        if (results.size() == 1 && results.get(0).getJob() instanceof FixedAnswer) {
            return results.get(0).getData();
        }
        JobUpdate done = queued.copy();
        done.finishedAt = System.currentTimeMillis();
        boolean recordedByJob = false;
        ObjectNode out = Json.MAPPER.createObjectNode().put("id", req.id());
        try {
            if (failure != null) {
                done.status = JobStatus.FAILED;
                done.error = failure;
                done.attempts = failedAttempts;
                out.put("status", JobStatus.FAILED.name()).put("error", failure).put("attempts", failedAttempts);
                return out.toString();
            }
            if (results.size() == 1 && results.get(0).getData() != null) {
                JsonNode single = Json.parse(results.get(0).<String>getData());
                if (single.path("w").asBoolean()) {
                    // The node that ran it reduced and recorded the outcome before answering.
                    recordedByJob = true;
                    out.put("status", JobStatus.SUCCEEDED.name()).put("attempts", single.get("a").asInt()).put("nodes", single.get("n").asText());
                    out.set("result", single.get("f"));
                    return out.toString();
                }
            }
            TreeMap<Integer, JsonNode> byIndex = new TreeMap<>();
            int attempts = 0;
            StringBuilder nodes = new StringBuilder();
            for (ComputeJobResult r : results) {
                if (r.getException() == null && r.getData() != null) {
                    JsonNode j = Json.parse(r.<String>getData());
                    byIndex.put(j.get("i").asInt(), j.get("o"));
                    attempts = Math.max(attempts, j.get("a").asInt());
                    nodes.append(nodes.length() == 0 ? "" : ",").append(j.get("n").asText());
                    done.startedAt = done.startedAt == null ? j.get("s").asLong() : Math.min(done.startedAt, j.get("s").asLong());
                    done.attemptTime = JobUpdate.union(done.attemptTime, j.get("t").asText());
                }
            }
            JsonNode result = task.reduce(req.args(), new ArrayList<>(byIndex.values()));
            done.status = JobStatus.SUCCEEDED;
            done.result = result.toString();
            done.attempts = attempts;
            done.node = JobUpdate.union(null, nodes.toString());
            out.put("status", JobStatus.SUCCEEDED.name()).put("attempts", attempts).put("nodes", nodes.toString());
            out.set("result", result);
            return out.toString();
        } catch (RuntimeException e) {
            done.status = JobStatus.FAILED;
            done.error = "reduce failed: " + reason(e);
            out.put("status", JobStatus.FAILED.name()).put("error", done.error);
            return out.toString();
        } finally {
            if (recordedByJob) {
                // The job's write carried the QUEUED details too: a QUEUED change still waiting here is redundant.
                svc.registry.withdraw(req.id());
            }
            if (svc.finished(req.id()) && !recordedByJob) {
                // Not awaited: reduce runs on a system thread, where a blocking cache write stalls (~10 ms each,
                // measured). Single-job submissions are recorded durably by their job; a multi-job one whose
                // coordinator dies within the batch period after answering stays RUNNING (see README).
                svc.registry.update(req.id(), done);
            }
        }
    }

    /** The outcome JSON of a finished row (whose value has no ID field: the id is its key). */
    static String outcome(String id, BinaryObject row) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("id", id)
            .put("status", row.<String>field(JobsTable.STATUS)).put("attempts", row.<Integer>field(JobsTable.ATTEMPTS));
        String result = row.field(JobsTable.RESULT);
        if (result != null) {
            out.set("result", Json.parse(result));
        }
        String error = row.field(JobsTable.ERROR);
        if (error != null) {
            out.put("error", error);
        }
        String nodes = row.field(JobsTable.NODE);
        if (nodes != null) {
            out.put("nodes", nodes);
        }
        return out.toString();
    }

    /** The innermost message of an Ignite failure, which wraps the task's own exception a few times. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return (t instanceof org.tuskgrid.tasks.InvalidArgumentsException ? "" : t.getClass().getSimpleName() + ": ") + msg;
    }
}
