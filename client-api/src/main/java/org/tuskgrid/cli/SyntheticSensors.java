package org.tuskgrid.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tuskgrid.client.Measurement;

/**
 * Sensors {@code s-0 ... s-(N-1)}, each around a steady level of its own with Gaussian noise (standard
 * deviation 1), in round-robin. An anomaly makes one sensor spike {@link #SPIKE_SIGMAS} standard deviations
 * above its level for {@link #SPIKE_VALUES} consecutive values from an offset on.
 */
public final class SyntheticSensors {
    public static final double SPIKE_SIGMAS = 50;
    public static final int SPIKE_VALUES = 3;

    private final int sensors;
    private final String anomalySensor;
    private final long anomalyAtMs;
    private final Random random = new Random(42);
    private final long[] lastTs;
    private int next;
    private int spikesLeft = SPIKE_VALUES;

    /** @param anomalySensor sensor to spike, or {@code null}; @param anomalyAtMs offset from the start */
    public SyntheticSensors(int sensors, String anomalySensor, long anomalyAtMs) {
        this.sensors = sensors;
        this.anomalySensor = anomalySensor;
        this.anomalyAtMs = anomalyAtMs;
        this.lastTs = new long[sensors];
    }

    public static String name(int i) {
        return "s-" + i;
    }

    /** The steady level of sensor {@code i}. */
    public static double level(int i) {
        return 20 + i % 10;
    }

    /** The next {@code n} values at wall-clock time {@code now}, {@code elapsedMs} after the start; each sensor's times strictly rise. */
    public List<Measurement> next(int n, long now, long elapsedMs) {
        List<Measurement> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = next;
            next = (next + 1) % sensors;
            long ts = Math.max(now, lastTs[i] + 1);
            lastTs[i] = ts;
            String name = name(i);
            double v = level(i) + random.nextGaussian();
            if (name.equals(anomalySensor) && elapsedMs >= anomalyAtMs && spikesLeft > 0) {
                spikesLeft--;
                v = level(i) + SPIKE_SIGMAS;
            }
            out.add(Measurement.of(name, ts, v));
        }
        return out;
    }
}
