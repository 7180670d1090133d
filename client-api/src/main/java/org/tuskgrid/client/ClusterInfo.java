package org.tuskgrid.client;

import java.util.List;

/**
 * A snapshot of the cluster's server nodes, as {@link TuskGridClient#cluster()} saw it.
 *
 * @param nodes the server nodes, oldest first
 */
public record ClusterInfo(List<NodeInfo> nodes) {
    public ClusterInfo {
        nodes = List.copyOf(nodes);
    }

    /** Nodes that answered the status request. */
    public long healthyNodes() {
        return nodes.stream().filter(n -> n.health() == NodeInfo.Health.UP).count();
    }
}
