package org.tuskgrid.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteDataStreamer;
import org.apache.ignite.IgniteException;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.stream.StreamReceiver;
import org.tuskgrid.cli.MeasurementReader;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.internal.AnalyticsSchema;
import org.tuskgrid.tasks.Json;

/**
 * The bulk path for large files that sit on a server: one node reads the file (CSV or JSON lines, as
 * {@code ingest --file}) and streams it into MEASUREMENTS through an {@link IgniteDataStreamer}, which
 * batches per node instead of per client call. Argument {@code {"path": "/abs/file"}}; result
 * {@code {"accepted": n, "rejected": [{"line": n, "reason": "..."}]}} (the first 1000 rejections).
 */
public class BulkLoadTask extends ComputeTaskAdapter<String, String> {
    private static final int MAX_REPORTED = 1000;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, String arg) {
        JsonNode path = Json.parse(arg).get("path");
        if (path == null || !path.isTextual()) {
            throw new IllegalArgumentException("expected {\"path\": \"/file/on/the/server\"}");
        }
        return Map.of(new LoadJob(path.asText()), subgrid.get(0));
    }

    @Override
    public String reduce(List<ComputeJobResult> results) {
        return results.get(0).getData();
    }

    /** Reads and streams the file on its node. */
    static final class LoadJob extends ComputeJobAdapter {
        private final String path;

        @IgniteInstanceResource
        private transient Ignite ignite;

        LoadJob(String path) {
            this.path = path;
        }

        @Override
        public String execute() {
            long accepted = 0;
            List<Map<String, Object>> rejected = new ArrayList<>();
            long rejectedCount = 0;
            // Overwrite mode writes through the cache like a put, so the continuous queries hear every row.
            try (BufferedReader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
                 IgniteDataStreamer<String, BinaryObject> streamer = ignite.dataStreamer(AnalyticsSchema.MEASUREMENTS)) {
                streamer.keepBinary(true);
                streamer.allowOverwrite(true);
                streamer.receiver(new PutAllReceiver());
                MeasurementReader reader = new MeasurementReader(in);
                List<MeasurementReader.Line> lines;
                while (!(lines = reader.next(10_000)).isEmpty()) {
                    String refusal = IngestGate.refusal(ignite);
                    if (refusal != null) {
                        throw new IgniteException("measurements refused after line " + (lines.get(0).number() - 1) + ": " + refusal);
                    }
                    for (MeasurementReader.Line l : lines) {
                        if (l.problem() != null) {
                            rejectedCount++;
                            if (rejected.size() < MAX_REPORTED) {
                                rejected.add(Map.of("line", l.number(), "reason", l.problem()));
                            }
                            continue;
                        }
                        Measurement m = l.measurement();
                        streamer.addData(AnalyticsSchema.measurementKey(m.sensorId(), m.ts()),
                            AnalyticsSchema.measurementRow(ignite.binary(), m));
                        accepted++;
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + path + " on node " + ignite.name() + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("accepted", accepted);
            out.put("rejectedCount", rejectedCount);
            out.put("rejected", rejected);
            return Json.write(out);
        }
    }

    /** Applies a streamer batch with one putAll (the default overwrite receiver puts entries one by one). */
    static final class PutAllReceiver implements StreamReceiver<String, BinaryObject> {
        private static final long serialVersionUID = 1L;

        @Override
        public void receive(IgniteCache<String, BinaryObject> cache, Collection<Map.Entry<String, BinaryObject>> entries) {
            String refusal = IngestGate.refusal(cache.unwrap(Ignite.class));
            if (refusal != null) {
                throw new IgniteException("measurements refused: " + refusal);
            }
            Map<String, BinaryObject> batch = new java.util.TreeMap<>();
            for (Map.Entry<String, BinaryObject> e : entries) {
                batch.put(e.getKey(), e.getValue());
            }
            cache.withKeepBinary().putAll(batch);
        }
    }
}
