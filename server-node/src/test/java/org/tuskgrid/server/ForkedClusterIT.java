package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.testing.CliRun;
import org.tuskgrid.testing.ClusterExtension;

/** Nodes as separate processes started through {@code tuskgrid server}: what a user runs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForkedClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2);

    /** Waits for the node's "is up" line: the topology sees a node a moment before its main thread is done. */
    private static List<String> logOnceUp(int node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<String> lines = Files.readAllLines(cluster.cluster().log(node));
            if (lines.stream().anyMatch(l -> l.contains("is up: thin clients and JDBC at port")) || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void everyLineANodeWritesIsJsonAndAStartIsQuiet() throws Exception {
        assertThat(cluster.client().sql("SELECT 1").scalar()).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            List<String> lines = logOnceUp(i);
            assertThat(lines).hasSizeGreaterThan(10);
            int warnings = 0;
            for (String line : lines) {
                JsonNode e = JSON.readTree(line); // throws on a line that is not JSON
                assertThat(e.fieldNames()).toIterable().contains("time", "level", "logger", "thread", "node", "message");
                assertThat(e.get("node").asText()).isEqualTo(cluster.cluster().name(i));
                assertThat(e.get("level").asText()).as(line).isNotEqualTo("ERROR");
                assertThat(e.has("stackTrace")).as(line).isFalse();
                warnings += e.get("level").asText().equals("WARN") ? 1 : 0;
            }
            assertThat(warnings).as("warnings at start of " + cluster.cluster().name(i)).isLessThanOrEqualTo(3);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("is up: thin clients and JDBC at port"));
        }
    }

    @Test
    @Order(2)
    void clientFailsOverWhenItsNodeIsKilled() throws Exception {
        var client = cluster.client();
        assertThat(client.sql("SELECT 1").scalar()).isEqualTo(1);

        cluster.cluster().kill(0);

        assertThat(client.sql("SELECT 1").scalar()).isEqualTo(1);
        CliRun status = cluster.cli("status");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains(cluster.cluster().name(1)).contains(" up");
        // The killed node leaves the topology after failure detection.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (client.cluster().nodes().size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(client.cluster().nodes()).extracting(NodeInfo::name).containsExactly(cluster.cluster().name(1));
    }

    @Test
    @Order(3)
    void sigtermStopsANodeCleanlyWithinSeconds() throws Exception {
        cluster.cluster().restart(0);
        Process p = cluster.cluster().process(0);
        logOnceUp(0);

        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s").isTrue();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        List<String> lines = Files.readAllLines(cluster.cluster().log(0));
        assertThat(lines.get(lines.size() - 1)).contains("Node " + cluster.cluster().name(0) + " stopped");
        assertThat(ms).isLessThan(15_000);
        assertThat(cluster.client().sql("SELECT 1").scalar()).isEqualTo(1);
        cluster.cluster().stop(0); // ended on purpose: the close at the end is not to keep the logs for it
    }

    @Test
    @Order(4)
    void aNodeThatExitedOnItsOwnLeavesItsLogsAndAReasonAtClose() throws Exception {
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        LocalCluster one = LocalCluster.builder().nodes(1).forked(true).namePrefix("lone").progress(progress::add).start();
        Path dir = one.workDir();
        try {
            one.process(0).destroy(); // SIGTERM from outside, as the OS would end it: LocalCluster did not ask for it
            assertThat(one.process(0).waitFor(15, TimeUnit.SECONDS)).isTrue();
        } finally {
            one.close();
        }

        assertThat(progress).anySatisfy(l -> assertThat(l).startsWith("node lone-0 had exited on its own (exit code 143)"));
        assertThat(progress).contains("logs kept in " + dir);
        assertThat(dir.resolve("lone-0.log")).exists();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
