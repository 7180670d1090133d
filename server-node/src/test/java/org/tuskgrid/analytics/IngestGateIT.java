package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tuskgrid.client.IngestRefusedException;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.testing.CliRun;
import org.tuskgrid.testing.ClusterExtension;

/**
 * Measurements arriving with nothing deleting them: the nodes refuse them before their data region is full (a full
 * region halts an Ignite node), stay up, lose nothing they accepted, and take measurements again once there is room.
 * Separate JVMs: if the gate failed, the halt must not take the test JVM with it.
 */
class IngestGateIT {
    private static final int SENSORS = 100;
    private static final int BATCH = 5000;
    /** 128 MB per node holds roughly 100k measurements with their backups; far more than this means nothing refused. */
    private static final int MAX_BATCHES = 400;

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2).option(ServerOptions.MEMORY.key(), "128m");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // normally ~30 s
    void nodesRefuseMeasurementsBeforeTheirMemoryIsFullStayUpAndTakeThemAgainWhenThereIsRoom() throws Exception {
        TuskGridClient client = cluster.client();
        long accepted = 0;
        int batches = 0;
        IngestRefusedException refused = null;
        while (refused == null && batches < MAX_BATCHES) {
            try {
                accepted += client.analytics().ingestAndWait(batch(batches++)).accepted();
            } catch (IngestRefusedException e) {
                refused = e;
            }
        }
        assertThat(refused).as("no refusal after %d measurements", accepted).isNotNull();
        assertThat(refused.getMessage()).contains("data region 'default' is").contains("% full")
            .contains("tuskgrid.analytics.retention").contains("tuskgrid.memory");
        assertThat(client.cluster().nodes()).hasSize(2).allMatch(n -> n.health() == NodeInfo.Health.UP);
        // Each node publishes its status once a second.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(client.cluster().nodes()).anyMatch(n -> n.memory("refusingIngest") == 1));

        // Everything accepted is there; what is refused from now on stores nothing, and the nodes stay up under it.
        long stored = count(client);
        assertThat(stored).isGreaterThanOrEqualTo(accepted);
        for (int i = 0; i < 20; i++) {
            int b = batches++;
            assertThatThrownBy(() -> client.analytics().ingestAndWait(batch(b))).isInstanceOf(IngestRefusedException.class);
        }
        Path csv = Files.writeString(dir.resolve("late.csv"), "sensor_id,ts,value\nlate,1700000000000,1.0\n");
        CliRun serverSide = cluster.cli("ingest", "--file", csv.toString(), "--server-side");
        assertThat(serverSide.code()).isEqualTo(1);
        assertThat(serverSide.err()).contains("measurements refused").contains("data region 'default'");
        CliRun synthetic = cluster.cli("ingest", "--synthetic", "--sensors", "10", "--rate", "1000", "--duration", "1s");
        assertThat(synthetic.code()).isEqualTo(1);
        assertThat(synthetic.err()).contains("stored, then measurements refused: node ");
        CliRun status = cluster.cli("status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("MEMORY").contains("of 128 MB (refusing ingest)");
        assertThat(count(client)).isEqualTo(stored);
        assertThat(client.cluster().nodes()).hasSize(2).allMatch(n -> n.health() == NodeInfo.Health.UP);

        client.sql("DELETE FROM MEASUREMENTS");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(client.cluster().nodes()).allMatch(n -> n.memory("refusingIngest") == 0));
        await().atMost(Duration.ofSeconds(10)).ignoreException(IngestRefusedException.class)
            .until(() -> client.analytics().ingestAndWait(batch(MAX_BATCHES + 1)).accepted() == BATCH);
        assertThat(count(client)).isEqualTo(BATCH);
    }

    /** Batch {@code b}: distinct keys for every batch (a sensor's measurements 10 ms apart). */
    private static List<Measurement> batch(int b) {
        List<Measurement> out = new ArrayList<>(BATCH);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < BATCH; i++) {
            long n = (long) b * BATCH + i;
            out.add(Measurement.of("g-" + n % SENSORS, t0 + n / SENSORS * 10, n % 97));
        }
        return out;
    }

    private static long count(TuskGridClient client) {
        return ((Number) client.sql("SELECT COUNT(*) FROM MEASUREMENTS").scalar()).longValue();
    }
}
