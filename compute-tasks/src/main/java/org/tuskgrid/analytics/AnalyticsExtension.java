package org.tuskgrid.analytics;

import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.CacheConfiguration;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.internal.AnalyticsSchema;
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
    private IngestGate gate;

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
        registerTypes(ignite);
        gate = new IngestGate(ignite, options.refuseAbove());
        gate.start();
        processor = new AnalyticsProcessor(ignite, options);
        processor.start();
    }

    /**
     * Defines the row types cluster-wide before any client writes: a thin client's first concurrent batches
     * otherwise reach a node before the type they define, which then blocks a striped thread up to 30 s.
     */
    private void registerTypes(Ignite ignite) {
        AnalyticsSchema.measurementRow(ignite.binary(), "type", 1, 0, null);
        AnalyticsSchema.ruleRow(ignite.binary(), AlertRule.builder("type").kind(RuleKind.ABOVE).threshold(0).build());
        Rows rows = new Rows(ignite.binary(), options.recent());
        SensorState s = new SensorState("type", options.recent());
        s.add(1, 0, options.ewmaAlpha());
        s.fired("type", 1);
        rows.row(s, 1);
        rows.window(null, "type|1|0", "type", new Windows.Window(1, 0), new Rows.WindowDelta());
        rows.alert("type", AlertRule.builder("type").kind(RuleKind.ABOVE).threshold(0).build(), "type", 1, 0, "", 1);
    }

    @Override
    public void stopping(Ignite ignite) {
        if (gate != null) {
            gate.stop();
        }
        if (processor != null) {
            processor.stop();
        }
    }
}
