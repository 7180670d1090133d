package org.tuskgrid.client;

import java.util.Locale;

/** How a submission's jobs are spread over the eligible nodes. */
public enum Balance {
    /** Each node in turn. */
    ROUND_ROBIN,
    /** The node with the fewest active and queued jobs. */
    LEAST_LOADED,
    /** Only nodes whose attributes match every requirement; among them, each in turn. */
    CAPABILITY,
    /** Weighs each node's queue by its average job time, CPU count and load: the one expected to finish soonest. */
    ADAPTIVE;

    /** The command-line spelling: {@code round-robin}, {@code least-loaded}, {@code capability}, {@code adaptive}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Balance parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("balance must be round-robin, least-loaded, capability or adaptive, not '" + s + "'");
        }
    }
}
