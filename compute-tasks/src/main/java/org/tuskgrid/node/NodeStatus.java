package org.tuskgrid.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterMetrics;
import org.apache.ignite.cluster.ClusterNode;

/**
 * What a node says about itself in {@code NODE_STATUS}: uptime, load, memory, user attributes,
 * whether all its capabilities have started, and what capabilities report (each node-local map
 * entry {@code tuskgrid.status.NAME} holding a {@code Supplier<Map<String, Object>>} appears under
 * {@code NAME}, e.g. {@code jobs}).
 */
public final class NodeStatus {
    /** Cache of one JSON document per server node, keyed by node id; published by every node each second. */
    public static final String CACHE = "NODE_STATUS";
    /** Node attribute listing the names of the user's attributes (XML userAttributes and --attr). */
    public static final String USER_ATTRIBUTES = "tuskgrid.internal.userAttributes";
    /** Node-local map keys with this prefix contribute a section to the status. */
    public static final String SECTION_PREFIX = "tuskgrid.status.";
    /** Node-local map key set once every capability of the node has started. */
    public static final String READY = "tuskgrid.ready";

    private NodeStatus() {
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

    /** This node's status now. */
    public static Map<String, Object> snapshot(Ignite ignite) {
        ClusterNode local = ignite.cluster().localNode();
        ClusterMetrics m = local.metrics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", local.id().toString());
        out.put("name", String.valueOf(local.consistentId()));
        out.put("publishedAt", System.currentTimeMillis());
        out.put("ready", Boolean.TRUE.equals(ignite.cluster().nodeLocalMap().get(READY)));
        out.put("uptimeMs", m.getUpTime());
        out.put("cpus", m.getTotalCpus());
        out.put("cpuLoad", m.getCurrentCpuLoad());
        out.put("heapUsedBytes", m.getHeapMemoryUsed());
        out.put("heapMaxBytes", m.getHeapMemoryMaximum());
        out.put("attributes", userAttributes(local));
        ignite.cluster().nodeLocalMap().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith(SECTION_PREFIX) && v instanceof Supplier<?> supplier) {
                out.put(key.substring(SECTION_PREFIX.length()), supplier.get());
            }
        });
        return out;
    }
}
