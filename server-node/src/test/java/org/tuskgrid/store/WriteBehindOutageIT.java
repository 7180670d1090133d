package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ignite.Ignition;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.ClusterExtension;

/**
 * Write-behind while the real PostgreSQL is stopped for 20 s in the middle of a load: every row
 * arrives once it is back, and the node logs stay quiet meanwhile. Needs PostgreSQL on
 * 127.0.0.1:5432 and the right to stop and start it with pg_ctlcluster (the CI container has both).
 */
class WriteBehindOutageIT {
    private static final String TABLE = "OUTAGE_" + StoreTestSupport.RUN.toUpperCase();
    private static final int ROWS = 20_000;

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2).config(StoreTestSupport.nodeXml(Db.POSTGRES,
        StoreTestSupport.tables(Map.of(TABLE, "write-behind")), List.of(StoreTestSupport.cacheXml(TABLE, StoreTestSupport.JOB_FIELDS, 1))));

    @Test
    @Timeout(240)
    void everyRowArrivesAfterPostgresWasDown20sMidLoadAndTheLogStaysQuiet() throws Exception {
        Db.POSTGRES.connect().close();
        try (IgniteClient client = Ignition.startClient(new ClientConfiguration().setAddresses(cluster.addresses().toArray(String[]::new)))) {
            ClientCache<String, BinaryObject> cache = client.cache(TABLE).withKeepBinary();
            AtomicInteger written = new AtomicInteger();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < ROWS; i += 250) {
                        Map<String, BinaryObject> batch = new LinkedHashMap<>();
                        for (int j = i; j < i + 250; j++) {
                            batch.put(StoreTestSupport.key(j), StoreTestSupport.jobBinary(client.binary(), TABLE, j));
                        }
                        cache.putAll(batch);
                        written.addAndGet(batch.size());
                        Thread.sleep(40);
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            });
            writer.start();
            while (written.get() < 5_000) {
                Thread.sleep(20);
            }
            long[] linesBefore = {lines(0), lines(1)};
            Postgres.stop();
            try {
                Thread.sleep(20_000);
            } finally {
                Postgres.start();
            }
            writer.join(120_000);
            assertThat(writerFailure.get()).as("writes while PostgreSQL was down").isNull();
            assertThat(written.get()).isEqualTo(ROWS);
            assertThat(StoreTestSupport.awaitCount(Db.POSTGRES, TABLE, ROWS, Duration.ofSeconds(90))).isEqualTo(ROWS);
            assertThat(StoreTestSupport.dbRow(Db.POSTGRES, TABLE, StoreTestSupport.key(ROWS - 1))).isEqualTo(StoreTestSupport.expected(ROWS - 1));
            long logged = lines(0) - linesBefore[0] + lines(1) - linesBefore[1];
            assertThat(logged).as("log lines of both nodes during and after the outage").isLessThan(40);
        }
    }

    private static long lines(int node) throws IOException {
        Path log = cluster.cluster().log(node);
        try (var s = Files.lines(log)) {
            return s.count();
        }
    }
}
