package org.tuskgrid.client;

import java.util.Map;

/**
 * One reading of a sensor: the sensor id, the event time in epoch milliseconds, the value and optional tags.
 * A sensor has at most one value per millisecond: a second measurement with the same sensor and time
 * replaces the first (so a retried batch never counts twice).
 *
 * @param sensorId the sensor; not blank, no {@code |}
 * @param ts       event time, epoch milliseconds
 * @param value    a finite number
 * @param tags     free key/value labels, stored with the row (may be empty)
 */
public record Measurement(String sensorId, long ts, double value, Map<String, String> tags) {
    public Measurement {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A measurement without tags. */
    public static Measurement of(String sensorId, long ts, double value) {
        return new Measurement(sensorId, ts, value, Map.of());
    }

    /** Why this measurement cannot be stored, or {@code null} when it is fine. */
    public String problem() {
        if (sensorId == null || sensorId.isBlank()) {
            return "missing sensor id";
        }
        if (sensorId.indexOf('|') >= 0) {
            return "sensor id '" + sensorId + "' contains '|'";
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "value of sensor '" + sensorId + "' is " + value + " (must be a finite number)";
        }
        if (ts <= 0) {
            return "timestamp " + ts + " of sensor '" + sensorId + "' is not a positive epoch millisecond";
        }
        return null;
    }
}
