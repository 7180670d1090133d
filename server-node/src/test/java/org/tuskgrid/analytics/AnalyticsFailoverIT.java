package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.IngestResult;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.Row;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.testing.ClusterExtension;

/** kill -9 of a node (separate JVMs, backups = 1) in the middle of ingesting 200k measurements. */
class AnalyticsFailoverIT {
    private static final int SENSORS = 100;
    private static final int TOTAL = 200_000;
    private static final int BATCH = 5000;

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2).option(ServerOptions.MEMORY.key(), "400m")
        // kill -9 is noticed at once (the connection drops); a node merely paused by a busy machine must not be dropped.
        .option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "10s");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // normally ~40 s; on a busy machine the catch-up after the kill takes longer
    void killOfANodeDuringIngestionLosesNothingAndLeavesTheStatisticsConsistent() throws Exception {
        TuskGridClient client = cluster.client();
        long t0 = System.currentTimeMillis() / 60_000 * 60_000 - 3_600_000;
        double[] sum = new double[SENSORS];
        AtomicLong sent = new AtomicLong();
        List<CompletableFuture<IngestResult>> results = new ArrayList<>();
        Thread producer = new Thread(() -> {
            List<Measurement> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < TOTAL; i++) {
                int s = i % SENSORS;
                double v = s * 10 + (i * 7919 % 1000) / 100.0;
                sum[s] += v;
                batch.add(Measurement.of("k-" + s, t0 + i / SENSORS * 10L, v));
                if (batch.size() == BATCH) {
                    results.add(client.analytics().ingest(batch));
                    sent.addAndGet(batch.size());
                    batch = new ArrayList<>(BATCH);
                }
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= TOTAL / 3);

        cluster.cluster().kill(1);

        producer.join();
        long accepted = 0;
        for (CompletableFuture<IngestResult> r : results) {
            accepted += r.join().accepted();
        }
        assertThat(accepted).isEqualTo(TOTAL);
        assertThat(((Number) client.sql("SELECT COUNT(*) FROM MEASUREMENTS").scalar()).longValue()).isEqualTo(TOTAL);
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertThat(((Number) client.sql("SELECT SUM(count) FROM SENSOR_STATS")
            .scalar()).longValue()).isEqualTo(TOTAL));

        Map<String, Long> rows = new HashMap<>();
        client.sql("SELECT SENSOR_ID, COUNT(*) AS N FROM MEASUREMENTS GROUP BY SENSOR_ID").rows()
            .forEach(r -> rows.put(r.getString("SENSOR_ID"), r.getLong("N")));
        List<Row> stats = client.sql("SELECT SENSOR_ID, COUNT, MEAN FROM SENSOR_STATS").rows();
        assertThat(stats).hasSize(SENSORS);
        for (Row r : stats) {
            String sensor = r.getString("SENSOR_ID");
            assertThat(r.getLong("COUNT")).as(sensor).isEqualTo(rows.get(sensor)).isEqualTo(TOTAL / SENSORS);
            double mean = sum[Integer.parseInt(sensor.substring(2))] / (TOTAL / SENSORS);
            assertThat(r.getDouble("MEAN")).as(sensor).isCloseTo(mean, within(Math.abs(mean) * 1e-9));
        }
    }
}
