package org.tuskgrid.client;

import java.util.Locale;

/** What an {@link AlertRule} watches. */
public enum RuleKind {
    /** The value is above the threshold. */
    ABOVE,
    /** The value is below the threshold. */
    BELOW,
    /** |z-score| of the value against the sensor's statistics before it is above the threshold. */
    ZSCORE,
    /** The trend slope (units per second over the last N values) is above the threshold. */
    TREND_UP,
    /** The trend slope is below minus the threshold. */
    TREND_DOWN,
    /** No measurement for the threshold in seconds (checked once a second on the sensor's primary node). */
    NO_DATA;

    /** Parses {@code above|below|zscore|trend-up|trend-down|no-data}. */
    public static RuleKind parse(String s) {
        String n = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RuleKind k : values()) {
            if (k.name().equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown rule kind '" + s + "'; use above, below, zscore, trend-up, trend-down or no-data");
    }

    /** The command-line spelling, e.g. {@code trend-up}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
