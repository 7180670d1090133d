package org.tuskgrid.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.ignite.Ignition;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.cache.QueryIndex;
import org.apache.ignite.client.ClientCache;
import org.apache.ignite.client.ClientCacheConfiguration;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.tuskgrid.client.AlertFilter;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.AlertSubscription;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.internal.AnalyticsSchema;
import org.tuskgrid.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Sustained ingest with every analytics feature on (statistics, two window sizes, a rule per measurement)
 * next to the same batches {@code putAll} into a plain Ignite cache with the same columns, indexes, backups
 * and write mode but nothing listening. The TuskGrid side counts as done only when the statistics include
 * every measurement sent (its clock stops when processing has caught up, not when the writes return).
 * Then, at half the rate TuskGrid reached, the time from sending a measurement to a subscribed client
 * receiving the alert it raises.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
    description = "Ingest with all analytics on vs plain putAll into an Ignite cache; ingest-to-alert latency at half that rate.")
final class AnalyticsBench implements Callable<Integer> {
    private static final int BATCH = 1000;
    private static final int IN_FLIGHT = 4;
    private static final String PLAIN = "BENCH_PLAIN_MEASUREMENTS";
    private static final int ROUNDS = 2;
    /**
     * Warm-up seconds between two {@link #reclaim}s. At 44k measurements/s a 90-s warm-up filled the nodes' 3 GiB
     * data regions (rows, marks, indexes and backups) and Ignite halted both.
     */
    private static final int RECLAIM_EVERY_S = 20;
    /** The alert path's own warm-up: at least this, then until the JIT is quiet ({@link JitQuiet}). */
    private static final Duration ALERT_WARMUP = Duration.ofSeconds(3);

    @Mixin
    BenchOptions options;

    @picocli.CommandLine.Option(names = "--sensors", defaultValue = "100",
        description = "Distinct sensors the load is spread over (default: ${DEFAULT-VALUE}); more sensors = smaller per-sensor batches.")
    int sensors;

    @Spec
    CommandSpec spec;

