package org.tuskgrid.bench;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A no-op task through the thin client on a 2-node cluster: TuskGrid's {@code echo} (validation,
 * load balancing, priorities, trace id, retries, the JOBS registry) next to Ignite's
 * {@code ClientCompute.execute} of a plain one-job ComputeTask, sync and with 64 in flight.
 */
@Command(name = "compute", mixinStandardHelpOptions = true,
    description = "No-op tasks through the thin client: TuskGrid (registry on) vs plain ClientCompute, sync and 64 in flight.")
final class ComputeBench implements Callable<Integer> {
    static final int IN_FLIGHT = 64;

    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BenchReport report = new BenchReport(out);
        LoadDriver driver = options.driver();
        try (BenchCluster bench = new BenchCluster(report, options, "1g")) {
            TuskGridClient client = bench.client();
            IgniteClient plain = bench.plain();
            String noop = PlainNoopTask.class.getName();
            TaskOptions defaults = TaskOptions.defaults();
            Supplier<CompletableFuture<?>> ours = () -> client.tasks().submit("echo", "{}", defaults).future();
            Supplier<CompletableFuture<?>> theirs = () -> plain.compute().executeAsync2(noop, null)
                .toCompletableFuture();
            report.progress("warming up both sides, " + IN_FLIGHT + " in flight, until the nodes' JIT is quiet (at least " + options.warmup + ")");
            driver.warmUntilJitQuiet(client, report, IN_FLIGHT, ours, theirs);
            LoadDriver measured = driver.settledOnly();
            report.progress("measuring (" + options.duration + " per mode and side)");

            LoadDriver.Pair sync = measured.sync(() -> ours.get().join(), () -> theirs.get().join());
            LoadDriver.Pair async = measured.async(IN_FLIGHT, ours, theirs);

            report.header("tasks/s");
            report.row("no-op task, sync", sync.tuskgrid(), sync.baseline(), "tasks/s");
            report.row("no-op task, " + IN_FLIGHT + " in flight", async.tuskgrid(), async.baseline(), "tasks/s");
            long rows = (long) client.sql("SELECT COUNT(*) FROM JOBS").scalar();
            report.progress("JOBS registry rows written: " + rows);
            if (options.json) {
                report.json("compute-noop-64-in-flight", async.tuskgrid(), async.baseline(), "tasks/s",
                    Map.of("sync_tuskgrid", Math.round(sync.tuskgrid().opsPerSecond()),
                        "sync_baseline", Math.round(sync.baseline().opsPerSecond()),
                        "sync_p50_ms", sync.tuskgrid().p50Millis(), "registry_rows", rows, "nodes", 2));
            }
        }
        return 0;
    }
}
