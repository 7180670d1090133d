package org.tuskgrid.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database layer of one node: its connection pool and its stored caches. Stores find it by the
 * node's Ignite instance name (several nodes may share a JVM in tests).
 */
final class StoreRuntime {
    private static final Map<String, StoreRuntime> BY_NODE = new ConcurrentHashMap<>();

    private final StoreSettings settings;
    /** {@link java.sql.DriverManager}'s SQLState for a URL no driver accepts. */
    private static final String NO_SUITABLE_DRIVER = "08001";
    private final String url;
    private final Dialect dialect;
    private final HikariDataSource ds;
    private final Map<String, StoredCache> caches = new LinkedHashMap<>();

    StoreRuntime(StoreSettings settings, String url, String user, String password, String nodeName) {
        this.settings = settings;
        this.url = url;
        Dialect dialect = Dialect.of(url);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(dialect.driverUrl(url));
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setPoolName("tuskgrid-store-" + nodeName);
        // SQLite allows one writer; more connections would only wait on its file lock.
        hc.setMaximumPoolSize(dialect == Dialect.SQLITE ? 1 : settings.getPoolSize());
        hc.setMinimumIdle(1);
        // A database that is down must not stop the node (unless the store is required), nor hold a writer 30 s.
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        dialect.driverProperties().forEach(hc::addDataSourceProperty);
        try {
            this.ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            // Hikari looks up the driver before any connection: this is the classpath, not the database.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof SQLException s && NO_SUITABLE_DRIVER.equals(s.getSQLState())) {
                throw new IllegalArgumentException("no JDBC driver on the classpath accepts " + redact(url)
                    + "; put the database's JDBC driver jar on the servers' classpath");
            }
            throw e;
        }
        this.dialect = dialect;
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    static StoreRuntime of(String nodeName) {
        StoreRuntime r = BY_NODE.get(nodeName);
        if (r == null) {
            throw new IllegalStateException("no database layer on node " + nodeName);
        }
        return r;
    }

    void register(String nodeName) {
        BY_NODE.put(nodeName, this);
    }

    void unregister(String nodeName) {
        BY_NODE.remove(nodeName, this);
    }

    StoredCache add(TableMapping mapping, TableStorage storage) {
        // SQLite has one connection: more write-behind threads would only queue for it.
        int flushThreads = dialect == Dialect.SQLITE ? 1 : settings.getFlushThreads();
        StoredCache c = new StoredCache(storage, new JdbcTable(mapping, dialect, ds, settings.getBatchSize()), settings.isCreateTables(),
            settings, flushThreads);
        caches.put(mapping.cache(), c);
        return c;
    }

    StoredCache cache(String name) {
        StoredCache c = caches.get(name);
        if (c == null) {
            throw new IllegalStateException("cache " + name + " has no store on this node");
        }
        return c;
    }

    Collection<StoredCache> caches() {
        return caches.values();
    }

    StoreSettings settings() {
        return settings;
    }

    String url() {
        return url;
    }

    void close() {
        ds.close();
    }
}
