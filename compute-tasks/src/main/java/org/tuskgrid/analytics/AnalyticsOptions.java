package org.tuskgrid.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tuskgrid.config.ConfigException;
import org.tuskgrid.config.ConfigOption;
import org.tuskgrid.config.Durations;
import org.tuskgrid.node.NodeContext;

/** The analytics settings of a node, resolved once at start (a retention null: keep everything). */
record AnalyticsOptions(List<Duration> windows, Duration grace, int recent, double ewmaAlpha, Duration retention,
                        Duration alertRetention, int workers, int refuseAbove) {

    static final ConfigOption<String> WINDOWS = ConfigOption.string("tuskgrid.analytics.windows", "10s,1m",
        "Sizes of the tumbling windows kept in WINDOW_AGG, comma-separated.");
    static final ConfigOption<Duration> GRACE = ConfigOption.duration("tuskgrid.analytics.grace", "5s",
        "How late (behind the sensor's latest event time) a measurement may arrive and still count in its windows.");
    static final ConfigOption<Integer> RECENT = ConfigOption.integer("tuskgrid.analytics.recent", 20, 2, 1000,
        "N: the last N values of a sensor give SENSOR_STATS.SMA, TREND and FORECAST.");
    static final ConfigOption<String> EWMA_ALPHA = ConfigOption.string("tuskgrid.analytics.ewma.alpha", "0.2",
        "Smoothing factor of SENSOR_STATS.EWMA, between 0 (exclusive) and 1.");
    static final ConfigOption<String> RETENTION = ConfigOption.string("tuskgrid.analytics.retention", "off",
        "How long MEASUREMENTS and WINDOW_AGG rows are kept, by event time (e.g. 7d), or off; statistics keep counting.");
    static final ConfigOption<String> ALERT_RETENTION = ConfigOption.string("tuskgrid.analytics.alerts.retention", "30d",
        "How long ALERTS rows are kept after they were raised (e.g. 90d), or off.");
    static final ConfigOption<Integer> WORKERS = ConfigOption.integer("tuskgrid.analytics.workers", 2, 1, 64,
        "Threads per node that apply measurements to statistics, windows and rules.");

    static final ConfigOption<Integer> REFUSE_ABOVE = ConfigOption.integer("tuskgrid.analytics.refuse.above", 85, 50, 98,
        "Percent of the node's data region in use above which it refuses new measurements (a full region halts the node); "
            + "it takes them again 5 points lower.");

    static final List<ConfigOption<?>> ALL = List.of(WINDOWS, GRACE, RECENT, EWMA_ALPHA, RETENTION, ALERT_RETENTION, WORKERS,
        REFUSE_ABOVE);

    static AnalyticsOptions resolve(NodeContext ctx) {
        List<Duration> windows = new ArrayList<>();
        for (String w : ctx.option(WINDOWS).split(",")) {
            try {
                Duration d = Durations.parse(w);
                if (d.isZero()) {
                    throw new IllegalArgumentException("zero");
                }
                windows.add(d);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(WINDOWS.key() + "=" + ctx.option(WINDOWS) + " is not valid: expected positive durations "
                    + "separated by commas, such as 10s,1m");
            }
        }
        double alpha;
        try {
            alpha = Double.parseDouble(ctx.option(EWMA_ALPHA).trim());
        } catch (NumberFormatException e) {
            alpha = Double.NaN;
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new ConfigException(EWMA_ALPHA.key() + "=" + ctx.option(EWMA_ALPHA) + " is not valid: expected a number in (0, 1]");
        }
        return new AnalyticsOptions(List.copyOf(windows), ctx.option(GRACE), ctx.option(RECENT), alpha, offOrDuration(ctx, RETENTION),
            offOrDuration(ctx, ALERT_RETENTION), ctx.option(WORKERS), ctx.option(REFUSE_ABOVE));
    }

    /** A retention setting: null for off. */
    private static Duration offOrDuration(NodeContext ctx, ConfigOption<String> option) {
        String keep = ctx.option(option).trim();
        if (keep.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            return Durations.parse(keep);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option.key() + "=" + keep + " is not valid: expected off or a duration such as 7d");
        }
    }
}