    private long nextTs = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
    private long sentToAnalytics;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchReport report = new BenchReport(out);
        Duration warmup = org.tuskgrid.config.Durations.parse(options.warmup);
        Duration round = options.measured().dividedBy(ROUNDS);
        try (BenchCluster bench = new BenchCluster(report, options, "3g")) {
            TuskGridClient client = bench.client();
            IgniteClient plain = bench.plain();
            client.analytics().addRule(AlertRule.builder("bench-high").sensors("bench-*").kind(RuleKind.ABOVE).threshold(1e12)
                .severity(Severity.INFO).build());
            ClientCache<String, BinaryObject> baseline = plainCache(plain);
            Function<List<org.tuskgrid.client.Measurement>, CompletableFuture<?>> ours = b -> client.analytics().ingest(b);
            Function<List<org.tuskgrid.client.Measurement>, CompletableFuture<?>> theirs = b -> baseline.putAllAsync(rows(plain, b))
                .toCompletableFuture();

            report.progress("warming up both sides (" + options.warmup + " each; TuskGrid's, far more code, until the nodes' JIT is quiet)");
            try (JitQuiet jit = JitQuiet.watch(client, report, warmup)) {
                for (int s = 1; !jit.settled(); s++) {
                    sentToAnalytics += ingestFor(ours, Duration.ofSeconds(1), Measurement.histogram());
                    if (s % RECLAIM_EVERY_S == 0) {
                        drain(client);
                        reclaim(plain);
                    }
                }
                report.progress("TuskGrid side warmed up for " + jit.warmup().toSeconds() + " s" + (jit.quiet() ? "" : " (JIT still busy)"));
            }
            drain(client);
            ingestFor(theirs, warmup, Measurement.histogram());
            reclaim(plain);
            report.progress("measuring " + ROUNDS + " alternating rounds of " + org.tuskgrid.config.Durations.format(round) + " each");
            Histogram hOurs = Measurement.histogram();
            Histogram hTheirs = Measurement.histogram();
            long nOurs = 0;
            long nTheirs = 0;
            double sOurs = 0;
            double sTheirs = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long t0 = System.nanoTime();
                long n = ingestFor(ours, round, hOurs);
                nOurs += n;
                sentToAnalytics += n;
                drain(client);
                sOurs += (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                nTheirs += ingestFor(theirs, round, hTheirs);
                sTheirs += (System.nanoTime() - t0) / 1e9;
            }
            Measurement tg = new Measurement(nOurs, sOurs, hOurs);
            Measurement base = new Measurement(nTheirs, sTheirs, hTheirs);

            reclaim(plain);
            double rate = tg.opsPerSecond() / 2;
            report.progress(String.format(Locale.ROOT, "alert latency: %,.0f measurements/s with a probe raising an alert every 20 ms",
                rate));
            AlertLatency latency = alertLatency(client, report, rate, options.measured());
            Histogram alerts = latency.histogram();

            report.header("measurements/s");
            report.row("ingest, all analytics vs plain putAll", tg, base, "measurements/s");
            out.printf(Locale.ROOT, "%-34s p50 %7.2f ms  p99 %7.2f ms  (%d alerts at %,.0f measurements/s, after %d s warm-up%s)%n",
                "ingest-to-alert latency", alerts.getValueAtPercentile(50) / 1000.0, alerts.getValueAtPercentile(99) / 1000.0,
                alerts.getTotalCount(), rate, latency.warmup().toSeconds(), latency.jitQuiet() ? "" : ", JIT still busy");
            if (options.json) {
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("alert_p50_ms", Math.round(alerts.getValueAtPercentile(50)) / 1000.0);
                extra.put("alert_p99_ms", Math.round(alerts.getValueAtPercentile(99)) / 1000.0);
                extra.put("alert_rate", Math.round(rate));
                extra.put("alerts", alerts.getTotalCount());
                extra.put("alert_warmup_s", latency.warmup().toSeconds());
                extra.put("alert_jit_quiet", latency.jitQuiet());
                extra.put("nodes", 2);
                extra.put("sensors", sensors);
                extra.put("batch", BATCH);
                report.json("analytics-ingest", tg, base, "measurements/s", extra);
            }
        }
        return 0;
    }

    /** The plain side: same columns, indexes, backups and write mode as MEASUREMENTS, no analytics. */
    private static ClientCache<String, BinaryObject> plainCache(IgniteClient plain) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("ID", String.class.getName());
        f.put("SENSOR_ID", String.class.getName());
        f.put("TS", Long.class.getName());
        f.put("VALUE", Double.class.getName());
        f.put("TAGS", String.class.getName());
        QueryEntity e = new QueryEntity(String.class.getName(), AnalyticsSchema.MEASUREMENT_TYPE).setTableName(PLAIN).setKeyFieldName("ID")
            .setFields(f).setIndexes(List.of(new QueryIndex(List.of("SENSOR_ID", "TS"), org.apache.ignite.cache.QueryIndexType.SORTED),
                new QueryIndex("TS")));
        return plain.getOrCreateCache(new ClientCacheConfiguration().setName(PLAIN).setSqlSchema("PUBLIC").setQueryEntities(e)
            .setAtomicityMode(CacheAtomicityMode.ATOMIC).setBackups(1).setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC))
            .withKeepBinary();
    }

    private static Map<String, BinaryObject> rows(IgniteClient plain, List<org.tuskgrid.client.Measurement> batch) {
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        for (org.tuskgrid.client.Measurement m : batch) {
            rows.put(AnalyticsSchema.measurementKey(m.sensorId(), m.ts()), AnalyticsSchema.measurementRow(plain.binary(), m));
        }
        return rows;
    }

    /** A batch of fresh measurements spread over the bench sensors (each sensor's times keep rising). */
    private List<org.tuskgrid.client.Measurement> batch(String prefix) {
        long ts = nextTs;
        nextTs += BATCH / sensors + 1;
        List<org.tuskgrid.client.Measurement> b = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            b.add(org.tuskgrid.client.Measurement.of(prefix + (i % sensors), ts + i / sensors, 20 + (i * 31 % 17)));
        }
        return b;
    }

    /** Keeps {@link #IN_FLIGHT} batches outstanding for a while; returns measurements stored. */
    private long ingestFor(Function<List<org.tuskgrid.client.Measurement>, CompletableFuture<?>> op, Duration d, Histogram h)
            throws InterruptedException {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        long end = System.nanoTime() + d.toNanos();
        long n = 0;
        List<Throwable> failure = new ArrayList<>();
        while (System.nanoTime() < end) {
            permits.acquire();
            long s = System.nanoTime();
            op.apply(batch("bench-")).whenComplete((r, e) -> {
                synchronized (h) {
                    if (e != null) {
                        failure.add(e);
                    }
                    h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
                }
                permits.release();
            });
            n += BATCH;
        }
        permits.acquire(IN_FLIGHT);
        if (!failure.isEmpty()) {
            throw new IllegalStateException("ingest failed: " + failure.get(0), failure.get(0));
        }
        return n;
    }

    /**
     * Empties both sides' measurement tables and TuskGrid's processed-marks so that the nodes' memory holds one phase's
     * rows, not the whole run's (the bench's retention). Only after {@link #drain}: every mark cleared belongs to a
     * measurement already in the statistics and cleared with it. Both sides then measure on tables of the same size.
     */
    private static void reclaim(IgniteClient plain) {
        for (String cache : new String[] {AnalyticsSchema.MEASUREMENTS, AnalyticsSchema.PROCESSED, PLAIN}) {
            plain.cache(cache).clear();
        }
    }

    /** Waits until the statistics include every measurement sent so far (a SUM over one row per sensor: cheap to poll). */
    private void drain(TuskGridClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Object counted = client.sql("SELECT SUM(count) FROM SENSOR_STATS WHERE SENSOR_ID LIKE 'bench-%'").scalar();
            if (counted != null && ((Number) counted).longValue() == sentToAnalytics) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("analytics did not catch up within 5 minutes");
    }

    /** What the alert phase measured, and after how much warm-up. */
    private record AlertLatency(Histogram histogram, Duration warmup, boolean jitQuiet) {
    }

    /**
     * Background load at {@code rate} plus a probe every 20 ms whose alert a subscriber times. Recording starts
     * once the nodes' JIT has gone quiet ({@link JitQuiet}): the alert path runs code the throughput rounds did
     * not, and C2 compiling it would be measured instead of TuskGrid.
     */
    private AlertLatency alertLatency(TuskGridClient client, BenchReport report, double rate, Duration d) throws InterruptedException {
        client.analytics().addRule(AlertRule.builder("bench-probe").sensors("probe-*").kind(RuleKind.ABOVE).threshold(1000)
            .severity(Severity.CRITICAL).cooldown(Duration.ZERO).build());
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        Histogram h = Measurement.histogram();
        try (JitQuiet jit = JitQuiet.watch(client, report, ALERT_WARMUP);
             AlertSubscription sub = client.alerts().subscribe(AlertFilter.atLeast(Severity.CRITICAL).rule("bench-probe"), a -> {
                 Long s = sentAt.get(a.ts());
                 if (s != null) {
                     synchronized (h) {
                         h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
                     }
                 }
             })) {
            long start = System.nanoTime();
            long end = Long.MAX_VALUE;
            long recorded = 0;
            long loaded = 0;
            long probes = 0;
            List<CompletableFuture<?>> pending = new ArrayList<>();
            while (System.nanoTime() < end) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (end == Long.MAX_VALUE && jit.settled()) {
                    end = System.nanoTime() + d.toNanos();
                    report.progress(String.format(Locale.ROOT, "recording alert latency for %s after %d s of warm-up%s",
                        org.tuskgrid.config.Durations.format(d), jit.warmup().toSeconds(),
                        jit.quiet() ? " (JIT quiet)" : " (JIT still busy: figures include compilation)"));
                }
                if (loaded + BATCH <= rate * elapsed) {
                    pending.add(client.analytics().ingest(batch("bench-")));
                    loaded += BATCH;
                } else if (probes * 0.02 <= elapsed) {
                    long ts = nextTs++;
                    if (end != Long.MAX_VALUE) {
                        sentAt.put(ts, System.nanoTime());
                        recorded++;
                    }
                    pending.add(client.analytics().ingest(List.of(org.tuskgrid.client.Measurement.of("probe-" + probes % 10, ts, 5000))));
                    probes++;
                } else {
                    Thread.sleep(1);
                }
                pending.removeIf(CompletableFuture::isDone);
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (h.getTotalCount() < recorded && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return new AlertLatency(h, jit.warmup(), jit.quiet());
        }
    }
}
