package org.tuskgrid.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tuskgrid.cli.OutputFormat;
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
        out.println("TuskGrid demo: a 2-node cluster of separate JVMs on this machine, a distributed task and SQL.");
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
            step(out, "stopping the nodes");
            out.println();
            out.println(String.format(Locale.ROOT, "Summary: 2 nodes formed a cluster, montecarlo-pi ran on both (pi ~ %.4f), "
                + "SQL grouped %d rows into %d countries. Done in %.1f s.", pi.get("pi").asDouble(), cities.size(), r.rows().size(),
                (System.nanoTime() - t0) / 1e9));
            out.flush();
        }
        return 0;
    }

    private void step(PrintWriter out, String s) {
        out.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, s);
        out.flush();
    }
}
