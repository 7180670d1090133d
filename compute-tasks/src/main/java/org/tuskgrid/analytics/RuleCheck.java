package org.tuskgrid.analytics;

import java.util.Locale;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.SensorPattern;

/** A rule ready to evaluate: the rule and its compiled sensor pattern. */
public record RuleCheck(AlertRule rule, SensorPattern sensors) {
    /** Values before a sensor has this many, z-scores do not fire: the spread of a handful of values means little. */
    public static final int ZSCORE_MIN_COUNT = 10;

    public static RuleCheck of(AlertRule rule) {
        return new RuleCheck(rule, SensorPattern.parse(rule.sensorPattern()));
    }

    /**
     * The alert message if the rule fires for this measurement (the state already includes it), respecting the
     * cooldown; {@code null} otherwise. No-data rules never fire here (see {@link #silence}).
     */
    public String fires(SensorState s, long ts, double value) {
        if (!sensors.matches(s.sensorId()) || !cooledDown(s, ts)) {
            return null;
        }
        double x = rule.threshold();
        return switch (rule.kind()) {
            case ABOVE -> value > x ? String.format(Locale.ROOT, "%s = %s above %s", s.sensorId(), num(value), num(x)) : null;
            case BELOW -> value < x ? String.format(Locale.ROOT, "%s = %s below %s", s.sensorId(), num(value), num(x)) : null;
            case ZSCORE -> s.count() > ZSCORE_MIN_COUNT && Math.abs(s.zscore()) > x
                ? String.format(Locale.ROOT, "%s = %s has z-score %.2f (threshold %s)", s.sensorId(), num(value), s.zscore(), num(x)) : null;
            case TREND_UP -> s.trend() > x
                ? String.format(Locale.ROOT, "%s rising %s/s (threshold %s/s)", s.sensorId(), num(s.trend()), num(x)) : null;
            case TREND_DOWN -> s.trend() < -x
                ? String.format(Locale.ROOT, "%s falling %s/s (threshold %s/s)", s.sensorId(), num(-s.trend()), num(x)) : null;
            case NO_DATA -> null;
        };
    }

    /** The message if a no-data rule fires for a sensor silent since its last event time, at {@code now}; else {@code null}. */
    public String silence(SensorState s, long now) {
        if (rule.kind() != org.tuskgrid.client.RuleKind.NO_DATA || !sensors.matches(s.sensorId()) || !cooledDown(s, now)) {
            return null;
        }
        double silentSeconds = (now - s.lastTs()) / 1000.0;
        return silentSeconds > rule.threshold()
            ? String.format(Locale.ROOT, "%s sent no data for %.1f s (threshold %s s)", s.sensorId(), silentSeconds, num(rule.threshold()))
            : null;
    }

    private boolean cooledDown(SensorState s, long ts) {
        long last = s.lastFired(rule.id());
        return last == Long.MIN_VALUE || ts - last >= rule.cooldown().toMillis();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
