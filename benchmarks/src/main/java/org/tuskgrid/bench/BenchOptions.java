package org.tuskgrid.bench;

import java.time.Duration;
import org.tuskgrid.config.Durations;
import picocli.CommandLine.Option;

/** Options every workload has. */
public final class BenchOptions {
    @Option(names = "--json", description = "End with one JSON line (workload, tuskgrid, baseline, ratio, unit, p50_ms, p99_ms).")
    boolean json;

    @Option(names = "--warmup", defaultValue = "5s", paramLabel = "DURATION", description = "Unmeasured warm-up per run (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION", description = "Measured time per run (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--config", paramLabel = "FILE", description = "Spring XML the bench nodes start from (default: config/server.xml).")
    java.nio.file.Path config;

    public LoadDriver driver() {
        return new LoadDriver(Durations.parse(warmup), Durations.parse(duration));
    }

    public Duration measured() {
        return Durations.parse(duration);
    }
}
