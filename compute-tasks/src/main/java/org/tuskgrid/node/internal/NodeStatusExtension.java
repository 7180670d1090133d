package org.tuskgrid.node.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.apache.logging.log4j.LogManager;
import org.tuskgrid.node.NodeContext;
import org.tuskgrid.node.NodeExtension;
import org.tuskgrid.node.NodeStatus;
import org.tuskgrid.node.SqlTables;
import org.tuskgrid.tasks.Json;

/**
 * Publishes each node's {@link NodeStatus} as JSON text in the replicated {@code NODE_STATUS} cache,
 * every 250 ms until the node is ready, then every second. Clients read it with one cache call, no
 * compute: status answers even when every job slot is busy, and no job class travels to a node that
 * is still joining (Ignite can lose binary metadata registered during a join; the node then stalls
 * 30 s on every message of that type, as the first status task did here).
 */
public final class NodeStatusExtension implements NodeExtension {
    private ScheduledExecutorService publisher;
    private IgnitePredicate<Event> nodeLeft;

    @Override
    public int order() {
        return TABLES - 10;
    }

    @Override
    public void configure(NodeContext ctx) {
        ctx.addCache(new CacheConfiguration<String, String>(NodeStatus.CACHE)
            .setCacheMode(CacheMode.REPLICATED)
            .setAffinity(SqlTables.smallTableAffinity())
            .setWriteSynchronizationMode(CacheWriteSynchronizationMode.PRIMARY_SYNC));
        ctx.addEventTypes(EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    }

    @Override
    public void started(Ignite ignite, NodeContext ctx) {
        IgniteCache<String, String> cache = ignite.cache(NodeStatus.CACHE);
        publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tuskgrid-node-status-%" + ignite.name());
            t.setDaemon(true);
            return t;
        });
        publisher.scheduleWithFixedDelay(new Runnable() {
            private int runs;

            @Override
            public void run() {
                boolean ready = Boolean.TRUE.equals(ignite.cluster().nodeLocalMap().get(NodeStatus.READY));
                if (!ready || ++runs % 4 == 0) {
                    publish(ignite, cache);
                }
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        nodeLeft = e -> {
            cache.removeAsync(((DiscoveryEvent) e).eventNode().id().toString());
            return true;
        };
        ignite.events().localListen(nodeLeft, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    }

    private static void publish(Ignite ignite, IgniteCache<String, String> cache) {
        try {
            cache.put(ignite.cluster().localNode().id().toString(), Json.write(NodeStatus.snapshot(ignite)));
        } catch (RuntimeException e) {
            // The cluster may be changing; the next round publishes again.
            LogManager.getLogger(NodeStatusExtension.class).debug("status not published: {}", e.toString());
        }
    }

    @Override
    public void stopping(Ignite ignite) {
        if (publisher != null) {
            publisher.shutdownNow();
            ignite.events().stopLocalListen(nodeLeft);
            ignite.cache(NodeStatus.CACHE).remove(ignite.cluster().localNode().id().toString());
        }
    }
}
