package org.tuskgrid.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tuskgrid.jobs.JobAssertions.pause;
import static org.tuskgrid.jobs.JobAssertions.recorded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.testing.ClusterExtension;

/** Three nodes as separate JVMs: a waiting caller loses the node coordinating its job twice, to kill -9 and then to a freeze. */
class JobRescueIT {
    private static final int JOBS = 9;
    private static final int SLEEP_MS = 8000;

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(3);

    /**
     * The kill closes the client's connection, so each handle re-submits its job (resumes) through another node. That
     * node is then frozen (SIGSTOP): its connection stays open (this client keeps it, as behind a load balancer) and the
     * resumed calls never answer. The client's watch must hand those jobs over to the last node, as it does for a first
     * coordinator that freezes.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aResumedCallWhoseNewCoordinatorFreezesIsHandedOverAndAnswersOnce() throws Exception {
        try (TuskGridClient client = JobFailoverIT.keepingFrozenConnections(cluster)) {
            Map<String, Integer> nodeIndex = nodeIndexById(client);
            ConcurrentHashMap<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                TaskHandle h = client.tasks().submit("sleep", "{\"ms\":" + SLEEP_MS + "}", TaskOptions.defaults());
                h.future().whenComplete((r, e) -> deliveries.computeIfAbsent(h.id(), k -> new AtomicInteger()).incrementAndGet());
                handles.add(h);
            }
            Map<String, Integer> before = new HashMap<>();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                before.clear();
                coordinators(client, handles).forEach((id, c) -> before.put(id, nodeIndex.get(c)));
                assertThat(before).as("a row for every running job").hasSize(JOBS);
            });
            int killed = mostCommon(before.values());
            List<String> resumed = before.keySet().stream().filter(id -> before.get(id) == killed).toList();

            cluster.cluster().kill(killed);
            Map<String, Integer> after = new HashMap<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                after.clear();
                coordinators(client, handles).forEach((id, c) -> after.put(id, nodeIndex.get(c)));
                assertThat(resumed).as("the killed node's jobs resumed through the others").allSatisfy(id ->
                    assertThat(after.get(id)).isNotNull().isNotEqualTo(killed));
            });
            int frozen = mostCommon(resumed.stream().map(after::get).toList());
            String survivor = cluster.cluster().name(3 - killed - frozen);

            cluster.freeze(frozen);
            try {
                for (TaskHandle h : handles) {
                    assertThat(h.result(Duration.ofSeconds(90)).get("slept").asInt()).isEqualTo(SLEEP_MS);
                }
            } finally {
                cluster.cluster().kill(frozen);
            }
            pause(200);
            assertThat(deliveries.values()).hasSize(JOBS).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            for (TaskHandle h : handles) {
                JobInfo row = recorded(client, h.id());
                assertThat(row.status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(row.node()).as(h.id() + " ran to the end on the last node").contains(survivor);
            }
        }
    }

    private static int mostCommon(java.util.Collection<Integer> nodes) {
        return nodes.stream().collect(Collectors.groupingBy(n -> n, Collectors.counting())).entrySet().stream()
            .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Node ids (as the registry writes them) to the cluster's node numbers. */
    private static Map<String, Integer> nodeIndexById(TuskGridClient client) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < cluster.cluster().size(); i++) {
            byName.put(cluster.cluster().name(i), i);
        }
        Map<String, Integer> out = client.sql("SELECT CAST(NODE_ID AS VARCHAR) AS ID, CONSISTENT_ID FROM SYS.NODES").rows().stream()
            .collect(Collectors.toMap(r -> r.getString("ID"), r -> byName.get(r.getString("CONSISTENT_ID"))));
        assertThat(out.values()).as("every node's consistent id is its name").containsExactlyInAnyOrder(0, 1, 2);
        return out;
    }

    /** The COORDINATOR of each open job's row, by job id. */
    private static Map<String, String> coordinators(TuskGridClient client, List<TaskHandle> handles) {
        Map<String, String> out = new HashMap<>();
        for (TaskHandle h : handles) {
            client.sql("SELECT COORDINATOR FROM JOBS WHERE ID = ? AND STATUS IN ('QUEUED', 'RUNNING')", h.id()).rows()
                .forEach(r -> out.put(h.id(), r.getString("COORDINATOR")));
        }
        return out;
    }
}
