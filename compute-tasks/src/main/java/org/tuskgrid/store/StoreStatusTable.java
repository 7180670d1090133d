package org.tuskgrid.store;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.configuration.CacheConfiguration;
import org.tuskgrid.node.SqlTables;

/**
 * The {@code STORE_STATUS} SQL table: one row per node and stored cache with the figures of
 * {@code ./tuskgrid status}, refreshed every second by each node.
 */
final class StoreStatusTable {
    static final String NAME = "STORE_STATUS";
    private static final String TYPE = "TuskGridStoreStatus";

    private final Map<String, Long> lastFlushed = new LinkedHashMap<>();
    private long lastNanos = System.nanoTime();

    static CacheConfiguration<String, Object> config() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("ID", String.class.getName());
        fields.put("NODE", String.class.getName());
        fields.put("CACHE_NAME", String.class.getName());
        fields.put("DB_TABLE", String.class.getName());
        fields.put("MODE", String.class.getName());
        fields.put("PENDING", Long.class.getName());
        fields.put("DIRTY_PARTITIONS", Integer.class.getName());
        fields.put("FLUSHED", Long.class.getName());
        fields.put("FLUSHED_PER_SEC", Double.class.getName());
        fields.put("FAILURES", Long.class.getName());
        fields.put("LAST_ERROR", String.class.getName());
        fields.put("REACHABLE", Boolean.class.getName());
        fields.put("UPDATED", Timestamp.class.getName());
        QueryEntity e = SqlTables.entity(String.class.getName(), TYPE).setTableName(NAME).setKeyFieldName("ID").setFields(fields);
        return new CacheConfiguration<String, Object>(NAME).setCacheMode(CacheMode.REPLICATED).setAffinity(SqlTables.smallTableAffinity()).setSqlSchema("PUBLIC")
            .setQueryEntities(List.of(e));
    }

    /** Writes this node's rows. */
    void publish(Ignite ignite, StoreRuntime runtime) {
        IgniteCache<String, BinaryObject> cache = ignite.cache(NAME).withKeepBinary();
        String node = String.valueOf(ignite.cluster().localNode().consistentId());
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        for (StoredCache c : runtime.caches()) {
            StoreHealth h = c.health();
            long flushed = h.flushed();
            Long before = lastFlushed.put(c.cache(), flushed);
            WriteBehindQueue q = c.queue();
            rows.put(node + "/" + c.cache(), ignite.binary().builder(TYPE)
                .setField("NODE", node).setField("CACHE_NAME", c.cache()).setField("DB_TABLE", c.tableName())
                .setField("MODE", c.storage().text())
                .setField("PENDING", q == null ? 0L : q.pending(), Long.class)
                .setField("DIRTY_PARTITIONS", q == null ? 0 : q.dirtyPartitions(), Integer.class)
                .setField("FLUSHED", flushed, Long.class)
                .setField("FLUSHED_PER_SEC", before == null ? 0.0 : Math.round((flushed - before) / seconds * 10) / 10.0, Double.class)
                .setField("FAILURES", h.failures(), Long.class)
                .setField("LAST_ERROR", h.lastError(), String.class)
                .setField("REACHABLE", h.reachable(), Boolean.class)
                .setField("UPDATED", new Timestamp(System.currentTimeMillis()), Timestamp.class)
                .build());
        }
        cache.putAll(rows);
    }

    /** Pending writes a node reported last, per cache (a node that stopped with writes unflushed). */
    static Map<String, Long> pendingOf(Ignite ignite, String node) {
        Map<String, Long> out = new LinkedHashMap<>();
        IgniteCache<String, BinaryObject> cache = ignite.cache(NAME).withKeepBinary();
        for (javax.cache.Cache.Entry<String, BinaryObject> e : cache.query(new org.apache.ignite.cache.query.ScanQuery<String, BinaryObject>(
            (k, v) -> k.startsWith(node + "/")))) {
            Long pending = e.getValue().field("PENDING");
            Integer parts = e.getValue().field("DIRTY_PARTITIONS");
            out.put(e.getValue().field("CACHE_NAME"), (pending == null ? 0 : pending) + (parts == null ? 0 : parts));
        }
        return out;
    }

    /** Removes a node's rows once it left. */
    static void remove(Ignite ignite, String node) {
        IgniteCache<String, BinaryObject> cache = ignite.cache(NAME).withKeepBinary();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (javax.cache.Cache.Entry<String, BinaryObject> e : cache.query(new org.apache.ignite.cache.query.ScanQuery<String, BinaryObject>(
            (k, v) -> k.startsWith(node + "/")))) {
            keys.add(e.getKey());
        }
        cache.removeAll(keys);
    }
}
