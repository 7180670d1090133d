package org.tuskgrid.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.TuskGridClient;

/**
 * Tells, while a workload runs, when the nodes' JIT compilers have gone quiet. On 2 cores C2 keeps
 * compiling Ignite's and TuskGrid's hot paths for one to two minutes after a node starts, at a third of a
 * core per node: latency measured before that is mostly the compiler's. A node is quiet when its compile
 * time grew by less than {@link #QUIET} of the wall time over the last {@link #WINDOW_MS} (the figure
 * comes from the status each node publishes every second).
 */
final class JitQuiet implements AutoCloseable {
    private static final long WINDOW_MS = 5_000;
    private static final double QUIET = 0.05;
    private static final long REPORT_EVERY_MS = 10_000;
    /** Past this a warm-up ends anyway (and says the JIT was still busy): every workload adds data to the grid as it warms. */
    private static final long LONGEST_MS = Duration.ofMinutes(2).toMillis();

    private final TuskGridClient client;
    private final BenchReport report;
    private final long startedAt = System.currentTimeMillis();
    private final long minMs;
    private final Map<String, CompileShare> history = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-jit-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile long settledAfterMs = -1;
    private volatile boolean quiet;
    private long lastReport = startedAt;

    private JitQuiet(TuskGridClient client, BenchReport report, Duration atLeast) {
        this.client = client;
        this.report = report;
        this.minMs = atLeast.toMillis();
    }

    /** Starts watching; {@link #settled()} turns true after {@code atLeast} once the JIT is quiet, or after 2 minutes anyway. */
    static JitQuiet watch(TuskGridClient client, BenchReport report, Duration atLeast) {
        JitQuiet w = new JitQuiet(client, report, atLeast);
        w.timer.scheduleWithFixedDelay(w::sample, 0, 1, TimeUnit.SECONDS);
        return w;
    }

    boolean settled() {
        return settledAfterMs >= 0;
    }

    /** How long the warm-up took, once settled. */
    Duration warmup() {
        return Duration.ofMillis(settledAfterMs);
    }

    /** False when the warm-up ended at its limit with a compiler still busy. */
    boolean quiet() {
        return quiet;
    }

    private void sample() {
        if (settled()) {
            return;
        }
        long now = System.currentTimeMillis();
        long elapsed = now - startedAt;
        StringJoiner busy = new StringJoiner(", ");
        boolean allQuiet = true;
        try {
            for (NodeInfo n : client.cluster().nodes()) {
                double share = history.computeIfAbsent(n.name(), k -> new CompileShare(WINDOW_MS)).add(now, n.jvm("jitCompileMs"));
                if (!(share < QUIET)) {
                    allQuiet = false;
                    busy.add(Double.isNaN(share) ? n.name() + " not measured yet"
                        : String.format(Locale.ROOT, "%s JIT %.2f s per s", n.name(), share));
                }
            }
        } catch (RuntimeException e) {
            allQuiet = false;
            busy.add("status unavailable: " + e.getMessage());
        }
        if ((allQuiet && elapsed >= minMs) || elapsed >= LONGEST_MS) {
            quiet = allQuiet;
            settledAfterMs = elapsed;
            timer.shutdown();
        } else if (now - lastReport >= REPORT_EVERY_MS) {
            lastReport = now;
            report.progress("warming up (" + elapsed / 1000 + " s): " + (allQuiet ? "JIT quiet" : busy));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
