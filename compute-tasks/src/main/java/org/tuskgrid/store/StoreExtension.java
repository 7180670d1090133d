package org.tuskgrid.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tuskgrid.config.ConfigException;
import org.tuskgrid.config.ConfigOption;
import org.tuskgrid.node.NodeContext;
import org.tuskgrid.node.NodeExtension;

/**
 * The database layer on a node: reads the node's {@link StoreSettings} bean, attaches a
 * {@link TuskGridCacheStore} to each listed cache (tables are added by other extensions at
 * {@link NodeExtension#TABLES}), runs the write-behind flushers and publishes {@code STORE_STATUS}.
 */
public final class StoreExtension implements NodeExtension {
    public static final ConfigOption<String> JDBC_URL = ConfigOption.string("tuskgrid.jdbc.url", null,
        "JDBC URL of the database layer; overrides the url of the node's StoreSettings bean.");
    public static final ConfigOption<String> JDBC_USER = ConfigOption.string("tuskgrid.jdbc.user", null,
        "Database user; overrides the user of the node's StoreSettings bean.");
    public static final ConfigOption<String> JDBC_PASSWORD = ConfigOption.string("tuskgrid.jdbc.password", null,
        "Database password; overrides the password of the node's StoreSettings bean.");

    private static final Logger LOG = LogManager.getLogger(StoreExtension.class);
    /** How often a table that could not be loaded at start is tried again. */
    private static final long LOAD_RETRY_SECONDS = 5;

    private StoreRuntime runtime;
    private String nodeName;
    private ScheduledExecutorService timer;
    private IgnitePredicate<DiscoveryEvent> listener;

    @Override
    public int order() {
        return STORES;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(JDBC_URL, JDBC_USER, JDBC_PASSWORD);
    }

