package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.binary.BinaryObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.ClusterExtension;

/**
 * Bounded memory: with room for only 10 pending keys per write-behind thread, a 2,000-row write leaves
 * dirty partitions instead of keys, and the partition rewrite still brings every row to the database.
 * Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres).
 */
class WriteBehindOverflowIT {
    private static final String TABLE = "OVERFLOW_" + StoreTestSupport.RUN.toUpperCase();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.inProcess(2).config(StoreTestSupport.nodeXml(Db.POSTGRES,
        StoreTestSupport.tables(Map.of(TABLE, "write-behind")) + "<property name=\"maxPendingKeys\" value=\"10\"/>",
        List.of(StoreTestSupport.cacheXml(TABLE, StoreTestSupport.JOB_FIELDS, 1, 32))));

    @Test
    void pastTheKeyLimitDirtyPartitionsAreRewrittenAndNothingIsLost() throws Exception {
        Db.POSTGRES.connect().close();
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            rows.put(StoreTestSupport.key(i), StoreTestSupport.job(cluster.cluster().ignite(0), TABLE, i));
        }
        cluster.cluster().ignite(0).cache(TABLE).withKeepBinary().putAll(rows);

        WriteBehindQueue q = StoreRuntime.of(cluster.cluster().name(0)).cache(TABLE).queue();
        assertThat(q.pending()).as("keys held by node 0 (4 threads x 10, plus a batch each in flight)").isLessThanOrEqualTo(80);
        assertThat(q.dirtyPartitions()).as("partitions marked instead").isPositive();
        assertThat(StoreTestSupport.awaitCount(Db.POSTGRES, TABLE, 2000, Duration.ofSeconds(120))).isEqualTo(2000);
        assertThat(StoreTestSupport.dbRow(Db.POSTGRES, TABLE, StoreTestSupport.key(1999))).isEqualTo(StoreTestSupport.expected(1999));
    }
}
