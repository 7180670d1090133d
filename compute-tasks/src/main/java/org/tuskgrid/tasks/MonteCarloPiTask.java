package org.tuskgrid.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Estimates pi by sampling random points in the unit square, split evenly across every node of the
 * cluster group the task runs on. Argument {@code {"samples": N}} (default 1,000,000); result
 * {@code {"pi": ..., "samples": N, "samplesPerNode": {"node": n, ...}}}.
 */
public class MonteCarloPiTask extends ComputeTaskAdapter<String, String> {
    static final long DEFAULT_SAMPLES = 1_000_000L;
    static final long MAX_SAMPLES = 10_000_000_000L;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, String arg) {
        long samples = samples(Json.parse(arg));
        Map<ComputeJob, ClusterNode> jobs = new HashMap<>();
        long share = samples / subgrid.size();
        long rest = samples % subgrid.size();
        for (int i = 0; i < subgrid.size(); i++) {
            jobs.put(new SampleJob(share + (i < rest ? 1 : 0)), subgrid.get(i));
        }
        return jobs;
    }

    static long samples(JsonNode args) {
        JsonNode n = args.get("samples");
        if (n == null) {
            return DEFAULT_SAMPLES;
        }
        if (!n.canConvertToLong() || n.asLong() < 1 || n.asLong() > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be an integer from 1 to " + MAX_SAMPLES + ", got " + n);
        }
        return n.asLong();
    }

    @Override
    public String reduce(List<ComputeJobResult> results) {
        long inside = 0;
        long total = 0;
        Map<String, Long> perNode = new TreeMap<>();
        for (ComputeJobResult r : results) {
            long[] counts = r.getData();
            inside += counts[0];
            total += counts[1];
            perNode.merge(String.valueOf(r.getNode().consistentId()), counts[1], Long::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pi", 4.0 * inside / total);
        out.put("samples", total);
        out.put("samplesPerNode", perNode);
        return Json.write(out);
    }

    /** Counts the points of its share that fall inside the quarter circle: {inside, total}. */
    static final class SampleJob extends ComputeJobAdapter {
        private final long samples;

        @IgniteInstanceResource
        private transient Ignite ignite;

        SampleJob(long samples) {
            this.samples = samples;
        }

        @Override
        public long[] execute() {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            long inside = 0;
            for (long i = 0; i < samples; i++) {
                double x = rnd.nextDouble();
                double y = rnd.nextDouble();
                if (x * x + y * y <= 1.0) {
                    inside++;
                }
                if ((i & 0xFFFFF) == 0 && isCancelled()) {
                    break;
                }
            }
            return new long[] {inside, samples};
        }
    }
}
