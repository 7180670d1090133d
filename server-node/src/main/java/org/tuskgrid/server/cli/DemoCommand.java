package org.tuskgrid.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.tuskgrid.cli.OutputFormat;
import org.tuskgrid.cli.SyntheticSensors;
import org.tuskgrid.client.Alert;
import org.tuskgrid.client.AlertFilter;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.AlertSubscription;
import org.tuskgrid.client.IngestResult;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.SqlResult;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.Priority;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.jobs.internal.JobsExtension;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./tuskgrid demo}: starts a 2-node cluster of separate JVMs on ports of its own (it never
 * meets a cluster you already run), runs a distributed task and SQL through the thin client, prints
 * a summary and stops the nodes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs the TuskGrid tour on a throw-away local 2-node cluster and stops it (under a minute).")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--samples", defaultValue = "20000000", description = "Monte Carlo samples for the pi task (default: ${DEFAULT-VALUE}).")
    long samples;

    @Spec
    CommandSpec spec;

    private long t0;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        t0 = System.nanoTime();
        Path workDir = Files.createTempDirectory("tuskgrid-demo-");
        out.println("TuskGrid demo: a 2-node cluster of separate JVMs on this machine, a distributed task, SQL and real-time analytics.");
        out.println("Node logs: " + workDir);
        out.flush();
        try (LocalCluster cluster = LocalCluster.builder().nodes(2).forked(true).namePrefix("demo").workDir(workDir)
                .option(ServerOptions.MEMORY.key(), "256m")
                .option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "3s")
                .option(JobsExtension.PARALLEL.key(), "2")
                .attribute(0, "demo.node", "0").attribute(1, "demo.node", "1")
                .progress(s -> step(out, s)).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(cluster.clientAddresses()).build())) {
            step(out, "thin client connected to " + String.join(", ", cluster.clientAddresses()));

            long t = System.nanoTime();
            JsonNode pi = client.tasks().run("montecarlo-pi", "{\"samples\":" + samples + "}", TaskOptions.defaults(), Duration.ofMinutes(1));
            double ms = (System.nanoTime() - t) / 1e6;
            step(out, String.format(Locale.ROOT, "montecarlo-pi: %,d samples split across %s -> pi ~ %.5f (error %.5f) in %.0f ms",
                pi.get("samples").asLong(), pi.get("samplesPerNode"), pi.get("pi").asDouble(),
                Math.abs(pi.get("pi").asDouble() - Math.PI), ms));

            client.sql("CREATE TABLE IF NOT EXISTS DEMO_CITY (id INT PRIMARY KEY, name VARCHAR, country VARCHAR, population INT)"
                + " WITH \"template=partitioned,backups=1\"");
            List<Object[]> cities = List.of(new Object[] {1, "Lagos", "NG", 15_388_000}, new Object[] {2, "Kano", "NG", 4_103_000},
                new Object[] {3, "Osaka", "JP", 19_059_000}, new Object[] {4, "Tokyo", "JP", 37_194_000},
                new Object[] {5, "Lima", "PE", 11_044_000}, new Object[] {6, "Arequipa", "PE", 1_008_000},
                new Object[] {7, "Porto", "PT", 1_325_000}, new Object[] {8, "Lisbon", "PT", 2_971_000});
            for (Object[] c : cities) {
                client.sql("INSERT INTO DEMO_CITY (id, name, country, population) VALUES (?, ?, ?, ?)", c);
            }
            String query = "SELECT country, COUNT(*) AS cities, SUM(population) AS people FROM DEMO_CITY GROUP BY country ORDER BY people DESC";
            SqlResult r = client.sql(query);
            step(out, "SQL over a partitioned table (backups=1) spread across both nodes:");
            out.println("  " + query);
            OutputFormat.TABLE.print(out, r.columns(), r.rows().stream().map(row -> row.values()).toList());
            priorities(out, client);
            String alert = analytics(out, client);
            failover(out, client, cluster);
            step(out, "stopping the nodes");
            out.println();
            out.println(String.format(Locale.ROOT, "Summary: 2 nodes formed a cluster, montecarlo-pi ran on both (pi ~ %.4f), "
                + "SQL grouped %d rows into %d countries, a critical job overtook queued low ones, analytics raised: %s, "
                + "and the jobs of a killed node finished on the survivor. Done in %.1f s.", pi.get("pi").asDouble(), cities.size(),
                r.rows().size(), alert, (System.nanoTime() - t0) / 1e9));
            out.flush();
        }
        return 0;
    }

    /**
     * Fills demo-0's two job slots with low-priority sleeps, then submits one critical sleep: it starts
     * before the low ones still waiting.
     */
    private void priorities(PrintWriter out, TuskGridClient client) {
        step(out, "priorities: 6 low-priority jobs and then 1 critical job on demo-0, which runs 2 jobs at a time");
        TaskOptions low = TaskOptions.builder().priority(Priority.LOW).require("demo.node", "0").build();
        List<TaskHandle> handles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // 700 ms: the critical job, sent 100 ms later, must reach the node before the first two lows end,
            // also on a busy CI machine (300 ms was too short there once).
            handles.add(client.tasks().submit("sleep", "{\"ms\":700}", low));
        }
        sleep(100);
        handles.add(client.tasks().submit("sleep", "{\"ms\":300}", low.toBuilder().priority(Priority.CRITICAL).build()));
        handles.forEach(h -> h.result(Duration.ofMinutes(1)));
        List<String> order = new ArrayList<>();
        for (TaskHandle h : handles) {
            JobInfo j = recorded(client, h.id());
            order.add(j.startedAt().toEpochMilli() + " " + (j.priority() == Priority.CRITICAL ? "CRITICAL" : "low"));
        }
        order.sort(null);
        step(out, "  start order: " + order.stream().map(o -> o.substring(o.indexOf(' ') + 1)).toList());
    }

    /** Six detached jobs, then SIGKILL of demo-1 while they run: the survivor runs demo-1's share again. */
    private void failover(PrintWriter out, TuskGridClient client, LocalCluster cluster) {
        step(out, "failover: 6 detached 1.5 s jobs over both nodes, then kill -9 of demo-1");
        TaskOptions detached = TaskOptions.builder().detached(true).build();
        List<TaskHandle> handles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            handles.add(client.tasks().submit("sleep", "{\"ms\":1500}", detached));
        }
        sleep(600);
        cluster.kill(1);
        step(out, "  demo-1 killed; waiting for its jobs to run again on demo-0");
        handles.forEach(h -> h.result(Duration.ofMinutes(1)));
        SqlResult r = client.sql("SELECT ID, STATUS, NODE, ATTEMPTS FROM JOBS WHERE TASK = 'sleep' AND DETACHED = TRUE ORDER BY ID");
        OutputFormat.TABLE.print(out, r.columns(), r.rows().stream().map(row -> row.values()).toList());
        long moved = r.rows().stream().filter(row -> row.getLong("ATTEMPTS") > 1).count();
        step(out, "  all " + r.rows().size() + " jobs SUCCEEDED; " + moved + " ran again after their node died");
    }

    /** The registry row once it shows the outcome: rows are written in batches, a few ms after the result. */
    private static JobInfo recorded(TuskGridClient client, String id) {
        for (int i = 0; i < 200; i++) {
            var j = client.tasks().job(id);
            if (j.isPresent() && j.get().status().isTerminal()) {
                return j.get();
            }
            sleep(10);
        }
        throw new IllegalStateException("job " + id + " not recorded as finished after 2 s");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Streams synthetic sensors with one injected spike through the analytics, prints the alert as the
     * subscription delivers it, then the 10-second windows around it. Returns the alert's message.
     */
    private String analytics(PrintWriter out, TuskGridClient client) throws InterruptedException {
        client.analytics().addRule(AlertRule.builder("spike").sensors("s-*").kind(RuleKind.ZSCORE).threshold(6)
            .severity(Severity.CRITICAL).build());
        step(out, "analytics: rule 'spike' = z-score above 6 on s-*; streaming 20 sensors at 1,000 measurements/s for 4 s, "
            + "s-3 spikes at 2.5 s");
        CompletableFuture<Alert> fired = new CompletableFuture<>();
        try (AlertSubscription sub = client.alerts().subscribe(AlertFilter.atLeast(Severity.WARNING), a -> {
            step(out, "ALERT " + a.severity().label() + " [" + a.ruleId() + "] " + a.message());
            fired.complete(a);
        })) {
            SyntheticSensors sensors = new SyntheticSensors(20, "s-3", 2500);
            long start = System.currentTimeMillis();
            List<CompletableFuture<IngestResult>> sent = new ArrayList<>();
            for (long sentCount = 0; sentCount < 4000; ) {
                Thread.sleep(50);
                long now = System.currentTimeMillis();
                int due = (int) (Math.min(4000, now - start) - sentCount);
                if (due > 0) {
                    sent.add(client.analytics().ingest(sensors.next(due, now, now - start)));
                    sentCount += due;
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            step(out, "4,000 measurements stored");
            Alert a = fired.orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
            String query = "SELECT SENSOR_ID, WINDOW_START, COUNT, ROUND(AVG, 2) AS AVG, ROUND(MAX, 2) AS MAX FROM WINDOW_AGG "
                + "WHERE WINDOW_SIZE_MS = 10000 AND SENSOR_ID IN ('s-3', 's-4') ORDER BY SENSOR_ID, WINDOW_START";
            step(out, "10-second windows of s-3 (the spike) and s-4, from SQL:");
            out.println("  " + query);
            SqlResult w = client.sql(query);
            OutputFormat.TABLE.print(out, w.columns(), w.rows().stream().map(row -> row.values()).toList());
            return a == null ? "no alert" : "'" + a.message() + "'";
        }
    }

    private synchronized void step(PrintWriter out, String s) {
        out.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, s);
        out.flush();
    }
}
