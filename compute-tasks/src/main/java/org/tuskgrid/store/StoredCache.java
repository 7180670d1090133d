package org.tuskgrid.store;

import java.sql.SQLException;
import org.apache.logging.log4j.LogManager;

/** One cache's store on one node: its mode, table, health and (write-behind) queue. */
final class StoredCache {
    private final TableStorage storage;
    private final JdbcTable table;
    private final StoreHealth health;
    private final boolean createTables;
    private final WriteBehindQueue queue;
    private volatile boolean schemaReady;

    StoredCache(TableStorage storage, JdbcTable table, boolean createTables, StoreSettings settings, int flushThreads) {
        this.storage = storage;
        this.table = table;
        this.createTables = createTables;
        this.health = new StoreHealth(table.mapping().cache(), table.mapping().table());
        this.queue = storage.mode() == StoreMode.WRITE_BEHIND ? new WriteBehindQueue(this, settings, flushThreads) : null;
    }

    TableStorage storage() {
        return storage;
    }

    String cache() {
        return table.mapping().cache();
    }

    String tableName() {
        return table.mapping().table();
    }

    StoreHealth health() {
        return health;
    }

    /** The write-behind queue, or null in the other modes. */
    WriteBehindQueue queue() {
        return queue;
    }

    /** The table, its schema checked (and created) once before first use. */
    JdbcTable table() throws SQLException {
        if (!schemaReady) {
            synchronized (this) {
                if (!schemaReady) {
                    table.ensureSchema(createTables);
                    schemaReady = true;
                }
            }
        }
        return table;
    }

    void registerValueSchema(org.apache.ignite.IgniteBinary binary) {
        table.registerValueSchema(binary);
    }

    String ddl() {
        return table.ddl();
    }

    /**
     * Checks the table at start; a problem is logged in one line naming cache, table and cause.
     *
     * @return null when fine, else the problem
     */
    String check() {
        try {
            table();
            return null;
        } catch (SQLException | RuntimeException e) {
            health.problem(e);
            String line = health.what() + " is unhealthy: " + StoreHealth.oneLine(e);
            LogManager.getLogger(StoredCache.class).error("{}{}", line, health.reachable() ? ""
                : "; the node runs without it and retries");
            return line;
        }
    }
}
