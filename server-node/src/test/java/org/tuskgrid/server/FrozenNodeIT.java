package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.testing.ClusterExtension;

/**
 * A node frozen with SIGSTOP keeps its client connections open. Once the cluster has dropped it (3 s failure
 * detection here), a client's queries, cache calls and task calls must go to the live node instead of waiting for the
 * 5-minute request timeout on the frozen node's connection.
 */
class FrozenNodeIT {
    /** Failure detection (3 s), a heartbeat round (1 s) and the address check, with room for a slow host. */
    private static final Duration ANSWER_AFTER_FREEZE = Duration.ofSeconds(30);

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2);

    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "frozen-node-it-call");
        t.setDaemon(true);
        return t;
    });

    @Test
    void queriesCacheCallsAndTaskCallsAnswerFromTheLiveNodeOnceTheClusterDroppedAFrozenOne() throws Exception {
        try (TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(cluster.addresses()).build())) {
            assertThat(client.sql("SELECT 1").rows()).hasSize(1);
            assertThat(client.cluster().nodes()).hasSize(2);
            // Calls go over either connection at random: some of these wait on node 0's.
            List<TaskHandle> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiting.add(client.tasks().submit("sleep", "{\"ms\":2000}", TaskOptions.defaults()));
            }
            // Before LiveEndpoints, the calls that went to node 0's open connection waited for the request timeout.
            cluster.freeze(0);
            long deadline = System.nanoTime() + ANSWER_AFTER_FREEZE.toNanos();
            try {
                for (int i = 0; i < 10; i++) {
                    assertThat(answered(deadline, "SELECT COUNT(*) FROM JOBS", () -> client.sql("SELECT COUNT(*) FROM JOBS").rows()))
                        .hasSize(1);
                    assertThat(answered(deadline, "cluster()", () -> client.cluster().nodes()))
                        .extracting(NodeInfo::name).doesNotContain(cluster.cluster().name(0));
                    assertThat(answered(deadline, "tasks()", () -> client.tasks().list())).isNotEmpty();
                }
                String detached = answered(deadline, "submit --async",
                    () -> client.tasks().submit("echo", "{}", TaskOptions.builder().detached(true).build()).id());
                assertThat(client.tasks().attach(detached).result(Duration.ofSeconds(30))).isNotNull();
                for (TaskHandle h : waiting) {
                    assertThat(answered(deadline, "sleep " + h.id(), () -> h.result(ANSWER_AFTER_FREEZE)).get("slept").asInt())
                        .isEqualTo(2000);
                }
            } finally {
                cluster.cluster().kill(0);
                cluster.cluster().restart(0);
            }
        } finally {
            calls.shutdownNow();
        }
    }

    private <T> T answered(long deadline, String what, Supplier<T> call) throws Exception {
        try {
            return CompletableFuture.supplyAsync(call, calls).get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not answer within " + ANSWER_AFTER_FREEZE.toSeconds() + " s of the freeze of node 0");
        }
    }
}
