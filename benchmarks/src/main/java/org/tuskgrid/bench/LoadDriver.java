package org.tuskgrid.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.tuskgrid.client.TuskGridClient;

/**
 * Runs a TuskGrid operation and its plain-Ignite counterpart for a while, either one at a time
 * (sync) or with a fixed number in flight (async). Both are warmed up first, unmeasured (calls run
 * several times slower for the first seconds after a JVM starts: JIT), then measured in alternating
 * rounds (A B A B) so that drift on a busy machine falls on both sides alike.
 */
public final class LoadDriver {
    private static final Duration SLICE = Duration.ofSeconds(2);
    private final Duration warmup;
    private final Duration measure;

    public LoadDriver(Duration warmup, Duration measure) {
        this.warmup = warmup;
        this.measure = measure;
    }

    private static final int ROUNDS = 2;

    /** TuskGrid's figure and plain Ignite's for the same work. */
    public record Pair(Measurement tuskgrid, Measurement baseline) {
    }

    /** Calls each operation back to back. */
    public Pair sync(Runnable tuskgrid, Runnable baseline) {
        run(tuskgrid, warmup, Measurement.histogram());
        run(baseline, warmup, Measurement.histogram());
        Duration round = measure.dividedBy(ROUNDS);
        Acc a = new Acc();
        Acc b = new Acc();
        for (int i = 0; i < ROUNDS; i++) {
            a.add(() -> run(tuskgrid, round, a.h));
            b.add(() -> run(baseline, round, b.h));
        }
        return new Pair(a.result(), b.result());
    }

    /** Keeps {@code inFlight} of each operation outstanding at all times. */
    public Pair async(int inFlight, Supplier<CompletableFuture<?>> tuskgrid, Supplier<CompletableFuture<?>> baseline) {
        runAsync(inFlight, tuskgrid, warmup, Measurement.histogram());
        runAsync(inFlight, baseline, warmup, Measurement.histogram());
        Duration round = measure.dividedBy(ROUNDS);
        Acc a = new Acc();
        Acc b = new Acc();
        for (int i = 0; i < ROUNDS; i++) {
            a.add(() -> runAsync(inFlight, tuskgrid, round, a.h));
            b.add(() -> runAsync(inFlight, baseline, round, b.h));
        }
        return new Pair(a.result(), b.result());
    }

    /**
     * Warms both sides with {@code inFlight} outstanding, in alternating slices, until the nodes' JIT is quiet
     * ({@link JitQuiet}, at least the warm-up, at most 2 minutes), so that neither side is measured while C2 is
     * still compiling: on 2 cores it took a quarter of each node's CPU 35-65 s after start (JFR).
     */
    public void warmUntilJitQuiet(TuskGridClient client, BenchReport report, int inFlight,
                                  Supplier<CompletableFuture<?>> tuskgrid, Supplier<CompletableFuture<?>> baseline) {
        try (JitQuiet jit = JitQuiet.watch(client, report, warmup)) {
            while (!jit.settled()) {
                runAsync(inFlight, tuskgrid, SLICE, Measurement.histogram());
                runAsync(inFlight, baseline, SLICE, Measurement.histogram());
            }
            report.progress("both sides warmed up for " + jit.warmup().toSeconds() + " s" + (jit.quiet() ? " (JIT quiet)" : " (JIT still busy)"));
        }
    }

    /**
     * This driver with another unmeasured warm-up per mode: after {@link #warmUntilJitQuiet} one slice is enough,
     * to let the queues settle after switching modes, instead of warming the compiled code again.
     */
    public LoadDriver settledOnly() {
        return new LoadDriver(SLICE, measure);
    }

    /** Operations, time and latencies summed over the rounds of one side. */
    private static final class Acc {
        final Histogram h = Measurement.histogram();
        long ops;
        long nanos;

        void add(java.util.function.LongSupplier round) {
            long t0 = System.nanoTime();
            ops += round.getAsLong();
            nanos += System.nanoTime() - t0;
        }

        Measurement result() {
            return new Measurement(ops, nanos / 1e9, h);
        }
    }

    private static long run(Runnable op, Duration d, Histogram h) {
        long end = System.nanoTime() + d.toNanos();
        long ops = 0;
        while (System.nanoTime() < end) {
            long s = System.nanoTime();
            op.run();
            h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
            ops++;
        }
        return ops;
    }

    private static long runAsync(int inFlight, Supplier<CompletableFuture<?>> op, Duration d, Histogram h) {
        Semaphore permits = new Semaphore(inFlight);
        long end = System.nanoTime() + d.toNanos();
        long[] done = new long[1];
        Throwable[] failure = new Throwable[1];
        try {
            while (System.nanoTime() < end && failure[0] == null) {
                permits.acquire();
                long s = System.nanoTime();
                op.get().whenComplete((r, e) -> {
                    synchronized (h) {
                        if (e != null) {
                            failure[0] = e;
                        } else {
                            h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
                            done[0]++;
                        }
                    }
                    permits.release();
                });
            }
            if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("operations still outstanding 60 s after the run ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failure[0] != null) {
            throw new IllegalStateException("an operation failed: " + failure[0], failure[0]);
        }
        synchronized (h) {
            return done[0];
        }
    }
}
