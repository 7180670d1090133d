package org.tuskgrid.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one side of a workload achieved: operations per second and latency percentiles.
 *
 * @param ops        operations completed in the measured period
 * @param seconds    length of the measured period
 * @param latency    per-operation latencies in microseconds
 */
public record Measurement(long ops, double seconds, Histogram latency) {
    public double opsPerSecond() {
        return ops / seconds;
    }

    public double p50Millis() {
        return latency.getValueAtPercentile(50) / 1000.0;
    }

    public double p99Millis() {
        return latency.getValueAtPercentile(99) / 1000.0;
    }

    /** A fresh histogram for latencies from 1 µs to 1 minute with 3 significant digits. */
    public static Histogram histogram() {
        return new Histogram(1, TimeUnit.MINUTES.toMicros(1), 3);
    }
}
