package org.tuskgrid.node;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
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
 * {@code NAME}, e.g. {@code jobs}), and under {@code jvm} the JVM's own counters.
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

    /**
     * Time spent compiling and collecting garbage so far. The JIT figure shows when a node has warmed up: on a
     * 2-core machine C2 keeps compiling for a minute or two after start and takes a third of a core meanwhile.
     */
    private static Map<String, Object> jvm() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long gcCount = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jitCompileMs", jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1L);
        out.put("gcCount", gcCount);
        out.put("gcMs", gcMs);
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
        out.put("jvm", jvm());
        ignite.cluster().nodeLocalMap().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith(SECTION_PREFIX) && v instanceof Supplier<?> supplier) {
                out.put(key.substring(SECTION_PREFIX.length()), supplier.get());
            }
        });
        return out;
    }
}
