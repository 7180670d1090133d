package org.tuskgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tuskgrid.client.IngestRefusedException;
import org.tuskgrid.client.IngestResult;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.client.internal.ThinTuskGridClient;
import org.tuskgrid.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tuskgrid ingest --file F} or {@code --synthetic ...}: measurements into MEASUREMENTS, with a tally at the end. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Sends measurements to the cluster: from a file (CSV with a header sensor_id,ts,value, or JSON lines)",
        "or from synthetic sensors s-0..s-(N-1). Progress goes to stderr; the end is 'accepted N, rejected M',",
        "after one line per rejected measurement with its line number and reason. When a node's memory is nearly",
        "full the cluster refuses measurements: ingest stops with exit code 1, saying how many were stored.",
        "Examples: ./tuskgrid ingest --file readings.csv",
        "          ./tuskgrid ingest --synthetic --sensors 50 --rate 2000 --duration 15s --anomaly s-7@8s"})
final class IngestCommand extends ClientCommand {
    @Option(names = "--file", paramLabel = "FILE", description = "CSV (header sensor_id,ts,value) or JSON lines; ts in epoch ms or ISO-8601.")
    Path file;

    @Option(names = "--server-side", description = {"Bulk path for large files: a server node reads FILE (a path on the servers)",
        "and streams it with an IgniteDataStreamer."})
    boolean serverSide;

    @Option(names = "--synthetic", description = "Generate measurements instead of reading a file.")
    boolean synthetic;

    @Option(names = "--sensors", defaultValue = "10", description = "Synthetic sensors (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--rate", defaultValue = "1000", description = "Synthetic measurements per second, all sensors together (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION", description = "How long to generate (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--anomaly", paramLabel = "SENSOR@OFFSET",
        description = "Make SENSOR spike 50 standard deviations for 3 values from OFFSET after the start, e.g. s-7@8s.")
    String anomaly;

    @Option(names = "--batch", defaultValue = "5000", description = "Measurements per ingest call (default: ${DEFAULT-VALUE}).")
    int batch;

    /** Server-side task of the bulk path (compute-tasks module). */
    static final String BULK_LOAD_TASK = "org.tuskgrid.analytics.BulkLoadTask";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Integer, String> rejected = new TreeMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private volatile Throwable failure;

    /** From {@code --anomaly}: the sensor that spikes, or null, and when (ms after the start). */
    private String anomalySensor;
    private long anomalyAt;

    @Override
    protected void checkArguments() {
        if (synthetic == (file != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --file FILE or --synthetic");
        }
        if (serverSide && file == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server-side goes with --file");
        }
        if (batch < 1 || sensors < 1 || rate < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch, --sensors and --rate must be positive");
        }
        // With --server-side the path is read on a server, which answers for it.
        if (file != null && !serverSide && !Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--file " + file + ": no such file");
        }
        if (anomaly != null) {
            int at = anomaly.lastIndexOf('@');
            if (at <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--anomaly expects SENSOR@OFFSET such as s-7@8s, got '"
                    + anomaly + "'");
            }
            anomalySensor = anomaly.substring(0, at);
            try {
                anomalyAt = Durations.parse(anomaly.substring(at + 1)).toMillis();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--anomaly offset: " + e.getMessage());
            }
        }
    }

    @Override
    protected int run(TuskGridClient client) {
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(() -> {
            double s = (System.nanoTime() - t0) / 1e9;
            err.printf(Locale.ROOT, "ingest: %,d sent, %,d stored, %,d rejected (%,.0f/s)%n", sent.get(), accepted.get(),
                rejectedCount(), accepted.get() / s);
            err.flush();
        }, 1, 1, TimeUnit.SECONDS);
        try {
            if (serverSide) {
                onServer(client);
            } else if (file != null) {
                fromFile(client);
            } else {
                fromSensors(client);
            }
            for (CompletableFuture<Void> f : pending) {
                f.join();
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof IngestRefusedException r) {
                throw new IngestRefusedException(String.format(Locale.ROOT, "at least %,d stored, then %s", accepted.get(), r.getMessage()));
            }
            throw e.getCause() instanceof TuskGridException t ? t : new TuskGridException(String.valueOf(e.getCause().getMessage()), e);
        } finally {
            progress.shutdownNow();
        }
        PrintWriter out = out();
        synchronized (rejected) {
            rejected.forEach((line, reason) -> out.println((file != null ? "line " : "measurement ") + line + ": " + reason));
        }
        out.printf(Locale.ROOT, "accepted %d, rejected %d%n", accepted.get(), rejectedCount());
        out.flush();
        return 0;
    }

