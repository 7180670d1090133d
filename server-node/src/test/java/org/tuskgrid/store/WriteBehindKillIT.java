package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignition;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.ClusterExtension;

/**
 * kill -9 of a node whose write-behind writes are still pending: the survivor replays them from the
 * grid's backups. The store flushes only every 10 minutes here, so every write is pending when the
 * node dies. Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres).
 */
class WriteBehindKillIT {
    private static final String TABLE = "KILLED_" + StoreTestSupport.RUN.toUpperCase();
    private static final int ROWS = 10_000;

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2).config(StoreTestSupport.nodeXml(Db.POSTGRES,
        StoreTestSupport.tables(Map.of(TABLE, "write-behind"))
            + "<property name=\"flushInterval\" value=\"10m\"/><property name=\"flushWhenQuiet\" value=\"0\"/><property name=\"batchSize\" value=\"1000000\"/>",
        List.of(StoreTestSupport.cacheXml(TABLE, StoreTestSupport.JOB_FIELDS, 1))));

    @Test
    void pendingWritesOfANodeKilledWithSigkillReachTheDatabase() throws Exception {
        Db.POSTGRES.connect().close();
        try (IgniteClient client = Ignition.startClient(new ClientConfiguration().setAddresses(cluster.addresses().get(1)))) {
            ClientCache<String, BinaryObject> cache = client.cache(TABLE).withKeepBinary();
            for (int i = 0; i < ROWS; i += 1000) {
                Map<String, BinaryObject> batch = new LinkedHashMap<>();
                for (int j = i; j < i + 1000; j++) {
                    batch.put(StoreTestSupport.key(j), StoreTestSupport.jobBinary(client.binary(), TABLE, j));
                }
                cache.putAll(batch);
            }
            assertThat(cache.size()).isEqualTo(ROWS);
            assertThat(StoreTestSupport.count(Db.POSTGRES, TABLE)).as("rows flushed before the kill").isZero();

            // Node 0 is the oldest and holds about half of the pending keys: the harder case (node 1 must take over).
            cluster.cluster().kill(0);

            assertThat(StoreTestSupport.awaitCount(Db.POSTGRES, TABLE, ROWS, Duration.ofSeconds(90))).isEqualTo(ROWS);
            assertThat(StoreTestSupport.dbRow(Db.POSTGRES, TABLE, StoreTestSupport.key(4321))).isEqualTo(StoreTestSupport.expected(4321));
        }
    }
}
