package org.tuskgrid.jobs.internal;

import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.binary.BinaryObject;

/**
 * Writes a new row from an update and answers true, or leaves an existing row alone and answers false. Atomic on the
 * row's primary, so a submission that reaches two nodes (a client trying again after one did not answer) is queued once.
 */
final class JobCreate implements EntryProcessor<String, BinaryObject, Boolean>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final JobUpdate row;

    JobCreate(JobUpdate row) {
        this.row = row;
    }

    @Override
    public Boolean process(MutableEntry<String, BinaryObject> entry, Object... args) {
        if (entry.exists()) {
            return false;
        }
        entry.setValue(row.applyTo(null, entry.unwrap(Ignite.class).binary()));
        return true;
    }
}
