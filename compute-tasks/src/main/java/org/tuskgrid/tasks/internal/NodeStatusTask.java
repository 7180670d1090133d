package org.tuskgrid.tasks.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterMetrics;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeJobResultPolicy;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.tuskgrid.tasks.Json;

/**
 * Asks every node of the group for its own view of itself (uptime, load, memory, user attributes,
 * and what capabilities report: each node-local map entry {@code tuskgrid.status.NAME} holding a
 * {@code Supplier<Map<String, Object>>} appears under {@code NAME}). Used by {@code ./tuskgrid status}.
 * A node that fails to answer is left out rather than failing the whole report: the client marks it
 * as not responding.
 *
 * <p>Not an Ignite-internal task (which would skip the job queue): remote internal jobs wait for
 * binary metadata on a management thread and time out (seen here, 30 s per request), so on a node
 * whose job slots are all busy the status waits for a free slot.
 */
public class NodeStatusTask extends ComputeTaskAdapter<Object, String> {
    /** Node attribute listing the names of the user's attributes (XML userAttributes and --attr). */
    public static final String USER_ATTRIBUTES = "tuskgrid.internal.userAttributes";
    /** Node-local map key set once every capability of the node has started. */
    public static final String READY = "tuskgrid.ready";
    /** Node-local map keys with this prefix contribute a section to the status report. */
    public static final String STATUS_PREFIX = "tuskgrid.status.";

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, Object arg) {
        Map<ComputeJob, ClusterNode> jobs = new HashMap<>();
        for (ClusterNode node : subgrid) {
            jobs.put(new StatusJob(), node);
        }
        return jobs;
    }

    @Override
    public ComputeJobResultPolicy result(ComputeJobResult res, List<ComputeJobResult> rcvd) {
        return ComputeJobResultPolicy.WAIT;
    }

    @Override
    public String reduce(List<ComputeJobResult> results) {
        List<Object> nodes = new ArrayList<>();
        for (ComputeJobResult r : results) {
            if (r.getException() == null) {
                nodes.add(r.getData());
            }
        }
        return Json.write(nodes);
    }

    /** User attributes of a node: those it was configured with, not the ones Ignite adds itself. */
    public static Map<String, String> userAttributes(ClusterNode node) {
        Map<String, String> out = new TreeMap<>();
        String names = node.attribute(USER_ATTRIBUTES);
        if (names != null && !names.isEmpty()) {
            for (String name : names.split(",")) {
                if (!name.equals(USER_ATTRIBUTES)) {
                    out.put(name, String.valueOf((Object) node.attribute(name)));
                }
            }
        }
        return out;
    }

    static final class StatusJob extends ComputeJobAdapter {
        @IgniteInstanceResource
        private transient Ignite ignite;

        @Override
        public Map<String, Object> execute() {
            ClusterNode local = ignite.cluster().localNode();
            ClusterMetrics m = local.metrics();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", local.id().toString());
            out.put("name", String.valueOf(local.consistentId()));
            out.put("uptimeMs", m.getUpTime());
            out.put("cpus", m.getTotalCpus());
            out.put("cpuLoad", m.getCurrentCpuLoad());
            out.put("heapUsedBytes", m.getHeapMemoryUsed());
            out.put("heapMaxBytes", m.getHeapMemoryMaximum());
            out.put("ready", Boolean.TRUE.equals(ignite.cluster().nodeLocalMap().get(READY)));
            out.put("attributes", userAttributes(local));
            ignite.cluster().nodeLocalMap().forEach((k, v) -> {
                if (k instanceof String key && key.startsWith(STATUS_PREFIX) && v instanceof Supplier<?> supplier) {
                    out.put(key.substring(STATUS_PREFIX.length()), supplier.get());
                }
            });
            return out;
        }
    }
}
