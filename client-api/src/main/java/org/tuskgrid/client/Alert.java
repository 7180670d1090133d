package org.tuskgrid.client;

/**
 * An alert raised by a rule for one sensor (a row of the {@code ALERTS} table).
 *
 * @param id           unique and stable: the same measurement never raises the same rule's alert twice
 * @param ruleId       the rule that fired
 * @param sensorId     the sensor
 * @param severity     the rule's severity
 * @param ts           event time of the measurement that fired it (for no-data: when the silence was noticed), epoch ms
 * @param value        the value (z-score rules: the value itself; no-data: seconds of silence)
 * @param message      a one-line explanation
 * @param acknowledged whether someone acknowledged it
 * @param raisedAt     server time the alert was raised, epoch ms
 */
public record Alert(String id, String ruleId, String sensorId, Severity severity, long ts, double value, String message,
                    boolean acknowledged, long raisedAt) {
}
