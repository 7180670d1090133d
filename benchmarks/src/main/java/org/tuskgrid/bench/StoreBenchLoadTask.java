package org.tuskgrid.bench;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * {@code bench store}'s writer: every server node puts its share of {@code CACHE:first:count}
 * measurement rows in batches of 2,000 with 4 batches in flight, the way grid jobs producing
 * MEASUREMENTS would. Answers the per-batch latencies in microseconds.
 */
public class StoreBenchLoadTask extends ComputeTaskAdapter<String, long[]> {
    static final int BATCH = 2_000;
    static final int IN_FLIGHT = 4;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, String arg) {
        String[] a = arg.split(":");
        long first = Long.parseLong(a[1]);
        long count = Long.parseLong(a[2]);
        Map<ComputeJob, ClusterNode> jobs = new HashMap<>();
        long share = count / subgrid.size();
        for (int i = 0; i < subgrid.size(); i++) {
            long from = first + i * share;
            long n = i == subgrid.size() - 1 ? count - i * share : share;
            jobs.put(new Job(a[0], from, n), subgrid.get(i));
        }
        return jobs;
    }

    @Override
    public long[] reduce(List<ComputeJobResult> results) {
        List<Long> all = new ArrayList<>();
        for (ComputeJobResult r : results) {
            for (long v : (long[]) r.getData()) {
                all.add(v);
            }
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    static final class Job extends ComputeJobAdapter {
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String cache;
        private final long from;
        private final long count;

        Job(String cache, long from, long count) {
            this.cache = cache;
            this.from = from;
            this.count = count;
        }

        @Override
        public long[] execute() {
            IgniteCache<Long, BinaryObject> c = ignite.cache(cache).withKeepBinary();
            long[] latencies = new long[(int) ((count + BATCH - 1) / BATCH)];
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);
            int b = 0;
            try {
                for (long i = from; i < from + count; i += BATCH) {
                    Map<Long, BinaryObject> batch = new java.util.TreeMap<>();
                    for (long k = i; k < Math.min(from + count, i + BATCH); k++) {
                        batch.put(k, ignite.binary().builder(cache + "_TYPE")
                            .setField("SENSOR_ID", "sensor-" + (k % 1000), String.class)
                            .setField("TS", new Timestamp(1_700_000_000_000L + k), Timestamp.class)
                            .setField("VAL", k * 0.5, Double.class)
                            .setField("OK", k % 10 != 0, Boolean.class)
                            .build());
                    }
                    inFlight.acquire();
                    long t0 = System.nanoTime();
                    int slot = b++;
                    c.putAllAsync(batch).listen(f -> {
                        latencies[slot] = (System.nanoTime() - t0) / 1000;
                        inFlight.release();
                    });
                }
                inFlight.acquire(IN_FLIGHT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return latencies;
        }
    }
}
