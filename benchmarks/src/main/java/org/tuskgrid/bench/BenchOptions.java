package org.tuskgrid.bench;

import java.time.Duration;
import org.tuskgrid.config.Durations;
import picocli.CommandLine.Option;

/** Options every workload has. */
public final class BenchOptions {
    @Option(names = "--json", description = "End with one JSON line (workload, tuskgrid, baseline, ratio, unit, p50_ms, p99_ms).")
    boolean json;

    /** On 2 cores the C2 compiler is still busy (about 30 s of CPU per node) after 5 s, which hits both sides unevenly. */
    @Option(names = "--warmup", defaultValue = "15s", paramLabel = "DURATION", description = "Unmeasured warm-up per run (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--duration", defaultValue = "20s", paramLabel = "DURATION", description = "Measured time per run (default: ${DEFAULT-VALUE}).")
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
