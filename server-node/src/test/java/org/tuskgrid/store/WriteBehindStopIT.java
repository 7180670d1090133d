package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.binary.BinaryObject;
import org.junit.jupiter.api.Test;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.store.StoreTestSupport.Db;

/**
 * A clean stop flushes a node's pending write-behind writes before it leaves. The store flushes only
 * every 10 minutes here, so the stop is what writes them. Needs PostgreSQL on 127.0.0.1:5432 (database test).
 */
class WriteBehindStopIT {
    private static final String TABLE = "STOPPED_" + StoreTestSupport.RUN.toUpperCase();

    @Test
    void aCleanStopFlushesPendingWritesFirst() throws Exception {
        Db.POSTGRES.connect().close();
        try (LocalCluster c = LocalCluster.builder().nodes(2).namePrefix("WriteBehindStopIT")
            .config(StoreTestSupport.nodeXml(Db.POSTGRES, StoreTestSupport.tables(Map.of(TABLE, "write-behind"))
                + "<property name=\"flushInterval\" value=\"10m\"/><property name=\"batchSize\" value=\"1000000\"/>",
                List.of(StoreTestSupport.cacheXml(TABLE, StoreTestSupport.JOB_FIELDS, 1))))
            .option(ServerOptions.MEMORY.key(), "128m").option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "3s").start()) {
            Map<String, BinaryObject> rows = new LinkedHashMap<>();
            for (int i = 0; i < 3000; i++) {
                rows.put(StoreTestSupport.key(i), StoreTestSupport.job(c.ignite(0), TABLE, i));
            }
            c.ignite(0).cache(TABLE).withKeepBinary().putAll(rows);
            assertThat(StoreTestSupport.count(Db.POSTGRES, TABLE)).as("rows flushed before the stop").isZero();

            c.stop(1);
            long afterFirstStop = StoreTestSupport.count(Db.POSTGRES, TABLE);
            assertThat(afterFirstStop).as("node 1's share, flushed by its stop").isBetween(1L, 2999L);
            c.stop(0);
            assertThat(StoreTestSupport.count(Db.POSTGRES, TABLE)).isEqualTo(3000);
        }
    }
}
