package org.tuskgrid.node;

import java.util.List;
import org.apache.ignite.Ignite;
import org.tuskgrid.config.ConfigOption;

/**
 * A capability that plugs into every server node (the job registry, analytics, cache stores...).
 * Implementations are found with {@link java.util.ServiceLoader} ({@code META-INF/services/org.tuskgrid.node.NodeExtension}),
 * one fresh instance per node, and called in {@link #order()}.
 */
public interface NodeExtension {
    /** Tables (caches) are defined at {@value #TABLES}; what attaches to them (stores) at {@value #STORES}. */
    int TABLES = 100;
    int STORES = 200;

    /** Lower runs first in {@link #configure} and {@link #started}, last in {@link #stopping}. */
    default int order() {
        return TABLES;
    }

    /** The settings this extension reads with {@link NodeContext#option}, for the README and validation. */
    default List<ConfigOption<?>> options() {
        return List.of();
    }

    /** Before the node starts: add caches, attributes, SPI settings to {@link NodeContext#config()}. */
    default void configure(NodeContext ctx) {
    }

    /** After the node has joined the cluster: deploy services, start continuous queries. A throw stops the node. */
    default void started(Ignite ignite, NodeContext ctx) {
    }

    /** Before the node stops (clean stop only): flush, unsubscribe. */
    default void stopping(Ignite ignite) {
    }
}
