package org.tuskgrid.analytics;

import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.tuskgrid.client.internal.AnalyticsSchema;

/**
 * Places every analytics row by its sensor: keys are {@code sensor|...}, and the partition is that of the
 * sensor id. All analytics caches use it, so a sensor's measurements, statistics, windows and alerts
 * share a partition and its primary node updates them in one local transaction.
 */
public final class SensorAffinity extends RendezvousAffinityFunction {
    private static final long serialVersionUID = 1L;

    public SensorAffinity() {
        super(false, 1024);
    }

    @Override
    public int partition(Object key) {
        return super.partition(key instanceof String s ? AnalyticsSchema.sensorOf(s) : key);
    }
}
