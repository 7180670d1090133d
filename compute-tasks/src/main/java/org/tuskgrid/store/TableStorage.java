package org.tuskgrid.store;

import java.util.Locale;

/**
 * One table's entry in {@link StoreSettings#getTables()}: its mode, optionally followed by options, as in
 * {@code "write-behind, no-read-through"} or {@code "write-through, load-on-start"}.
 *
 * <p>{@code no-read-through} is for tables whose rows only the grid writes and that are loaded at start
 * ({@code loadOnStart}), such as {@code JOBS}: a key missing from the grid is missing from the database
 * too, and reading it through would cost a database query on every write of a new key (Ignite reads the
 * old value before an {@code invoke}).
 *
 * <p>{@code load-on-start} loads this table when a node starts, as {@link StoreSettings#setLoadOnStart} does for
 * every table: for a small table the grid scans rather than reads by key, such as {@code ALERT_RULES}, next to
 * large ones that should not be loaded whole.
 *
 * @param mode        how writes reach the database
 * @param readThrough whether a key missing from the grid is looked up in the database
 * @param loadOnStart whether each node loads its part of the table when it starts
 */
public record TableStorage(StoreMode mode, boolean readThrough, boolean loadOnStart) {
    static final String NO_READ_THROUGH = "no-read-through";
    static final String LOAD_ON_START = "load-on-start";

    /** {@code MODE[, OPTION]...} (any case), options {@value #NO_READ_THROUGH} and {@value #LOAD_ON_START}. */
    public static TableStorage parse(String text) {
        String[] parts = text.split(",", -1);
        StoreMode mode = StoreMode.parse(parts[0]);
        boolean readThrough = true;
        boolean loadOnStart = false;
        for (int i = 1; i < parts.length; i++) {
            String option = parts[i].trim().toLowerCase(Locale.ROOT);
            switch (option) {
                case NO_READ_THROUGH -> readThrough = false;
                case LOAD_ON_START -> loadOnStart = true;
                default -> throw new IllegalArgumentException("unknown store option '" + parts[i].trim() + "' in '" + text
                    + "' (expected " + NO_READ_THROUGH + " or " + LOAD_ON_START + ")");
            }
        }
        if (mode == StoreMode.READ_THROUGH && !readThrough) {
            throw new IllegalArgumentException("'" + text + "' leaves the store nothing to do (read-through without read-through)");
        }
        return new TableStorage(mode, readThrough, loadOnStart);
    }

    /** As configured and shown in {@code STORE_STATUS.MODE}, e.g. {@code write-behind, no-read-through}. */
    public String text() {
        return mode.text() + (readThrough ? "" : ", " + NO_READ_THROUGH) + (loadOnStart ? ", " + LOAD_ON_START : "");
    }
}
