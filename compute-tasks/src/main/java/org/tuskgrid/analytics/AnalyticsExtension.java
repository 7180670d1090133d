package org.tuskgrid.analytics;

import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.CacheConfiguration;
import org.tuskgrid.config.ConfigOption;
import org.tuskgrid.node.NodeContext;
import org.tuskgrid.node.NodeExtension;

/**
 * Real-time analytics on every server node: the tables {@code MEASUREMENTS, SENSOR_STATS, WINDOW_AGG,
 * ALERT_RULES, ALERTS} and the processor that keeps statistics, windows and alerts up to date.
 */
public final class AnalyticsExtension implements NodeExtension {
    private AnalyticsOptions options;
    private AnalyticsProcessor processor;

    @Override
    public List<ConfigOption<?>> options() {
        return AnalyticsOptions.ALL;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void configure(NodeContext ctx) {
        options = AnalyticsOptions.resolve(ctx);
        List<CacheConfiguration> caches = new ArrayList<>();
        if (ctx.config().getCacheConfiguration() != null) {
            caches.addAll(List.of(ctx.config().getCacheConfiguration()));
        }
        caches.addAll(AnalyticsTables.all());
        ctx.config().setCacheConfiguration(caches.toArray(CacheConfiguration[]::new));
    }

    @Override
    public void started(Ignite ignite, NodeContext ctx) {
        processor = new AnalyticsProcessor(ignite, options);
        processor.start();
    }

    @Override
    public void stopping(Ignite ignite) {
        if (processor != null) {
            processor.stop();
        }
    }
}
