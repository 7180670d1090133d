package org.tuskgrid.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.tuskgrid.client.internal.ThinTuskGridClient;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.tasks.Json;
import org.tuskgrid.tasks.MonteCarloPiTask;
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
                .progress(s -> step(out, s)).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(cluster.clientAddresses()).build())) {
            step(out, "thin client connected to " + String.join(", ", cluster.clientAddresses()));

            long t = System.nanoTime();
            String result = ((ThinTuskGridClient) client).ignite().compute()
                .execute(MonteCarloPiTask.class.getName(), "{\"samples\":" + samples + "}");
            JsonNode pi = Json.parse(result);
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
            String alert = analytics(out, client);
            step(out, "stopping the nodes");
            out.println();
            out.println(String.format(Locale.ROOT, "Summary: 2 nodes formed a cluster, montecarlo-pi ran on both (pi ~ %.4f), "
                + "SQL grouped %d rows into %d countries, analytics raised: %s. Done in %.1f s.", pi.get("pi").asDouble(), cities.size(),
                r.rows().size(), alert, (System.nanoTime() - t0) / 1e9));
            out.flush();
        }
        return 0;
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