    private int rejectedCount() {
        synchronized (rejected) {
            return rejected.size();
        }
    }

    private void fromFile(TuskGridClient client) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            MeasurementReader reader = new MeasurementReader(in);
            List<MeasurementReader.Line> lines;
            while (!(lines = reader.next(batch)).isEmpty()) {
                List<Measurement> ok = new ArrayList<>(lines.size());
                List<Integer> lineNos = new ArrayList<>(lines.size());
                for (MeasurementReader.Line l : lines) {
                    if (l.problem() != null) {
                        reject(l.number(), l.problem());
                    } else {
                        ok.add(l.measurement());
                        lineNos.add(l.number());
                    }
                }
                send(client, ok, lineNos);
            }
        } catch (IOException e) {
            throw new TuskGridException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs the bulk-load task on a server: it reads the file there and streams it in. */
    private void onServer(TuskGridClient client) {
        String result;
        try {
            result = ((ThinTuskGridClient) client).ignite().compute().execute(BULK_LOAD_TASK,
                JSON.writeValueAsString(Map.of("path", file.toAbsolutePath().toString())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted");
        } catch (RuntimeException e) {
            throw new TuskGridException("bulk load failed: " + ThinTuskGridClient.serverMessage(e), e);
        }
        try {
            JsonNode r = JSON.readTree(result);
            accepted.addAndGet(r.get("accepted").asLong());
            r.get("rejected").forEach(x -> reject(x.get("line").asInt(), x.get("reason").asText()));
        } catch (IOException e) {
            throw new TuskGridException("unexpected answer from the bulk-load task: " + result, e);
        }
    }

    private void fromSensors(TuskGridClient client) {
        SyntheticSensors gen = new SyntheticSensors(sensors, anomalySensor, anomalyAt);
        long start = System.currentTimeMillis();
        long generated = 0;
        long total = (long) rate * duration.toMillis() / 1000;
        int counter = 0;
        while (generated < total) {
            long now = System.currentTimeMillis();
            long due = Math.min(total, (long) rate * (now - start) / 1000);
            if (due <= generated) {
                sleep(Math.min(20, Math.max(1, 1000 / rate)));
                continue;
            }
            int n = (int) Math.min(batch, due - generated);
            List<Measurement> ms = gen.next(n, now, now - start);
            List<Integer> numbers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                numbers.add(++counter);
            }
            send(client, ms, numbers);
            generated += n;
        }
    }

    private void send(TuskGridClient client, List<Measurement> ms, List<Integer> lineNos) {
        if (ms.isEmpty()) {
            return;
        }
        if (failure != null) {
            // A batch failed for good (e.g. refused: memory nearly full); sending more would fail the same way.
            throw new CompletionException(failure);
        }
        sent.addAndGet(ms.size());
        pending.add(client.analytics().ingest(ms).thenAccept(r -> tally(r, lineNos)).whenComplete((v, e) -> {
            if (e != null && failure == null) {
                failure = e instanceof CompletionException c ? c.getCause() : e;
            }
        }));
    }

    private void tally(IngestResult r, List<Integer> lineNos) {
        accepted.addAndGet(r.accepted());
        for (IngestResult.Rejection x : r.rejected()) {
            reject(lineNos.get(x.index()), x.reason());
        }
    }

    private void reject(int line, String reason) {
        synchronized (rejected) {
            rejected.put(line, reason);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted");
        }
    }
}
