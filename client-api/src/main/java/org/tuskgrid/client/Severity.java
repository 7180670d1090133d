package org.tuskgrid.client;

import java.util.Locale;

/** How serious an alert is, from least to most. */
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL;

    /** Parses {@code info|warning|error|critical} (any case). */
    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown severity '" + s + "'; use info, warning, error or critical");
        }
    }

    /** The lower-case name used on the command line and in tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
