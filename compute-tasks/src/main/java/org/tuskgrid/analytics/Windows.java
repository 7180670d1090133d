package org.tuskgrid.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tumbling windows of fixed sizes aligned to the epoch ({@code [k*size, (k+1)*size)}), with a grace
 * period: a measurement still counts in its window while the sensor's latest event time is before the
 * window's end plus the grace; later than that it is dropped from the windows (it still counts in the
 * sensor's statistics and in MEASUREMENTS).
 */
public final class Windows {
    private final long[] sizes;
    private final long grace;

    public Windows(List<Duration> sizes, Duration grace) {
        this.sizes = sizes.stream().mapToLong(Duration::toMillis).toArray();
        this.grace = grace.toMillis();
    }

    /** One window a measurement falls in. */
    public record Window(long sizeMs, long start) {
        public String key(String sensorId) {
            return sensorId + "|" + sizeMs + "|" + start;
        }
    }

    /** The windows a measurement at {@code ts} goes into, given the sensor's latest event time so far; empty when too late. */
    public List<Window> of(long ts, long watermark) {
        List<Window> out = new ArrayList<>(sizes.length);
        for (long size : sizes) {
            long start = Math.floorDiv(ts, size) * size;
            if (watermark < start + size + grace) {
                out.add(new Window(size, start));
            }
        }
        return out;
    }

    public long[] sizes() {
        return sizes.clone();
    }
}
