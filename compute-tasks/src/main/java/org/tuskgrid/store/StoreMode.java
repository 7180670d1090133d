package org.tuskgrid.store;

import java.util.Locale;

/**
 * How a cache uses its database table. Every mode can bulk-load and reads through on a missing key,
 * unless the table says {@code no-read-through} ({@link TableStorage}).
 */
public enum StoreMode {
    /** The database is only read: missing keys and {@code loadCache}; writes stay in the grid. */
    READ_THROUGH,
    /** Every write reaches the database before the cache call returns; a database error fails the write. */
    WRITE_THROUGH,
    /** Writes are acknowledged at once and reach the database in batches, retried until it takes them. */
    WRITE_BEHIND;

    /** {@code read-through}, {@code write-through} or {@code write-behind} (any case, {@code _} or {@code -}). */
    public static StoreMode parse(String text) {
        String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (StoreMode m : values()) {
            if (m.name().equals(norm)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown store mode '" + text + "' (expected read-through, write-through or write-behind)");
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