    @Override
    public void configure(NodeContext ctx) {
        StoreSettings settings = ctx.bean(StoreSettings.class).orElse(null);
        if (settings == null) {
            return;
        }
        settings.validate();
        String url = first(ctx.option(JDBC_URL), settings.getUrl());
        if (url == null) {
            throw new ConfigException("StoreSettings: no url (set it in the bean or TUSKGRID_JDBC_URL)");
        }
        url = url.replace("{workDir}", ctx.workDir().getParent().toString());
        Dialect dialect;
        try {
            dialect = Dialect.of(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("StoreSettings: " + e.getMessage());
        }
        if (dialect == Dialect.SQLITE) {
            createParentDir(url);
        }
        IgniteConfiguration cfg = ctx.config();
        nodeName = ctx.nodeName();
        try {
            runtime = new StoreRuntime(settings, url, first(ctx.option(JDBC_USER), settings.getUser()),
                first(ctx.option(JDBC_PASSWORD), settings.getPassword()), nodeName);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("StoreSettings: " + e.getMessage());
        }
        for (Map.Entry<String, String> t : settings.getTables().entrySet()) {
            attach(cfg, t.getKey(), t.getValue());
        }
        List<CacheConfiguration<?, ?>> all = new ArrayList<>(caches(cfg));
        all.add(StoreStatusTable.config());
        cfg.setCacheConfiguration(all.toArray(CacheConfiguration[]::new));
        int[] events = cfg.getIncludeEventTypes() == null ? new int[0] : cfg.getIncludeEventTypes();
        cfg.setIncludeEventTypes(IntStream.concat(Arrays.stream(events), IntStream.of(EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED))
            .distinct().toArray());
        runtime.register(nodeName);
        if (settings.isRequired()) {
            for (StoredCache c : runtime.caches()) {
                String problem = c.check();
                if (problem != null) {
                    runtime.unregister(nodeName);
                    runtime.close();
                    throw new ConfigException(problem + " (the store is required)");
                }
            }
        }
        LOG.info("database layer: {} table(s) on {}", runtime.caches().size(), StoreRuntime.redact(url));
    }

    /** @throws ConfigException when the table's setting or its cache's shape cannot be stored: config, not an outage */
    private void attach(IgniteConfiguration cfg, String cacheName, String modeText) {
        CacheConfiguration<?, ?> cache = caches(cfg).stream().filter(c -> cacheName.equals(c.getName())).findFirst().orElse(null);
        if (cache == null) {
            LOG.info("store: table {} is listed in the store settings but not defined on this node; skipped", cacheName);
            return;
        }
        try {
            TableStorage storage = TableStorage.parse(modeText);
            StoreMode mode = storage.mode();
            TableMapping mapping = TableMapping.of(cache);
            runtime.add(mapping, storage);
            cache.setCacheStoreFactory(new TuskGridCacheStore.Factory(cacheName));
            cache.setStoreKeepBinary(true);
            cache.setReadThrough(storage.readThrough());
            cache.setWriteThrough(mode != StoreMode.READ_THROUGH);
            cache.setWriteBehindEnabled(false);
            if (mode == StoreMode.WRITE_BEHIND && cache.getCacheMode() != CacheMode.REPLICATED && cache.getBackups() == 0) {
                LOG.warn("store {}: write-behind on a cache without backups: writes pending on a node that dies are lost with it", cacheName);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("store " + cacheName + ": " + e.getMessage());
        }
    }

    private static List<CacheConfiguration<?, ?>> caches(IgniteConfiguration cfg) {
        return cfg.getCacheConfiguration() == null ? List.of() : Arrays.asList(cfg.getCacheConfiguration());
    }

    @Override
    public void started(Ignite ignite, NodeContext ctx) {
        if (runtime == null) {
            return;
        }
        boolean loadAll = runtime.settings().isLoadOnStart();
        List<StoredCache> unloaded = new ArrayList<>();
        List<StoredCache> unchecked = new ArrayList<>();
        for (StoredCache c : runtime.caches()) {
            if (loadAll || c.storage().loadOnStart()) {
                if (runtime.settings().isRequired() || c.check() == null) {
                    load(ignite, c);
                } else {
                    unloaded.add(c);
                }
            } else if (!runtime.settings().isRequired()) {
                unchecked.add(c);
            }
        }
        if (!unchecked.isEmpty()) {
            // A database that is down costs each check a connection timeout: not the node's start.
            Thread t = new Thread(() -> unchecked.forEach(StoredCache::check), "tuskgrid-store-check");
            t.setDaemon(true);
            t.start();
        }
        for (StoredCache c : runtime.caches()) {
            c.registerValueSchema(ignite.binary());
            if (c.queue() != null) {
                c.queue().start(ignite);
            }
        }
        listener = e -> {
            onNodeGone(ignite, e);
            return true;
        };
        ignite.events().localListen(listener, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
        StoreStatusTable status = new StoreStatusTable();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tuskgrid-store-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                status.publish(ignite, runtime);
            } catch (RuntimeException e) {
                // The status table is best effort (the node may be stopping); the next tick tries again.
            }
        }, 1, 1, TimeUnit.SECONDS);
        if (!unloaded.isEmpty()) {
            timer.scheduleWithFixedDelay(() -> loadOnceReachable(ignite, unloaded), LOAD_RETRY_SECONDS, LOAD_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Loads the tables that should have been loaded at start once their database answers: the alert rules of a cluster
     * that started while the database was down come back without anyone running {@code ./tuskgrid load}. Loading
     * never replaces what the grid holds by then (Ignite loads a key only where it has none).
     */
    private static void loadOnceReachable(Ignite ignite, List<StoredCache> unloaded) {
        for (Iterator<StoredCache> it = unloaded.iterator(); it.hasNext(); ) {
            StoredCache c = it.next();
            try {
                c.table();
            } catch (SQLException | RuntimeException stillDown) {
                continue; // its health already says so; the next round tries again
            }
            load(ignite, c);
            c.health().success(0);
            LOG.info("{}: loaded now that its database is reachable", c.health().what());
            it.remove();
        }
    }

    /**
     * Loads this node's part of a table, once rebalancing has brought it what the grid holds. Ignite loads a key only
     * where the node has none, and a node that rejoins a running cluster has none until rebalancing brings them: loaded
     * earlier, the database's row would stay, older than the grid's wherever write-behind had not written the latest
     * yet (measured: 556 and more than 1,000 rows of a 2,000-row table, {@code LoadOnRejoinIT}).
     */
    @SuppressWarnings("deprecation") // IgniteCache.rebalance(): the public way to wait for this node's rebalancing in 2.17
    private static void load(Ignite ignite, StoredCache c) {
        try {
            IgniteCache<Object, Object> cache = ignite.cache(c.cache());
            while (!cache.rebalance().get()) {
                // Cancelled by a topology change: wait for the rebalancing that replaced it.
            }
            cache.localLoadCache(null);
        } catch (RuntimeException e) {
            LOG.error("{}: not loaded at start: {}", c.health().what(), StoreHealth.oneLine(e));
        }
    }

    /**
     * A node that died (or stopped with writes it could not flush) may have taken pending write-behind
     * keys with it; the oldest surviving node rewrites those caches from the grid's backups.
     */
    private void onNodeGone(Ignite ignite, DiscoveryEvent e) {
        if (e.eventNode().isClient()) {
            return;
        }
        String gone = String.valueOf(e.eventNode().consistentId());
        boolean failed = e.type() == EventType.EVT_NODE_FAILED;
        // Cache calls must not run on the discovery thread.
        Thread t = new Thread(() -> {
            try {
                boolean oldest = ignite.cluster().forServers().forOldest().node().isLocal();
                Map<String, Long> pending = failed ? Map.of() : StoreStatusTable.pendingOf(ignite, gone);
                if (oldest) {
                    for (StoredCache c : runtime.caches()) {
                        if (c.queue() != null && (failed || pending.getOrDefault(c.cache(), 0L) > 0)) {
                            c.queue().rewriteAll();
                        }
                    }
                }
                StoreStatusTable.remove(ignite, gone);
            } catch (RuntimeException ex) {
                LOG.warn("store: could not react to node {} leaving: {}", gone, StoreHealth.oneLine(ex));
            }
        }, "tuskgrid-store-node-left");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stopping(Ignite ignite) {
        if (runtime == null) {
            return;
        }
        if (listener != null) {
            ignite.events().stopLocalListen(listener);
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        for (StoredCache c : runtime.caches()) {
            if (c.queue() != null && !c.queue().stop(runtime.settings().stopFlushTimeout())) {
                LOG.warn("{}: {} still pending after {} at stop; the other nodes rewrite them from the grid", c.health().what(),
                    c.queue().pendingText(), runtime.settings().stopFlushTimeout());
            }
        }
        try {
            new StoreStatusTable().publish(ignite, runtime);
        } catch (RuntimeException e) {
            LOG.debug("final store status not published: {}", e.toString());
        }
        runtime.unregister(nodeName);
        runtime.close();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static void createParentDir(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        if (q >= 0) {
            file = file.substring(0, q);
        }
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return;
        }
        try {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new ConfigException("StoreSettings: cannot create the directory of " + file + ": " + e.getMessage());
        }
    }
}
