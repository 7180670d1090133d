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
 * @param health     whether the node answered the status request
 * @param cpuLoad    current CPU load 0..1, or -1 when unknown
 * @param heapUsedBytes heap in use, or -1 when unknown
 */
public record NodeInfo(String id, String name, List<String> addresses, Map<String, String> attributes,
                       Duration uptime, Health health, double cpuLoad, long heapUsedBytes) {

    /** Whether a node answered. */
    public enum Health {
        /** Answered the status request. */
        UP,
        /** In the topology but did not answer (stopping, overloaded, or just died). */
        NOT_RESPONDING
    }

    public NodeInfo {
        addresses = List.copyOf(addresses);
        attributes = Map.copyOf(attributes);
    }
}
