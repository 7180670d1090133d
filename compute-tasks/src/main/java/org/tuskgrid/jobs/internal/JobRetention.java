package org.tuskgrid.jobs.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.tuskgrid.client.JobStatus;

/**
 * Deletes finished {@code JOBS} rows older than the retention period, among the rows this node holds as primary.
 * A delete, unlike Ignite's expiry, reaches the table's database store: with an expiry policy the rows stayed in
 * SQLite for ever, and every full restart loaded all of them back without one.
 */
final class JobRetention {
    /** Rows deleted per query and status; a tick goes on while batches come back full. */
    static final int BATCH = 10_000;

    private final IgniteCache<String, BinaryObject> rows;
    private final Ignite ignite;
    private final Duration retention;

    JobRetention(Ignite ignite, IgniteCache<String, BinaryObject> rows, Duration retention) {
        this.ignite = ignite;
        this.rows = rows;
        this.retention = retention;
    }

    /** @return how many rows this node deleted */
    int deleteExpired() {
        Timestamp cutoff = new Timestamp(System.currentTimeMillis() - retention.toMillis());
        ClusterNode local = ignite.cluster().localNode();
        Affinity<String> affinity = ignite.affinity(JobsTable.NAME);
        int deleted = 0;
        for (JobStatus status : JobStatus.values()) {
            if (!status.isTerminal()) {
                continue;
            }
            // (STATUS, SUBMITTED_AT) is an index; a job is submitted before it finishes, so this range holds every candidate.
            SqlFieldsQuery old = new SqlFieldsQuery("SELECT " + JobsTable.ID + " FROM " + JobsTable.NAME + " WHERE " + JobsTable.STATUS
                + " = ? AND " + JobsTable.SUBMITTED_AT + " < ? AND " + JobsTable.FINISHED_AT + " < ? LIMIT " + BATCH)
                .setArgs(status.name(), cutoff, cutoff).setLocal(true);
            int found;
            Set<String> primary;
            do {
                List<List<?>> ids = rows.query(old).getAll();
                found = ids.size();
                primary = new HashSet<>();
                // A local query also sees backup copies: each row is deleted by its primary's node.
                for (List<?> r : ids) {
                    if (affinity.isPrimary(local, (String) r.get(0))) {
                        primary.add((String) r.get(0));
                    }
                }
                rows.removeAll(primary);
                deleted += primary.size();
            } while (found == BATCH && !primary.isEmpty()); // a batch of backup copies only: their primaries delete them
        }
        return deleted;
    }
}
