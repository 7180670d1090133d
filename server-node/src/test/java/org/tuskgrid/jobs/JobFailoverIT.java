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
import org.tuskgrid.client.internal.ThinTuskGridClient;
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

    /**
     * A client given node {@code first}'s address first. It connects to both nodes all the same, and the thin client sends
     * each call over one of its connections at random, so its submissions go through both.
     */
    private static TuskGridClient clientThrough(int first) {
        return TuskGridClient.connect(ClientSettings.builder()
            .addresses(cluster.cluster().clientAddress(first), cluster.cluster().clientAddress(1 - first)).build());
    }

    /**
     * A client that keeps a frozen node's connection, as one does whose addresses are a load balancer's: what must cover
     * that case (the handle's watch, the control calls' time limit) is proven with it. A client given the nodes' own
     * addresses closes that connection once the cluster has dropped the node ({@code FrozenNodeIT}).
     */
    static TuskGridClient keepingFrozenConnections(ClusterExtension cluster) {
        return ThinTuskGridClient.connect(ClientSettings.builder().addresses(cluster.addresses()).build(), false);
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

    /** Submits {@code n} sleeps and counts, per job id, how often an outcome reaches the caller. */
    private static List<TaskHandle> submitSleeps(TuskGridClient client, int n, int ms, ConcurrentHashMap<String, AtomicInteger> deliveries) {
        List<TaskHandle> handles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TaskHandle h = client.tasks().submit("sleep", "{\"ms\":" + ms + "}", TaskOptions.defaults());
            h.future().whenComplete((r, e) -> deliveries.computeIfAbsent(h.id(), k -> new AtomicInteger()).incrementAndGet());
            handles.add(h);
        }
        return handles;
    }

    /**
     * The client is given node {@code clientNode}'s address only, so it sends every submission through that node (it
     * connects to the others on the next topology change: the kill), and when that node is the one killed it must find
     * the survivor by itself.
     */
    private void run200JobsAndKill(int clientNode, int killed) {
        String killedName = cluster.cluster().name(killed);
        ClientSettings oneAddress = ClientSettings.builder().addresses(cluster.cluster().clientAddress(clientNode)).build();
        try (TuskGridClient client = TuskGridClient.connect(oneAddress)) {
            ConcurrentHashMap<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
            List<TaskHandle> handles = submitSleeps(client, 200, 1000, deliveries);
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

    /**
     * A node that stops answering without closing its sockets (SIGSTOP: a long GC pause, a frozen VM) keeps the thin
     * client's connection open, so the outcome its submissions wait for never comes and no connection error says so.
     * The cluster drops the node, the survivor runs its jobs again, and each waiting caller must get its result anyway.
     */
    @Test
    @Order(5)
    void callersWaitingOnAFrozenNodeGetTheirResultsOnce() throws Exception {
        try (TuskGridClient client = keepingFrozenConnections(cluster)) {
            ConcurrentHashMap<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
            List<TaskHandle> handles = submitSleeps(client, 6, 3000, deliveries);
            pause(500);
            cluster.freeze(0);
            eachResultOnceThenKillNode0(handles, 3000, Duration.ofSeconds(45), deliveries);
            long rerun = 0;
            for (TaskHandle h : handles) {
                JobInfo row = recorded(client, h.id());
                assertThat(row.status()).isEqualTo(JobStatus.SUCCEEDED);
                rerun += row.attempts() > 1 ? 1 : 0;
            }
            assertThat(rerun).as("jobs the frozen node was running ran again on the survivor").isPositive();
        }
    }

    /**
     * The thin client keeps the connection of a frozen node open and sends it a share of the new submissions, which are
     * then neither answered nor recorded in JOBS, so there is no row to hand over. They must be sent again once the
     * cluster has dropped the node.
     */
    @Test
    @Order(6)
    void submissionsSentToAFrozenNodeBeforeItRecordedThemAreSentAgain() throws Exception {
        try (TuskGridClient client = keepingFrozenConnections(cluster)) {
            client.tasks().submit("echo", "{}", TaskOptions.defaults()).result(WAIT); // the client has seen both nodes
            pause(500);
            cluster.freeze(0);
            ConcurrentHashMap<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
            List<TaskHandle> handles = submitSleeps(client, 6, 1000, deliveries);
            // Each try goes to a random connection, the frozen node's included: 2 to 6 s per try, half of them lost.
            eachResultOnceThenKillNode0(handles, 1000, Duration.ofSeconds(90), deliveries);
            String survivor = cluster.cluster().name(1);
            for (TaskHandle h : handles) {
                JobInfo row = recorded(client, h.id());
                assertThat(row.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(row.node()).isEqualTo(survivor);
            }
        }
    }

    /**
     * Control calls (an --async submission, the task list) sent over the frozen node's open connection are never answered:
     * each try is given up and made again, so they answer, and an --async submission is queued once.
     */
    @Test
    @Order(7)
    void controlCallsAnswerWhileANodeIsFrozenAndAsyncSubmissionsRunOnce() throws Exception {
        try (TuskGridClient client = keepingFrozenConnections(cluster)) {
            client.tasks().submit("echo", "{}", TaskOptions.defaults()).result(WAIT);
            cluster.freeze(0);
            List<String> ids = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    assertThat(client.tasks().list()).isNotEmpty();
                    ids.add(client.tasks().submit("sleep", "{\"ms\":500}", TaskOptions.builder().detached(true).build()).id());
                }
            } finally {
                // Only control calls are tried again here: a query that meets the kept connection waits for the request timeout.
                cluster.cluster().kill(0);
            }
            for (String id : ids) {
                assertThat(client.tasks().attach(id).result(WAIT).get("slept").asInt()).isEqualTo(500);
                JobInfo row = recorded(client, id);
                assertThat(row.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(row.attemptTimes()).as(id + " ran once").hasSize(1);
            }
        }
    }

    /** Every sleep's result within {@code wait}, each delivered once; node 0 (frozen) is killed however that goes. */
    private static void eachResultOnceThenKillNode0(List<TaskHandle> handles, int ms, Duration wait,
                                                    ConcurrentHashMap<String, AtomicInteger> deliveries) {
        try {
            for (TaskHandle h : handles) {
                assertThat(h.result(wait).get("slept").asInt()).isEqualTo(ms);
            }
        } finally {
            cluster.cluster().kill(0);
        }
        pause(200);
        assertThat(deliveries.values()).hasSize(handles.size()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }
}
