package org.tuskgrid.store;

import java.util.Locale;

/**
 * One table's entry in {@link StoreSettings#getTables()}: its mode, optionally followed by
 * {@code , no-read-through}, as in {@code "write-behind, no-read-through"}.
 *
 * <p>{@code no-read-through} is for tables whose rows only the grid writes and that are loaded at start
 * ({@code loadOnStart}), such as {@code JOBS}: a key missing from the grid is missing from the database
 * too, and reading it through would cost a database query on every write of a new key (Ignite reads the
 * old value before an {@code invoke}).
 *
 * @param mode        how writes reach the database
 * @param readThrough whether a key missing from the grid is looked up in the database
 */
public record TableStorage(StoreMode mode, boolean readThrough) {
    static final String NO_READ_THROUGH = "no-read-through";

    /** {@code MODE} or {@code MODE, no-read-through} (any case). */
    public static TableStorage parse(String text) {
        String[] parts = text.split(",", -1);
        StoreMode mode = StoreMode.parse(parts[0]);
        boolean readThrough = true;
        for (int i = 1; i < parts.length; i++) {
            String option = parts[i].trim().toLowerCase(Locale.ROOT);
            if (!option.equals(NO_READ_THROUGH)) {
                throw new IllegalArgumentException("unknown store option '" + parts[i].trim() + "' in '" + text
                    + "' (expected " + NO_READ_THROUGH + ")");
            }
            readThrough = false;
        }
        if (mode == StoreMode.READ_THROUGH && !readThrough) {
            throw new IllegalArgumentException("'" + text + "' leaves the store nothing to do (read-through without read-through)");
        }
        return new TableStorage(mode, readThrough);
    }

    /** As configured and shown in {@code STORE_STATUS.MODE}: {@code write-behind} or {@code write-behind, no-read-through}. */
    public String text() {
        return mode.text() + (readThrough ? "" : ", " + NO_READ_THROUGH);
    }
}
