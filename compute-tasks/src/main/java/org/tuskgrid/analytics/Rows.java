package org.tuskgrid.analytics;

import static org.tuskgrid.client.internal.AnalyticsSchema.*;

import org.apache.ignite.IgniteBinary;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.binary.BinaryObjectBuilder;
import org.tuskgrid.client.AlertRule;

/** Analytics rows as binary objects, field names = column names (state not shown in SQL sits in extra fields). */
final class Rows {
    private final IgniteBinary binary;
    private final int recent;

    Rows(IgniteBinary binary, int recent) {
        this.binary = binary;
        this.recent = recent;
    }

    SensorState state(String sensorId, BinaryObject o) {
        SensorState s = new SensorState(sensorId, recent);
        if (o == null) {
            return s;
        }
        s.count = o.<Long>field("COUNT");
        s.mean = o.<Double>field("MEAN");
        s.m2 = o.<Double>field("M2");
        s.min = o.<Double>field("MIN");
        s.max = o.<Double>field("MAX");
        s.lastValue = o.<Double>field("LAST_VALUE");
        s.lastTs = o.<Long>field("LAST_TS");
        s.ewma = o.<Double>field("EWMA");
        s.zscore = o.<Double>field("ZSCORE");
        s.watermark = o.<Long>field("WATERMARK");
        s.lateDropped = o.<Long>field(AnalyticsTables.LATE_DROPPED);
        long[] ts = o.field("RECENT_TS");
        double[] values = o.field("RECENT_VALUES");
        int head = o.<Integer>field("RECENT_HEAD");
        int size = o.<Integer>field("RECENT_SIZE");
        // Oldest first into the (possibly resized) ring, so a changed N keeps the newest values.
        for (int i = Math.max(0, size - recent); i < size; i++) {
            int at = Math.floorMod(head - size + i, ts.length);
            s.recentTs[s.recentHead] = ts[at];
            s.recentValues[s.recentHead] = values[at];
            s.recentHead = (s.recentHead + 1) % recent;
            s.recentSize = Math.min(s.recentSize + 1, recent);
        }
        s.firedRules = o.field("FIRED_RULES");
        s.firedAt = o.field("FIRED_AT");
        return s;
    }

    BinaryObject row(SensorState s, long now) {
        BinaryObjectBuilder b = binary.builder(STATS_TYPE);
        b.setField(SENSOR_ID, s.sensorId);
        b.setField("COUNT", s.count);
        b.setField("MEAN", s.mean);
        b.setField("STDDEV", s.stddev());
        b.setField("MIN", s.min);
        b.setField("MAX", s.max);
        b.setField("LAST_VALUE", s.lastValue);
        b.setField("LAST_TS", s.lastTs);
        b.setField("EWMA", s.ewma);
        b.setField("SMA", s.sma());
        b.setField("ZSCORE", s.zscore);
        b.setField("TREND", s.trend());
        b.setField("FORECAST", s.forecast());
        b.setField(AnalyticsTables.LATE_DROPPED, s.lateDropped);
        b.setField(AnalyticsTables.UPDATED_AT, now);
        b.setField("M2", s.m2);
        b.setField("WATERMARK", s.watermark);
        b.setField("RECENT_TS", s.recentTs);
        b.setField("RECENT_VALUES", s.recentValues);
        b.setField("RECENT_HEAD", s.recentHead);
        b.setField("RECENT_SIZE", s.recentSize);
        b.setField("FIRED_RULES", s.firedRules);
        b.setField("FIRED_AT", s.firedAt);
        return b.build();
    }

    /** A window row with one more value (or the first). */
    BinaryObject window(BinaryObject old, String id, String sensorId, Windows.Window w, WindowDelta d) {
        long count = d.count;
        double sum = d.sum;
        double min = d.min;
        double max = d.max;
        if (old != null) {
            count += old.<Long>field("COUNT");
            sum += old.<Double>field("SUM");
            min = Math.min(min, old.<Double>field("MIN"));
            max = Math.max(max, old.<Double>field("MAX"));
        }
        return binary.builder(WINDOW_TYPE).setField(ID, id).setField(SENSOR_ID, sensorId).setField("WINDOW_START", w.start())
            .setField("WINDOW_SIZE_MS", w.sizeMs()).setField("COUNT", count).setField("SUM", sum).setField("MIN", min)
            .setField("MAX", max).setField("AVG", sum / count).build();
    }

    BinaryObject alert(String id, AlertRule rule, String sensorId, long ts, double value, String message, long now) {
        return binary.builder(ALERT_TYPE).setField(ID, id).setField(RULE_ID, rule.id()).setField(SENSOR_ID, sensorId)
            .setField(SEVERITY, rule.severity().label()).setField(TS, ts).setField(VALUE, value).setField(MESSAGE, message)
            .setField(ACKNOWLEDGED, false).setField(RAISED_AT, now).build();
    }

    /** Alert id: one per rule, sensor and triggering event time, so re-applying a measurement cannot raise it twice. */
    static String alertId(String sensorId, long ts, String ruleId) {
        return sensorId + "|" + ts + "|" + ruleId;
    }

    /** What a batch adds to one window. */
    static final class WindowDelta {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double v) {
            count++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }
}
