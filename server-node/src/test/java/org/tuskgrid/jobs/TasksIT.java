package org.tuskgrid.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.tuskgrid.jobs.JobAssertions.pause;
import static org.tuskgrid.jobs.JobAssertions.recorded;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.Balance;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.Priority;
import org.tuskgrid.client.TaskFailedException;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.jobs.internal.JobsExtension;
import org.tuskgrid.testing.CliRun;
import org.tuskgrid.testing.ClusterExtension;

/** Task semantics on a 2-node cluster (in this JVM); node 1 has zone=east; each node runs 2 jobs at a time. */
class TasksIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.inProcess(2).attribute(1, "zone", "east")
        .option(JobsExtension.PARALLEL.key(), "2");

    private static TuskGridClient client() {
        return cluster.client();
    }

    private static String node(int i) {
        return cluster.cluster().name(i);
    }

    @Test
    void montecarloPiSplitsAcrossBothNodesAndLandsNearPi() {
        JsonNode r = client().tasks().run("montecarlo-pi", "{\"samples\":2000000}", TaskOptions.defaults(), WAIT);

        assertThat(r.get("pi").asDouble()).isCloseTo(Math.PI, within(0.01));
        assertThat(r.get("samples").asLong()).isEqualTo(2_000_000);
        assertThat(r.get("samplesPerNode").get(node(0)).asLong()).isEqualTo(1_000_000);
        assertThat(r.get("samplesPerNode").get(node(1)).asLong()).isEqualTo(1_000_000);
    }

    @Test
    void retryableFailuresAreRetriedWithExponentialBackoffAndJitter() {
        TaskHandle h = client().tasks().submit("flaky", "{\"failTimes\":3}",
            TaskOptions.builder().maxRetries(3).retryBackoff(Duration.ofMillis(200)).build());

        assertThat(h.result(WAIT).get("attempts").asInt()).isEqualTo(4);
        JobInfo row = recorded(client(), h.id());
        assertThat(row.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(row.attempts()).isEqualTo(4);
        List<Instant> t = row.attemptTimes();
        assertThat(t).hasSize(4);
        // Gap i is 200 ms * 2^i, +-20% jitter, plus the time an attempt itself takes (well under 100 ms here).
        for (int i = 0; i < 3; i++) {
            long gap = Duration.between(t.get(i), t.get(i + 1)).toMillis();
            long nominal = 200L << i;
            assertThat(gap).as("gap before attempt " + (i + 2)).isBetween((long) (nominal * 0.8), (long) (nominal * 1.2) + 100);
        }
    }

    @Test
    void tooFewRetriesFailWithTheCauseOnOneLine() {
        TaskHandle h = client().tasks().submit("flaky", "{\"failTimes\":2}", TaskOptions.builder().maxRetries(1).build());

        assertThatThrownBy(() -> h.result(WAIT))
            .isInstanceOf(TaskFailedException.class)
            .hasMessage("job " + h.id() + " FAILED: RetryableException: flaky: planned failure 2 of 2 (gave up after 2 attempts)");
        JobInfo row = recorded(client(), h.id());
        assertThat(row.status()).isEqualTo(JobStatus.FAILED);
        assertThat(row.attempts()).isEqualTo(2);
    }

    @Test
    void invalidArgumentsFailAtOnceAreNeverRetriedAndNothingIsQueued() {
        TaskHandle h = client().tasks().submit("sleep", "{\"ms\":-5}", TaskOptions.builder().maxRetries(5).build());

        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOf(TuskGridException.class)
            .hasMessage("'ms' must be an integer from 0 to 86400000, got -5");
        pause(100);
        assertThat(client().tasks().job(h.id())).isEmpty();
    }

    @Test
    void unknownTaskAndBadJsonAreClearErrors() {
        TaskHandle h = client().tasks().submit("no-such-task", "{}", TaskOptions.defaults());
        assertThatThrownBy(() -> h.result(WAIT)).hasMessageStartingWith("unknown task 'no-such-task'; tasks on this cluster: echo, flaky");
        assertThatThrownBy(() -> client().tasks().submit("echo", "{not json", TaskOptions.defaults()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("arguments are not valid JSON");
        pause(100);
        assertThat(client().tasks().job(h.id())).isEmpty();
    }

    @Test
    void submitRefusalsAreOneLineWithExit1AndQueueNothing() {
        long before = jobRows();
        String[][] refused = {
            {"no-such-task", "error: unknown task 'no-such-task'; tasks on this cluster: echo, flaky"},
            {"echo", "--args", "{not json", "error: arguments are not valid JSON"},
            {"sleep", "--args", "{\"ms\":-5}", "error: 'ms' must be an integer from 0 to 86400000, got -5"},
            {"echo", "--require", "zone=mars", "error: no node matches zone=mars"},
        };
        for (String[] c : refused) {
            String[] args = new String[c.length];
            args[0] = "submit";
            System.arraycopy(c, 0, args, 1, c.length - 1);
            CliRun r = cluster.cli(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args)).startsWith(c[c.length - 1]);
            assertThat(r.err().lines()).as(String.join(" ", args)).hasSize(1);
        }
        // A value that does not parse is a usage error, found before anything is sent.
        CliRun usage = cluster.cli("submit", "echo", "--priority", "urgent");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).startsWith("error: Invalid value for option '--priority': priority must be low, normal, high or critical, not 'urgent'");
        pause(100);
        assertThat(jobRows()).isEqualTo(before);
        assertThat(cluster.cli("submit", "echo", "--args", "{\"ok\":true}").out()).contains("\"ok\":true");
    }

    @Test
    void jobCommandShowsEveryColumnWithTheResultOfADetachedJob() throws Exception {
        TaskHandle h = client().tasks().submit("echo", "{\"k\":\"v\"}", TaskOptions.builder().detached(true).build());
        h.result(WAIT);
        JobInfo row = recorded(client(), h.id());
        assertThat(row.result()).isEqualTo("{\"k\":\"v\"}");

        CliRun table = cluster.cli("job", h.id());
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out().lines()).contains("STATUS         SUCCEEDED", "RESULT         {\"k\":\"v\"}")
            .anySatisfy(l -> assertThat(l).startsWith("FINISHED_AT    20"));
        CliRun json = cluster.cli("job", h.id(), "--format", "json");
        JsonNode j = org.tuskgrid.tasks.Json.MAPPER.readTree(json.out()).get(0);
        assertThat(j.get("RESULT").asText()).isEqualTo("{\"k\":\"v\"}");
        assertThat(j.get("ATTEMPT_TIMES").asText()).isNotEmpty();
    }

    @Test
    void waitingLessThanTheJobTakesSaysItHasNotFinishedWithItsStatus() {
        TaskHandle h = client().tasks().submit("sleep", "{\"ms\":1500}", TaskOptions.defaults());
        assertThatThrownBy(() -> h.result(Duration.ofMillis(300))).isInstanceOf(TuskGridException.class)
            .hasMessageMatching("job " + h.id() + " has not finished after 300 ms \\(status (QUEUED|RUNNING)\\)");
        assertThat(h.result(WAIT).get("slept").asInt()).isEqualTo(1500);
    }

    /** The client sends a detached submission again when a node does not answer; the first try may have been taken all the same. */
    @Test
    void aDetachedSubmissionThatReachesTwoNodesIsQueuedAndRunOnce() {
        String id = "j-twice-" + System.nanoTime();
        String request = "{\"id\":\"" + id + "\",\"task\":\"sleep\",\"args\":{\"ms\":300},\"detached\":true}";
        for (int i = 0; i < 2; i++) {
            assertThat(cluster.cluster().ignite(i).compute().<String, String>execute("org.tuskgrid.jobs.internal.DetachTask", request))
                .isEqualTo(id);
        }
        JobInfo row = recorded(client(), id);
        assertThat(row.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(row.attemptTimes()).as("the job ran once").hasSize(1);
    }

    private static long jobRows() {
        return (long) client().sql("SELECT COUNT(*) FROM JOBS").scalar();
    }

    @Test
    void timeoutStopsTheJobAndSaysTimedOut() {
        long t0 = System.nanoTime();
        TaskHandle h = client().tasks().submit("sleep", "{\"ms\":10000}", TaskOptions.builder().timeout(Duration.ofSeconds(1)).build());

        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOf(TaskFailedException.class)
            .hasMessage("job " + h.id() + " TIMED_OUT: timed out after 1.0s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(recorded(client(), h.id()).status()).isEqualTo(JobStatus.TIMED_OUT);
        awaitNoActiveJobs(); // the sleeping thread was interrupted, not left running
    }

    @Test
    void cancelByIdFromAnotherClientInterruptsTheJob() {
        TaskHandle h = client().tasks().submit("sleep", "{\"ms\":30000}", TaskOptions.builder().detached(true).build());
        awaitStatus(h.id(), JobStatus.RUNNING);

        try (TuskGridClient other = TuskGridClient.connect(ClientSettings.builder().addresses(cluster.addresses()).build())) {
            assertThat(other.tasks().cancel(h.id())).isEqualTo(JobStatus.CANCELLED);
        }

        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOf(TaskFailedException.class)
            .extracting(e -> ((TaskFailedException) e).status()).isEqualTo(JobStatus.CANCELLED);
        awaitNoActiveJobs();
        assertThat(client().tasks().cancel(h.id())).as("cancelling a finished job changes nothing").isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void cancelRightAfterSubmitStopsTheJobBeforeItsRowIsWritten() {
        TaskHandle h = client().tasks().submit("sleep", "{\"ms\":30000}", TaskOptions.defaults());

        assertThat(client().tasks().cancel(h.id())).isEqualTo(JobStatus.CANCELLED);

        assertThatThrownBy(() -> h.result(WAIT)).isInstanceOf(TaskFailedException.class)
            .extracting(e -> ((TaskFailedException) e).status()).isEqualTo(JobStatus.CANCELLED);
        awaitNoActiveJobs();
        assertThat(recorded(client(), h.id()).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void cancelOfAnUnknownIdSaysThereIsNoSuchJob() {
        assertThatThrownBy(() -> client().tasks().cancel("j-no-such-job")).isInstanceOf(TuskGridException.class)
            .hasMessageContaining("no job 'j-no-such-job'");
    }

    @Test
    void capabilityRoutingRunsOnlyOnMatchingNodes() {
        TaskOptions east = TaskOptions.builder().balance(Balance.CAPABILITY).require("zone", "east").build();
        List<TaskHandle> handles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            handles.add(client().tasks().submit("sleep", "{\"ms\":10}", east));
        }
        for (TaskHandle h : handles) {
            h.result(WAIT);
            assertThat(recorded(client(), h.id()).node()).isEqualTo(node(1));
        }
        assertThat(client().tasks().attach(handles.get(0).id()).result(WAIT).get("node").asText())
            .as("a handle attached by id reads the recorded result").isEqualTo(node(1));
        TaskHandle none = client().tasks().submit("echo", "{}", TaskOptions.builder().require("zone", "west").build());
        assertThatThrownBy(() -> none.result(WAIT)).hasMessageStartingWith("no node matches zone=west (nodes: ");
    }

    @Test
    void roundRobinUsesBothNodesAndRecordsWhereEachJobRan() {
        // Round robin is per coordinating node (like Ignite's own balancer), and the client sends each submission through
        // either node: each coordinator alternates, so the two nodes' counts differ by one per coordinator at most.
        Map<String, Integer> perNode = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            TaskHandle h = client().tasks().submit("echo", "{\"i\":" + i + "}", TaskOptions.defaults());
            assertThat(h.result(WAIT).get("i").asInt()).isEqualTo(i);
            perNode.merge(recorded(client(), h.id()).node(), 1, Integer::sum);
        }
        assertThat(perNode.keySet()).containsExactlyInAnyOrder(node(0), node(1));
        assertThat(Math.abs(perNode.get(node(0)) - perNode.get(node(1)))).as("jobs per node: " + perNode).isLessThanOrEqualTo(2);
    }

    @Test
    void leastLoadedAvoidsTheBusyNode() {
        TaskOptions onNode0 = TaskOptions.builder().require("zone", "null").build();
        // Node 0 has no zone attribute: its "zone" reads as null. Keep both of its slots busy.
        List<TaskHandle> busy = List.of(client().tasks().submit("sleep", "{\"ms\":6000}", onNode0),
            client().tasks().submit("sleep", "{\"ms\":6000}", onNode0));
        busy.forEach(b -> awaitStatus(b.id(), JobStatus.RUNNING));
        pause(2000); // node metrics travel with discovery heartbeats (every 500 ms here, later on a loaded machine)

        TaskOptions least = TaskOptions.builder().balance(Balance.LEAST_LOADED).build();
        for (int i = 0; i < 4; i++) {
            TaskHandle h = client().tasks().submit("sleep", "{\"ms\":50}", least);
            h.result(WAIT);
            assertThat(recorded(client(), h.id()).node()).as("busy node published " + client().cluster().nodes().stream()
                .map(n -> n.name() + ":" + n.reports()).toList()).isEqualTo(node(1));
        }
        TaskHandle adaptive = client().tasks().submit("echo", "{}", TaskOptions.builder().balance(Balance.ADAPTIVE).build());
        adaptive.result(WAIT);
        assertThat(recorded(client(), adaptive.id()).node()).isEqualTo(node(1));
        busy.forEach(b -> b.result(WAIT));
    }

    @Test
    void higherPriorityQueuedJobsStartBeforeLowerOnes() {
        TaskOptions low = TaskOptions.builder().priority(Priority.LOW).require("zone", "east").build();
        List<TaskHandle> lows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lows.add(client().tasks().submit("sleep", "{\"ms\":2500}", low));
        }
        // Submissions travel on their own: any two of the lows may be the ones holding the node's slots.
        awaitRunning(lows, 2);
        TaskHandle high = client().tasks().submit("sleep", "{\"ms\":100}", low.toBuilder().priority(Priority.HIGH).build());
        high.result(WAIT);
        lows.forEach(l -> l.result(WAIT));

        Instant highStart = recorded(client(), high.id()).startedAt();
        List<Long> lowStarts = lows.stream().map(l -> recorded(client(), l.id()).startedAt().toEpochMilli() - highStart.toEpochMilli()).toList();
        // Two lows held the node's two slots when HIGH arrived; it started before (or with) every low that was waiting.
        assertThat(lowStarts.stream().filter(t -> t < 0).count()).as("lows started before HIGH, ms relative to it: " + lowStarts)
            .isEqualTo(2);
    }

    @Test
    void statusShowsPerNodeJobCounters() {
        client().tasks().run("echo", "{}", TaskOptions.defaults(), WAIT);
        var nodes = client().cluster().nodes();
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.jobs("active")).isGreaterThanOrEqualTo(0);
            assertThat(n.jobs("queued")).isGreaterThanOrEqualTo(0);
            assertThat(n.jobs("failed")).isGreaterThanOrEqualTo(0);
        });
        assertThat(nodes.stream().mapToLong(n -> n.jobs("done")).sum()).isPositive();
    }

    @Test
    void tasksListsTheBuiltInsWithDescriptions() {
        assertThat(client().tasks().list()).extracting(t -> t.name())
            .contains("montecarlo-pi", "word-count", "sleep", "echo", "flaky");
        assertThat(client().tasks().list()).allSatisfy(t -> assertThat(t.description()).isNotBlank());
    }

    @Test
    void wordCountRunsWhereTheDataIs() {
        client().sql("CREATE TABLE IF NOT EXISTS WC_DOCS (id INT PRIMARY KEY, body VARCHAR) WITH \"backups=1\"");
        for (int i = 0; i < 50; i++) {
            client().sql("MERGE INTO WC_DOCS (id, body) VALUES (?, ?)", i, i % 2 == 0 ? "the grid, the grid" : "a tusk");
        }
        JsonNode r = client().tasks().run("word-count", "{\"table\":\"WC_DOCS\",\"column\":\"BODY\",\"top\":2}",
            TaskOptions.defaults(), WAIT);
        assertThat(r.get("words").asLong()).isEqualTo(25 * 4 + 25 * 2);
        assertThat(r.get("top").get(0).get("word").asText()).isIn("the", "grid");
        assertThat(r.get("top").get(0).get("count").asLong()).isEqualTo(50);
    }

    @Test
    void wordCountOfAMissingTableOrColumnIsRefusedAndNothingIsQueued() {
        client().sql("CREATE TABLE IF NOT EXISTS WC_DOCS (id INT PRIMARY KEY, body VARCHAR) WITH \"backups=1\"");
        TaskHandle noTable = client().tasks().submit("word-count", "{\"table\":\"NO_DOCS\",\"column\":\"BODY\"}", TaskOptions.defaults());
        TaskHandle noColumn = client().tasks().submit("word-count", "{\"table\":\"wc_docs\",\"column\":\"TEXT\"}", TaskOptions.defaults());

        assertThatThrownBy(() -> noTable.result(WAIT)).isInstanceOf(TuskGridException.class).hasMessage("no table 'NO_DOCS' on this cluster");
        assertThatThrownBy(() -> noColumn.result(WAIT)).isInstanceOf(TuskGridException.class)
            .hasMessage("table WC_DOCS has no column 'TEXT'; its columns: ID, BODY");
        pause(100);
        assertThat(client().tasks().job(noTable.id())).isEmpty();
        assertThat(client().tasks().job(noColumn.id())).isEmpty();
    }

    private static void awaitStatus(String id, JobStatus status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var row = client().tasks().job(id);
            if (row.isPresent() && row.get().status() == status) {
                return;
            }
            pause(20);
        }
        throw new AssertionError("job " + id + " never reached " + status + ": " + client().tasks().job(id));
    }

    private static void awaitRunning(List<TaskHandle> handles, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (handles.stream().filter(h -> client().tasks().job(h.id()).map(j -> j.status() == JobStatus.RUNNING).orElse(false)).count() == count) {
                return;
            }
            pause(20);
        }
        throw new AssertionError(count + " of these jobs never ran at once: " + handles.stream().map(h -> client().tasks().job(h.id())).toList());
    }

    private static void awaitNoActiveJobs() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (client().cluster().nodes().stream().allMatch(n -> n.jobs("active") == 0)) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("jobs still active: " + client().cluster().nodes());
    }
}
