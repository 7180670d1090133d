package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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
        try (LocalCluster c = StoreTestSupport.postgresWriteBehind("WriteBehindStopIT", 2, TABLE,
            "<property name=\"flushWhenQuiet\" value=\"0\"/><property name=\"batchSize\" value=\"1000000\"/>")) {
            StoreTestSupport.putJobs(c, TABLE, 3000);
            assertThat(StoreTestSupport.count(Db.POSTGRES, TABLE)).as("rows flushed before the stop").isZero();

            c.stop(1);
            long afterFirstStop = StoreTestSupport.count(Db.POSTGRES, TABLE);
            assertThat(afterFirstStop).as("node 1's share, flushed by its stop").isBetween(1L, 2999L);
            c.stop(0);
            assertThat(StoreTestSupport.count(Db.POSTGRES, TABLE)).isEqualTo(3000);
        }
    }
}
