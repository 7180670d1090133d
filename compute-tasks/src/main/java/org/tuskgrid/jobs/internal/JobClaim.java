package org.tuskgrid.jobs.internal;

import java.sql.Timestamp;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.binary.BinaryObject;
import org.tuskgrid.client.JobStatus;

import static org.tuskgrid.jobs.internal.JobsTable.*;

/**
 * Takes over an unfinished submission whose coordinator is {@code from}: sets the coordinator to
 * {@code to} and returns the row, or null when the row is finished or someone else took it first.
 * Atomic on the row's primary, so of all the nodes that notice an orphan exactly one re-runs it.
 */
final class JobClaim implements EntryProcessor<String, BinaryObject, BinaryObject>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String from;
    private final String to;

    JobClaim(String from, String to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public BinaryObject process(MutableEntry<String, BinaryObject> entry, Object... args) {
        BinaryObject row = entry.getValue();
        if (row == null || JobStatus.valueOf(row.<String>field(STATUS)).isTerminal()
            || (from != null && !from.equals(row.field(COORDINATOR)))) {
            return null;
        }
        BinaryObject claimed = row.toBuilder().setField(COORDINATOR, to)
            .setField(UPDATED_AT, new Timestamp(System.currentTimeMillis()), Timestamp.class).build();
        entry.setValue(claimed);
        return claimed;
    }
}
