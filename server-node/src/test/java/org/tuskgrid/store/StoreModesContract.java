package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tuskgrid.store.StoreTestSupport.awaitCount;
import static org.tuskgrid.store.StoreTestSupport.dbRow;
import static org.tuskgrid.store.StoreTestSupport.expected;
import static org.tuskgrid.store.StoreTestSupport.job;
import static org.tuskgrid.store.StoreTestSupport.key;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.junit.jupiter.api.Test;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.ClusterExtension;

/**
 * What every database must do in every mode, run by one subclass per database on a 2-node cluster
 * whose three job-shaped caches use read-through, write-through and write-behind.
 */
abstract class StoreModesContract {
    static final String WT = "WT_" + StoreTestSupport.RUN.toUpperCase();
    static final String WB = "WB_" + StoreTestSupport.RUN.toUpperCase();
    static final String RT = "RT_" + StoreTestSupport.RUN.toUpperCase();
    static final String BULK = "BULK_" + StoreTestSupport.RUN.toUpperCase();
    /** Write-behind without read-through, as config/server.xml stores JOBS. */
    static final String NRT = "NRT_" + StoreTestSupport.RUN.toUpperCase();

    static ClusterExtension cluster(Db db) {
        Map<String, String> modes = new LinkedHashMap<>();
        modes.put(WT, "write-through");
        modes.put(WB, "write-behind");
        modes.put(RT, "read-through");
        modes.put(BULK, "read-through");
        modes.put(NRT, "write-behind, no-read-through");
        modes.put("NO_SUCH_TABLE", "write-behind");
        return ClusterExtension.inProcess(2).config(StoreTestSupport.nodeXml(db, StoreTestSupport.tables(modes)
                + "<property name=\"flushInterval\" value=\"200ms\"/>",
            List.of(StoreTestSupport.cacheXml(WT, StoreTestSupport.JOB_FIELDS, 1), StoreTestSupport.cacheXml(WB, StoreTestSupport.JOB_FIELDS, 1),
                StoreTestSupport.cacheXml(RT, StoreTestSupport.JOB_FIELDS, 1), StoreTestSupport.cacheXml(BULK, StoreTestSupport.JOB_FIELDS, 1),
                StoreTestSupport.cacheXml(NRT, StoreTestSupport.JOB_FIELDS, 1))));
    }

    abstract ClusterExtension cluster();

    abstract Db db();

    private Ignite ignite() {
        return cluster().cluster().ignite(0);
    }

    private IgniteCache<String, BinaryObject> cache(String name) {
        return ignite().cache(name).withKeepBinary();
    }

    @Test
    void writeThroughRoundTripsEveryColumnTypeAndDeletes() throws Exception {
        roundTrip(WT, Duration.ZERO);
    }

    @Test
    void writeBehindRoundTripsEveryColumnTypeAndDeletes() throws Exception {
        roundTrip(WB, Duration.ofSeconds(30));
    }

    private void roundTrip(String cacheName, Duration wait) throws Exception {
        IgniteCache<String, BinaryObject> cache = cache(cacheName);
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            rows.put(key(i), job(ignite(), cacheName, i));
        }
        cache.putAll(rows);
        // One row through SQL too: the path TuskGrid's own tables take.
        cluster().client().sql("INSERT INTO " + cacheName + " (ID, NAME, ATTEMPTS, PRIORITY, PROGRESS, DONE, CREATED, NOTE) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            key(300), expected(300).get("NAME"), expected(300).get("ATTEMPTS"), expected(300).get("PRIORITY"), expected(300).get("PROGRESS"),
            expected(300).get("DONE"), expected(300).get("CREATED"), expected(300).get("NOTE"));
        assertThat(awaitCount(db(), cacheName, 301, wait.plusSeconds(1))).isEqualTo(301);
        // Summed over both nodes: each wrote the rows of its own primary partitions.
        assertThat(Long.parseLong(ignite().compute().execute(StoreTableTask.class.getName(), "flushed:" + cacheName)))
            .as("rows the stores report written").isGreaterThanOrEqualTo(301);
        for (int i : new int[] {0, 1, 2, 299, 300}) {
            assertThat(dbRow(db(), cacheName, key(i))).as("row " + i).isEqualTo(expected(i));
        }
        cache.put(key(5), job(ignite(), cacheName, 1005));
        cache.remove(key(7));
        cluster().client().sql("DELETE FROM " + cacheName + " WHERE ID = ?", key(8));
        assertThat(awaitCount(db(), cacheName, 299, wait.plusSeconds(1))).isEqualTo(299);
        long deadline = System.nanoTime() + wait.plusSeconds(1).toNanos();
        while (!expected(1005).equals(dbRow(db(), cacheName, key(5))) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(dbRow(db(), cacheName, key(5))).isEqualTo(expected(1005));
        assertThat(dbRow(db(), cacheName, key(7))).isNull();
    }

    @Test
    void readThroughLoadsRowsInsertedStraightIntoTheDatabase() throws Exception {
        // The store created the table when the node started.
        StoreTestSupport.insertIntoDb(db(), RT, 0, 10);
        BinaryObject v = cache(RT).get(key(3));
        assertThat(v).isNotNull();
        Map<String, Object> e = expected(3);
        for (String f : e.keySet()) {
            assertThat((Object) v.field(f)).as(f).isEqualTo(e.get(f));
        }
        assertThat(cache(RT).get("no-such-key")).isNull();
        // Read-through mode never writes to the database.
        cache(RT).put(key(100), job(ignite(), RT, 100));
        assertThat(dbRow(db(), RT, key(100))).isNull();
    }

    @Test
    void noReadThroughLeavesRowsOnlyInTheDatabaseOutButStillWritesAndLoads() throws Exception {
        StoreTestSupport.insertIntoDb(db(), NRT, 0, 10);
        assertThat(cache(NRT).get(key(3))).as("a row only in the database, without read-through").isNull();
        cache(NRT).put(key(100), job(ignite(), NRT, 100));
        assertThat(awaitCount(db(), NRT, 11, Duration.ofSeconds(30))).isEqualTo(11);
        assertThat(dbRow(db(), NRT, key(100))).isEqualTo(expected(100));
        cache(NRT).loadCache(null);
        assertThat((Object) cache(NRT).get(key(3)).field("NAME")).as("loaded explicitly").isEqualTo(expected(3).get("NAME"));
    }

    @Test
    void loadCacheLoads100kRows() throws Exception {
        StoreTestSupport.insertIntoDb(db(), BULK, 0, 100_000);
        cache(BULK).loadCache(null);
        assertThat(cluster().client().sql("SELECT COUNT(*) FROM " + BULK).scalar()).isEqualTo(100_000L);
        BinaryObject v = cache(BULK).get(key(99_999));
        assertThat((Object) v.field("CREATED")).isEqualTo(expected(99_999).get("CREATED"));
    }
}
