package org.tuskgrid.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tuskgrid.config.ConfigException;
import org.tuskgrid.config.Durations;

/**
 * The database layer of a node, declared as a bean in the node's Spring XML next to the
 * {@code IgniteConfiguration}:
 *
 * <pre>{@code
 * <bean class="org.tuskgrid.store.StoreSettings">
 *     <property name="url" value="jdbc:postgresql://127.0.0.1:5432/test"/>
 *     <property name="user" value="postgres"/>
 *     <property name="tables">
 *         <map>
 *             <entry key="MEASUREMENTS" value="write-behind"/>
 *             <entry key="ALERTS" value="write-through"/>
 *         </map>
 *     </property>
 * </bean>
 * }</pre>
 *
 * {@code TUSKGRID_JDBC_URL}, {@code TUSKGRID_JDBC_USER} and {@code TUSKGRID_JDBC_PASSWORD} override
 * the connection settings. In the URL, {@code {workDir}} stands for the nodes' work directory (an
 * embedded SQLite file shared by the nodes of one machine).
 */
public class StoreSettings {
    private String url;
    private String user;
    private String password;
    private Map<String, String> tables = new LinkedHashMap<>();
    private boolean required;
    private boolean createTables = true;
    private boolean loadOnStart;
    private int batchSize = 2000;
    private String flushInterval = "500ms";
    private String flushWhenQuiet = "20ms";
    private int maxPendingKeys = 200_000;
    private int poolSize = 8;
    private int flushThreads = 4;
    private String stopFlushTimeout = "30s";

    public String getUrl() {
        return url;
    }

    /** JDBC URL: {@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:} or {@code jdbc:sqlite:}. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Map<String, String> getTables() {
        return tables;
    }

    /**
     * Cache (table) name to mode: {@code read-through}, {@code write-through} or {@code write-behind}, optionally
     * followed by {@code , no-read-through} (see {@link TableStorage}).
     */
    public void setTables(Map<String, String> tables) {
        this.tables = new LinkedHashMap<>(tables);
    }

    public boolean isRequired() {
        return required;
    }

    /** When true, a node whose database is unreachable or whose tables do not fit refuses to start. */
    public void setRequired(boolean required) {
        this.required = required;
    }

    public boolean isCreateTables() {
        return createTables;
    }

    /** Create missing database tables from the caches' SQL fields (default true). */
    public void setCreateTables(boolean createTables) {
        this.createTables = createTables;
    }

    public boolean isLoadOnStart() {
        return loadOnStart;
    }

    /** Each node loads its part of every stored table when it starts (for small tables that must survive a full restart). */
    public void setLoadOnStart(boolean loadOnStart) {
        this.loadOnStart = loadOnStart;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /** Rows per database batch (write-behind flushes and writeAll). */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * Checks every setting at node start, so that a bad one stops the node with its name instead of leaving
     * tables silently unstored.
     *
     * @throws ConfigException naming the property and what it expects
     */
    public void validate() {
        positive("batchSize", batchSize);
        positive("maxPendingKeys", maxPendingKeys);
        positive("poolSize", poolSize);
        positive("flushThreads", flushThreads);
        if (flushInterval().isZero()) {
            throw new ConfigException("StoreSettings: flushInterval must be above 0, e.g. 500ms");
        }
        flushWhenQuiet();
        stopFlushTimeout();
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new ConfigException("StoreSettings: " + name + " must be at least 1, not " + value);
        }
    }

    private static Duration duration(String name, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("StoreSettings: " + name + " " + e.getMessage());
        }
    }

    public Duration flushInterval() {
        return duration("flushInterval", flushInterval);
    }

    /** Longest time a write-behind write waits before its batch is flushed, e.g. {@code 500ms}. */
    public void setFlushInterval(String flushInterval) {
        this.flushInterval = flushInterval;
    }

    public Duration flushWhenQuiet() {
        return duration("flushWhenQuiet", flushWhenQuiet);
    }

    /**
     * A write-behind thread whose writers have paused this long writes what it holds without waiting out the
     * flush interval, e.g. {@code 20ms}: the end of a burst reaches the database at once, while a steady stream
     * still fills whole batches. {@code 0} always waits out the interval (more coalescing of rewritten keys).
     */
    public void setFlushWhenQuiet(String flushWhenQuiet) {
        this.flushWhenQuiet = flushWhenQuiet;
    }

    public int getMaxPendingKeys() {
        return maxPendingKeys;
    }

    /**
     * Write-behind keys a node remembers one by one per cache; past this, it remembers whole partitions
     * as dirty (and rewrites them from the grid), so memory stays bounded however long the database is down.
     */
    public void setMaxPendingKeys(int maxPendingKeys) {
        this.maxPendingKeys = maxPendingKeys;
    }

    public int getFlushThreads() {
        return flushThreads;
    }

    /** Write-behind threads per cache and node writing to the database in parallel (a key always uses the same one; SQLite: 1). */
    public void setFlushThreads(int flushThreads) {
        this.flushThreads = flushThreads;
    }

    public int getPoolSize() {
        return poolSize;
    }

    /** Database connections per node (HikariCP maximumPoolSize; SQLite always uses one). */
    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public Duration stopFlushTimeout() {
        return duration("stopFlushTimeout", stopFlushTimeout);
    }

    /** How long a clean stop waits for pending write-behind writes to reach the database. */
    public void setStopFlushTimeout(String stopFlushTimeout) {
        this.stopFlushTimeout = stopFlushTimeout;
    }
}
