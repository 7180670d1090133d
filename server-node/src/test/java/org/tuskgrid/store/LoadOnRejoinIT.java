package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.CachePeekMode;
import org.junit.jupiter.api.Test;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.store.StoreTestSupport.Db;

/**
 * A table loaded at start whose database lags behind the grid (write-behind): a node that rejoins a running cluster
 * must end up with the grid's rows, not the database's older ones. Ignite loads a key only where the node has none,
 * and a rejoining node has none until rebalancing brings them, so a load at that moment would keep the old row.
 * Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres).
 */
class LoadOnRejoinIT {
    private static final String TABLE = "REJOIN_" + StoreTestSupport.RUN.toUpperCase();
    private static final int ROWS = 2000;

    @Test
    void aNodeThatRejoinsTakesTheGridsRowsNotTheDatabasesOlderOnes() throws Exception {
        Db.POSTGRES.connect().close();
        try (LocalCluster c = LocalCluster.builder().nodes(2).namePrefix("LoadOnRejoinIT")
            .config(StoreTestSupport.nodeXml(Db.POSTGRES, StoreTestSupport.tables(Map.of(TABLE, "write-behind, load-on-start")),
                List.of(StoreTestSupport.cacheXml(TABLE, StoreTestSupport.JOB_FIELDS, 1, 32))))
            .option(ServerOptions.MEMORY.key(), "128m").start()) {
            StoreTestSupport.putJobs(c, TABLE, ROWS);
            assertThat(StoreTestSupport.awaitCount(Db.POSTGRES, TABLE, ROWS, Duration.ofSeconds(30))).isEqualTo(ROWS);
            // Newer rows that have not reached the database yet, as write-behind leaves them for a moment.
            Map<String, BinaryObject> newer = new LinkedHashMap<>();
            for (int i = 0; i < ROWS; i++) {
                newer.put(StoreTestSupport.key(i), StoreTestSupport.job(c.ignite(1), TABLE, i).toBuilder().setField("NAME", "newer-" + i).build());
            }
            c.ignite(1).cache(TABLE).withKeepBinary().withSkipStore().putAll(newer);

            c.kill(0);
            c.restart(0);
            IgniteCache<String, BinaryObject> rejoined = c.ignite(0).<String, BinaryObject>cache(TABLE).withKeepBinary();
            await().atMost(Duration.ofSeconds(60)).until(() -> rejoined.localSize(CachePeekMode.PRIMARY, CachePeekMode.BACKUP) == ROWS);
            List<String> old = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                BinaryObject row = rejoined.localPeek(StoreTestSupport.key(i), CachePeekMode.PRIMARY, CachePeekMode.BACKUP);
                if (row == null || !("newer-" + i).equals(row.field("NAME"))) {
                    old.add(StoreTestSupport.key(i) + "=" + (row == null ? null : row.field("NAME")));
                }
            }
            assertThat(old).as("rows of the rejoined node that are not the grid's latest (%d of %d)", old.size(), ROWS).isEmpty();
        }
    }
}
