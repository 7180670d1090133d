package org.tuskgrid.client;

import java.util.Locale;

/** Where a submission stands, as in {@code JOBS.STATUS}. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT;

    /** Whether the submission is over; a finished submission is never run again. */
    public boolean isTerminal() {
        return ordinal() >= SUCCEEDED.ordinal();
    }

    public static JobStatus parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of queued, running, succeeded, failed, cancelled, timed_out, not '" + s + "'");
        }
    }
}
