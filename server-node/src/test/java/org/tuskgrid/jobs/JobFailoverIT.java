package org.tuskgrid.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tuskgrid.jobs.JobAssertions.pause;
import static org.tuskgrid.jobs.JobAssertions.recorded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.testing.ClusterExtension;

/** Nodes as separate JVMs, killed with SIGKILL while jobs run. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobFailoverIT {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2);

    @AfterEach
    void bothNodesBack() {
        for (int i = 0; i < 2; i++) {
            if (!cluster.cluster().isAlive(i)) {
                cluster.cluster().restart(i);
            }
        }
    }

    /** A client whose compute calls go to node {@code first} (the thin client's default connection is its first address). */
    private static TuskGridClient clientThrough(int first) {
        return TuskGridClient.connect(ClientSettings.builder()
            .addresses(cluster.cluster().clientAddress(first), cluster.cluster().clientAddress(1 - first)).build());
    }

    @Test
    @Order(1)
    void killOfAWorkerNodeMovesItsJobsAndEveryResultArrivesOnce() {
        run200JobsAndKill(0, 1);
    }

    @Test
    @Order(2)
    void killOfTheNodeTheClientSubmittedThroughStillGivesEveryResultOnce() {
        run200JobsAndKill(1, 1);
    }

    private void run200JobsAndKill(int clientNode, int killed) {
        String killedName = cluster.cluster().name(killed);
        try (TuskGridClient client = clientThrough(clientNode)) {
            List<TaskHandle> handles = new ArrayList<>();
            ConcurrentHashMap<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
            for (int i = 0; i < 200; i++) {
                TaskHandle h = client.tasks().submit("sleep", "{\"ms\":1000}", TaskOptions.defaults());
                h.future().whenComplete((r, e) -> deliveries.computeIfAbsent(h.id(), k -> new AtomicInteger()).incrementAndGet());
                handles.add(h);
            }
            pause(500); // each node is then running 16 one-second jobs
            cluster.cluster().kill(killed);

            List<String> moved = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            String survivor = cluster.cluster().name(1 - killed);
            for (TaskHandle h : handles) {
                JsonNode r = h.result(WAIT);
                assertThat(r.get("slept").asInt()).isEqualTo(1000);
            }
            pause(200);
            assertThat(deliveries).hasSize(200);
            assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            for (TaskHandle h : handles) {
                JobInfo row = recorded(client, h.id());
                assertThat(row.status()).isEqualTo(JobStatus.SUCCEEDED);
                seen.add(row.node() + "/" + row.attempts());
                // A job that was running on the killed node shows both nodes (when its RUNNING change was written
                // before the kill) and must have run again; one that waited in its queue shows only the survivor.
                if (row.node().contains(killedName) && row.node().contains(survivor)) {
                    assertThat(row.attempts()).as(h.id() + " moved off the killed node").isGreaterThan(1);
                }
                if (row.attempts() > 1) {
                    assertThat(row.node()).as(h.id() + " ran again on the survivor").contains(survivor);
                    moved.add(h.id());
                }
            }
            assertThat(moved).as("jobs of the killed node moved to the survivor with attempts > 1; rows (nodes/attempts): "
                + seen.stream().collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting()))).isNotEmpty();
        }
    }

    @Test
    @Order(3)
    void detachedJobsSurviveTheKillOfTheNodeThatAcceptedThemWithNobodyWaiting() {
        List<String> ids = new ArrayList<>();
        try (TuskGridClient submitter = clientThrough(0)) {
            for (int i = 0; i < 40; i++) {
                ids.add(submitter.tasks().submit("sleep", "{\"ms\":3000}", TaskOptions.builder().detached(true).build()).id());
            }
        } // the submitting client is gone, like a CLI that exited
        pause(1000);
        cluster.cluster().kill(0);

        try (TuskGridClient observer = clientThrough(1)) {
            for (String id : ids) {
                assertThat(observer.tasks().attach(id).result(WAIT).get("slept").asInt()).isEqualTo(3000);
                assertThat(recorded(observer, id).status()).isEqualTo(JobStatus.SUCCEEDED);
            }
            long rerun = ids.stream().filter(id -> recorded(observer, id).attempts() > 1).count();
            assertThat(rerun).as("jobs the dead node had running or queued ran again").isPositive();
        }
    }

    @Test
    @Order(4)
    void theTraceIdIsInEveryLogLineOfTheJobOnEveryNode() throws Exception {
        try (TuskGridClient client = clientThrough(0)) {
            TaskHandle h = client.tasks().submit("flaky", "{\"failTimes\":2}",
                TaskOptions.builder().maxRetries(2).traceId("trace-it-4711").build());
            h.result(WAIT);
            assertThat(recorded(client, h.id()).traceId()).isEqualTo("trace-it-4711");

            ObjectMapper json = new ObjectMapper();
            int lines = 0;
            for (int i = 0; i < 2; i++) {
                for (String line : Files.readAllLines(cluster.cluster().log(i))) {
                    JsonNode e = json.readTree(line);
                    if (e.get("message").asText().contains(h.id()) || e.get("message").asText().startsWith("flaky:")) {
                        lines++;
                        assertThat(e.path("mdc").path("traceId").asText()).as(line).isEqualTo("trace-it-4711");
                    }
                }
            }
            assertThat(lines).as("the job logged its failures and retries").isGreaterThanOrEqualTo(4);
        }
    }
}
