package org.tuskgrid.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * What {@code ./tuskgrid load} asks a node: {@code load:TABLE} bulk-loads a stored table from its
 * database into the grid (every node loads its own partitions) and answers the table's row count;
 * {@code ddl:TABLE} answers the CREATE TABLE the store uses; {@code flushed:TABLE} answers how many
 * rows the table's store has committed to its database since the nodes started, summed over the nodes
 * (a write-behind flush is done when it stops growing; {@code bench store} times its rounds with it).
 */
public class StoreTableTask extends ComputeTaskAdapter<String, String> {
    private static final String FLUSHED = "flushed";

    /** Whether this call asks every node for its count (set by map, read by reduce on the same node). */
    private transient boolean perNode;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, String arg) {
        perNode = arg.startsWith(FLUSHED + ":");
        if (!perNode) {
            return Map.of(new Job(arg), subgrid.get(0));
        }
        Map<ComputeJob, ClusterNode> jobs = new HashMap<>();
        for (ClusterNode n : subgrid) {
            if (!n.isClient()) {
                jobs.put(new Job(arg), n);
            }
        }
        return jobs;
    }

    @Override
    public String reduce(List<ComputeJobResult> results) {
        if (!perNode) {
            return results.get(0).getData();
        }
        long sum = 0;
        for (ComputeJobResult r : results) {
            sum += Long.parseLong(r.<String>getData());
        }
        return String.valueOf(sum);
    }

    static final class Job extends ComputeJobAdapter {
        @IgniteInstanceResource
        private transient Ignite ignite;
        private final String arg;

        Job(String arg) {
            this.arg = arg;
        }

        @Override
        public String execute() {
            int colon = arg.indexOf(':');
            String op = arg.substring(0, colon);
            String table = arg.substring(colon + 1);
            IgniteCache<Object, Object> cache = ignite.cache(table);
            if (cache == null) {
                throw new IgniteException("no table " + table);
            }
            StoredCache stored;
            try {
                stored = StoreRuntime.of(ignite.name()).cache(table);
            } catch (IllegalStateException e) {
                throw new IgniteException("table " + table + " is not stored in a database (not listed in the node's StoreSettings)");
            }
            if (op.equals("ddl")) {
                return stored.ddl();
            }
            if (op.equals(FLUSHED)) {
                return String.valueOf(stored.health().flushed());
            }
            try {
                cache.loadCache(null);
            } catch (RuntimeException e) {
                throw new IgniteException(stored.health().what() + ": " + StoreHealth.oneLine(e));
            }
            return String.valueOf(cache.sizeLong());
        }
    }
}
