package org.tuskgrid.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./tuskgrid bench WORKLOAD}: each workload runs TuskGrid next to plain Ignite in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Runs a benchmark workload on a local cluster, next to the same work on plain Ignite.",
        "Use --json for a last line with workload, tuskgrid, baseline, ratio, unit, p50_ms, p99_ms."},
    subcommands = {SqlBench.class, ComputeBench.class, AnalyticsBench.class, StoreBench.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
