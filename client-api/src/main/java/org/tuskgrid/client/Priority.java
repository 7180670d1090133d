package org.tuskgrid.client;

import java.util.Locale;

/** How soon a submission runs on a busy node: queued jobs of higher priority start first. */
public enum Priority {
    LOW(1), NORMAL(5), HIGH(10), CRITICAL(20);

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    /** The number a node's job queue compares (higher runs first). */
    public int value() {
        return value;
    }

    /** Parses {@code low|normal|high|critical}, case-insensitively. */
    public static Priority parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("priority must be low, normal, high or critical, not '" + s + "'");
        }
    }
}
