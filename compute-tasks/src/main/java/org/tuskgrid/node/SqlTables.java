package org.tuskgrid.node;

import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.internal.processors.query.QueryEntityEx;

/** What every TuskGrid SQL table shares. */
public final class SqlTables {
    /**
     * Index bytes inlined per row, for every TuskGrid table and index. Ignite's default (10 bytes) holds
     * a short string and little else, and our keys share long prefixes (time-ordered job ids, sensor ids):
     * every insert then compared rows by reading them whole from data pages and unmarshalling their keys,
     * which was half the CPU of a job registry write (profiled with JFR). 64 bytes hold the indexed
     * columns and the key that every secondary index ends with. The primary key index needs it set
     * apart: see {@link #entity}.
     */
    public static final int INDEX_INLINE_SIZE = 64;

    /** Partitions of a table that holds a few rows per node or per rule. */
    public static final int SMALL_TABLE_PARTITIONS = 32;

    private SqlTables() {
    }

    /**
     * A table definition whose primary key index inlines {@value #INDEX_INLINE_SIZE} bytes too. Neither an
     * index's inline size nor the cache's {@code sqlIndexMaxInlineSize} reaches the primary key index: a
     * string key got Ignite's 10 bytes, the first 7 characters, which time-ordered job ids share for 46 s at
     * a time. {@code QueryEntityEx} is Ignite's own carrier of {@code CREATE TABLE ... PK_INLINE_SIZE}; the
     * public {@code QueryEntity} has no such setting in 2.17.
     */
    public static QueryEntity entity(String keyType, String valueType) {
        QueryEntityEx e = new QueryEntityEx(new QueryEntity(keyType, valueType));
        e.setPrimaryKeyInlineSize(INDEX_INLINE_SIZE);
        return e;
    }

    /**
     * Placement for a table of a few rows: {@value #SMALL_TABLE_PARTITIONS} partitions instead of Ignite's 1024.
     * Every partition costs each node that holds it off-heap pages even when empty (a node of the default
     * config used 12% of its 512 MB region with no data; 10% once three such tables had 32 partitions) and a
     * line in every partition map exchange.
     */
    public static RendezvousAffinityFunction smallTableAffinity() {
        return new RendezvousAffinityFunction(false, SMALL_TABLE_PARTITIONS);
    }
}
