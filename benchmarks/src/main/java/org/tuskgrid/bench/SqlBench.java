package org.tuskgrid.bench;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * SQL point lookups by primary key through {@link TuskGridClient#sql} next to the same query through
 * Ignite's own thin client, on one 2-node cluster: the cost of the TuskGrid client layer.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "SQL point lookups through TuskGridClient.sql vs IgniteClient.query on a 2-node cluster.")
final class SqlBench implements Callable<Integer> {
    private static final int ROWS = 10_000;
    private static final String QUERY = "SELECT v FROM BENCH_KV WHERE id = ?";

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BenchReport report = new BenchReport(out);
        LoadDriver driver = options.driver();
        try (BenchCluster bench = new BenchCluster(report, options, "512m")) {
            TuskGridClient client = bench.client();
            IgniteClient plain = bench.plain();
            client.sql("CREATE TABLE BENCH_KV (id INT PRIMARY KEY, v VARCHAR) WITH \"template=partitioned,backups=1\"");
            for (int i = 0; i < ROWS; i += 500) {
                StringBuilder sql = new StringBuilder("INSERT INTO BENCH_KV (id, v) VALUES ");
                for (int j = i; j < i + 500; j++) {
                    sql.append(j == i ? "" : ",").append('(').append(j).append(", 'value-").append(j).append("')");
                }
                client.sql(sql.toString());
            }
            report.progress(ROWS + " rows loaded; measuring (warm-up " + options.warmup + ", then " + options.duration + " each)");

            LoadDriver.Pair r = driver.sync(() -> client.sql(QUERY, ThreadLocalRandom.current().nextInt(ROWS)),
                () -> plain.query(new SqlFieldsQuery(QUERY).setArgs(ThreadLocalRandom.current().nextInt(ROWS))).getAll());

            report.header("queries/s");
            report.row("point SELECT by key, sync", r.tuskgrid(), r.baseline(), "queries/s");
            if (options.json) {
                report.json("sql-point-select", r.tuskgrid(), r.baseline(), "queries/s", Map.of("nodes", 2, "rows", ROWS));
            }
        }
        return 0;
    }
}
