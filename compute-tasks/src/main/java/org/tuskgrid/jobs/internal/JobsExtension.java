package org.tuskgrid.jobs.internal;

import java.time.Duration;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.events.EventType;
import org.tuskgrid.config.ConfigOption;
import org.tuskgrid.node.NodeContext;
import org.tuskgrid.node.NodeExtension;

/**
 * The job system on every node: the {@code JOBS} table, bounded parallel jobs with higher
 * priorities first ({@link JobPriorityCollisionSpi}, unless the XML sets a collision SPI), node-left events for orphaned submissions, and the
 * node's {@link JobService}.
 */
public final class JobsExtension implements NodeExtension {
    public static final ConfigOption<Integer> PARALLEL = ConfigOption.integer("tuskgrid.jobs.parallel", 16, 1, 1024,
        "Jobs a node runs at once; more wait in its queue, highest priority first.");
    public static final ConfigOption<Duration> RETENTION = ConfigOption.duration("tuskgrid.jobs.retention", "24h",
        "How long a finished submission stays in JOBS.");
    public static final ConfigOption<Duration> ORPHAN_GRACE = ConfigOption.duration("tuskgrid.jobs.orphan.grace", "60s",
        "How long a waiting client has to re-attach to a submission whose node died before it is marked FAILED.");

    private JobService service;
    private org.apache.ignite.lang.IgnitePredicate<org.apache.ignite.events.Event> nodeLeft;

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(PARALLEL, RETENTION, ORPHAN_GRACE);
    }

    @Override
    public void configure(NodeContext ctx) {
        IgniteConfiguration cfg = ctx.config();
        ctx.addCache(JobsTable.cacheConfiguration());

        int parallel = ctx.option(PARALLEL);
        if (cfg.getCollisionSpi() == null) {
            cfg.setCollisionSpi(new JobPriorityCollisionSpi(parallel));
        }
        // Activated jobs beyond the pool's threads would wait in the pool's FIFO queue, out of priority order.
        cfg.setPublicThreadPoolSize(Math.max(cfg.getPublicThreadPoolSize(), parallel));
        // Least-loaded and adaptive balancing read other nodes' job counts from these metrics.
        cfg.setMetricsUpdateFrequency(Math.min(cfg.getMetricsUpdateFrequency(), 500));
        ctx.addEventTypes(EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    }

    @Override
    public void started(Ignite ignite, NodeContext ctx) {
        service = new JobService(ignite, ctx.option(RETENTION), ctx.option(ORPHAN_GRACE));
        nodeLeft = e -> {
            service.onNodeLeft();
            return true;
        };
        ignite.events().localListen(nodeLeft, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    }

    @Override
    public void stopping(Ignite ignite) {
        if (service != null) {
            ignite.events().stopLocalListen(nodeLeft);
            service.stop();
        }
    }
}
