package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.store.StoreTestSupport.Db;

/**
 * A burst of write-behind writes smaller than a batch reaches the database once its writers pause
 * ({@code flushWhenQuiet}, 20 ms by default), not after the flush interval, which is 10 minutes here.
 * Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres).
 */
class WriteBehindQuietIT {
    private static final String TABLE = "QUIET_" + StoreTestSupport.RUN.toUpperCase();

    @Test
    void aBurstReachesTheDatabaseWhenItsWritersPauseNotAfterTheInterval() throws Exception {
        Db.POSTGRES.connect().close();
        try (LocalCluster c = StoreTestSupport.postgresWriteBehind("WriteBehindQuietIT", 1, TABLE, "")) {
            StoreTestSupport.putJobs(c, TABLE, 3000);

            assertThat(StoreTestSupport.awaitCount(Db.POSTGRES, TABLE, 3000, Duration.ofSeconds(30))).isEqualTo(3000);
            assertThat(StoreTestSupport.dbRow(Db.POSTGRES, TABLE, StoreTestSupport.key(1234))).isEqualTo(StoreTestSupport.expected(1234));
        }
    }
}
