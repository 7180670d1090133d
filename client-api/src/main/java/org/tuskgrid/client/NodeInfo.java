package org.tuskgrid.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One server node.
 *
 * @param id         Ignite node id (changes at every start)
 * @param name       consistent id: the name given with {@code --name}, stable across restarts
 * @param addresses  host addresses the node listens on
 * @param attributes user attributes ({@code --attr key=value}), without Ignite's own
 * @param uptime     time since the node started; zero when it did not answer
 * @param health     whether the node is publishing its status and has started all its capabilities
 * @param cpuLoad    current CPU load 0..1, or -1 when unknown
 * @param heapUsedBytes heap in use, or -1 when unknown
 * @param reports    what the node's capabilities report, by capability: {@code jobs} has the job
 *                   counters {@code active}, {@code queued}, {@code done}, {@code failed}; {@code jvm} has
 *                   {@code jitCompileMs}, {@code gcCount}, {@code gcMs} (totals since the node started);
 *                   {@code memory} has {@code usedBytes} and {@code maxBytes} of the data region that holds the tables,
 *                   and {@code refusingIngest} (1 while the node refuses measurements because it is nearly full)
 */
public record NodeInfo(String id, String name, List<String> addresses, Map<String, String> attributes,
                       Duration uptime, Health health, double cpuLoad, long heapUsedBytes,
                       Map<String, Map<String, Object>> reports) {

    /** Whether a node answered. */
    public enum Health {
        /** Answered the status request and runs all its capabilities. */
        UP,
        /** Joined the cluster, still starting its capabilities (a moment after start). */
        STARTING,
        /** In the topology but has not published its status for 5 s (stopping, overloaded, hung, or just died). */
        NOT_RESPONDING
    }

    public NodeInfo {
        addresses = List.copyOf(addresses);
        attributes = Map.copyOf(attributes);
        reports = Map.copyOf(reports);
    }

    /** A job counter ({@code active}, {@code queued}, {@code done}, {@code failed}), or -1 when the node did not report it. */
    public long jobs(String counter) {
        return counter("jobs", counter);
    }

    /** A JVM counter ({@code jitCompileMs}, {@code gcCount}, {@code gcMs}), or -1 when the node did not report it. */
    public long jvm(String counter) {
        return counter("jvm", counter);
    }

    /** A data region figure ({@code usedBytes}, {@code maxBytes}, {@code refusingIngest}), or -1 when the node did not report it. */
    public long memory(String figure) {
        return counter("memory", figure);
    }

    private long counter(String report, String counter) {
        Object v = reports.getOrDefault(report, Map.of()).get(counter);
        return v instanceof Number n ? n.longValue() : -1;
    }
}
