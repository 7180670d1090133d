package org.tuskgrid.analytics;

import java.util.Arrays;

/**
 * The running statistics of one sensor, updated one measurement at a time in arrival order: count, mean
 * and population standard deviation (Welford's method, numerically stable), min, max, last value (the
 * one with the latest event time), EWMA, and over the last N values a simple moving average and a
 * least-squares trend (slope per second) with its forecast of the next value. The z-score of a value is
 * taken against the statistics before it, so a spike is measured against what was normal.
 */
public final class SensorState {
    final String sensorId;
    long count;
    double mean;
    double m2;
    double min = Double.NaN;
    double max = Double.NaN;
    double lastValue = Double.NaN;
    long lastTs;
    double ewma = Double.NaN;
    double zscore;
    /** Latest event time seen: what windows measure lateness against. */
    long watermark;
    long lateDropped;
    long[] recentTs;
    double[] recentValues;
    int recentHead;
    int recentSize;
    String[] firedRules = new String[0];
    long[] firedAt = new long[0];

    public SensorState(String sensorId, int recent) {
        this.sensorId = sensorId;
        this.recentTs = new long[recent];
        this.recentValues = new double[recent];
    }

    /** Adds one measurement. */
    public void add(long ts, double value, double alpha) {
        double sd = stddev();
        zscore = count >= 2 && sd > 0 ? (value - mean) / sd : 0;
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
        min = count == 1 ? value : Math.min(min, value);
        max = count == 1 ? value : Math.max(max, value);
        if (count == 1 || ts >= lastTs) {
            lastTs = ts;
            lastValue = value;
        }
        ewma = count == 1 ? value : alpha * value + (1 - alpha) * ewma;
        watermark = Math.max(watermark, ts);
        recentTs[recentHead] = ts;
        recentValues[recentHead] = value;
        recentHead = (recentHead + 1) % recentTs.length;
        recentSize = Math.min(recentSize + 1, recentTs.length);
    }

    public String sensorId() {
        return sensorId;
    }

    public long count() {
        return count;
    }

    public double mean() {
        return mean;
    }

    /** Population standard deviation. */
    public double stddev() {
        return count == 0 ? 0 : Math.sqrt(m2 / count);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double lastValue() {
        return lastValue;
    }

    public long lastTs() {
        return lastTs;
    }

    public double ewma() {
        return ewma;
    }

    /** z-score of the last value against the statistics before it (0 until there are two values with a spread). */
    public double zscore() {
        return zscore;
    }

    public long watermark() {
        return watermark;
    }

    /** Simple moving average of the last N values. */
    public double sma() {
        double sum = 0;
        for (int i = 0; i < recentSize; i++) {
            sum += recentValues[i];
        }
        return recentSize == 0 ? Double.NaN : sum / recentSize;
    }

    /** Least-squares slope of value over time (per second) over the last N values; 0 with fewer than 2 distinct times. */
    public double trend() {
        return fit()[0];
    }

    /** The fitted line at the time of the next value (last time plus the mean interval of the last N). */
    public double forecast() {
        return fit()[1];
    }

    /** {slope per second, forecast}. */
    private double[] fit() {
        if (recentSize == 0) {
            return new double[] {0, Double.NaN};
        }
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        for (int i = 0; i < recentSize; i++) {
            t0 = Math.min(t0, recentTs[i]);
            t1 = Math.max(t1, recentTs[i]);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < recentSize; i++) {
            mx += (recentTs[i] - t0) / 1000.0;
            my += recentValues[i];
        }
        mx /= recentSize;
        my /= recentSize;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < recentSize; i++) {
            double dx = (recentTs[i] - t0) / 1000.0 - mx;
            sxy += dx * (recentValues[i] - my);
            sxx += dx * dx;
        }
        if (sxx == 0) {
            return new double[] {0, my};
        }
        double slope = sxy / sxx;
        double next = (t1 - t0) / 1000.0 + (recentSize > 1 ? (t1 - t0) / 1000.0 / (recentSize - 1) : 0);
        return new double[] {slope, my + slope * (next - mx)};
    }

    /** Event time at which {@code ruleId} last fired for this sensor, or {@code Long.MIN_VALUE}. */
    public long lastFired(String ruleId) {
        for (int i = 0; i < firedRules.length; i++) {
            if (firedRules[i].equals(ruleId)) {
                return firedAt[i];
            }
        }
        return Long.MIN_VALUE;
    }

    public void fired(String ruleId, long ts) {
        for (int i = 0; i < firedRules.length; i++) {
            if (firedRules[i].equals(ruleId)) {
                firedAt[i] = ts;
                return;
            }
        }
        firedRules = Arrays.copyOf(firedRules, firedRules.length + 1);
        firedAt = Arrays.copyOf(firedAt, firedAt.length + 1);
        firedRules[firedRules.length - 1] = ruleId;
        firedAt[firedAt.length - 1] = ts;
    }

    public long lateDropped() {
        return lateDropped;
    }

    void droppedLate() {
        lateDropped++;
    }
}
