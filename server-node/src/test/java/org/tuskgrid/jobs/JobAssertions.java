package org.tuskgrid.jobs;

import java.time.Duration;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.TuskGridClient;

/** Reads the job registry in tests: rows are written in batches, a few ms after the outcome reaches the caller. */
final class JobAssertions {
    private JobAssertions() {
    }

    /** The row once it shows a finished status; fails after 15 s. */
    static JobInfo recorded(TuskGridClient client, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var row = client.tasks().job(id);
            if (row.isPresent() && row.get().status().isTerminal()) {
                return row.get();
            }
            pause(20);
        }
        throw new AssertionError("job " + id + " not recorded as finished within 15 s: " + client.tasks().job(id));
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
