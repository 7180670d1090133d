package org.tuskgrid.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tuskgrid.jobs.JobAssertions.pause;

import java.util.Optional;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.jobs.internal.JobsExtension;
import org.tuskgrid.testing.ClusterExtension;

/**
 * A submission whose coordinating node dies while nobody re-attaches to it: the surviving node finds it
 * among the registry's open rows and marks it failed once the grace period is over, while JOBS also holds
 * many finished rows that the search must not trip over.
 */
class JobOrphanIT {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.forked(2).option(JobsExtension.ORPHAN_GRACE.key(), "2s");

    @Test
    void anAttachedJobWhoseClientNeverReattachesIsMarkedFailedAfterTheGrace() {
        try (TuskGridClient observer = TuskGridClient.connect(ClientSettings.builder().addresses(cluster.cluster().clientAddress(1)).build())) {
            for (int i = 0; i < 200; i++) {
                observer.tasks().submit("echo", "{}", org.tuskgrid.client.TaskOptions.defaults()).result(java.time.Duration.ofSeconds(30));
            }
            String id = "j-orphan-" + System.nanoTime();
            // A bare Ignite thin client on node 0 only, the way any language's client submits: it does not re-attach.
            try (IgniteClient bare = Ignition.startClient(new ClientConfiguration().setAddresses(cluster.cluster().clientAddress(0)))) {
                bare.compute().executeAsync2("org.tuskgrid.jobs.internal.SubmitTask", "{\"id\":\"" + id + "\",\"task\":\"sleep\","
                    + "\"args\":{\"ms\":60000},\"priority\":\"NORMAL\",\"timeoutMs\":0,\"maxRetries\":0,\"backoffMs\":100,"
                    + "\"balance\":\"ROUND_ROBIN\",\"require\":{},\"traceId\":\"t-orphan\",\"detached\":false}");
                long deadline = System.nanoTime() + 15_000_000_000L;
                Optional<JobInfo> row = observer.tasks().job(id);
                while ((row.isEmpty() || row.get().status() != JobStatus.RUNNING) && System.nanoTime() < deadline) {
                    pause(50);
                    row = observer.tasks().job(id);
                }
                assertThat(row).as("the job's row while it runs").hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(JobStatus.RUNNING));
                cluster.cluster().kill(0);
            }
            JobInfo failed = recordedWithin(observer, id);
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error()).isEqualTo("the node coordinating it left and its client did not re-attach within 2.0s");
            assertThat(observer.tasks().jobs(JobStatus.SUCCEEDED, 500)).as("finished rows stay as they were").hasSize(200);
        }
    }

    /** The orphan search runs 1 s and 4 s after a node leaves, then every 10 s: the row is final within about 15 s. */
    private static JobInfo recordedWithin(TuskGridClient client, String id) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<JobInfo> row = client.tasks().job(id);
            if (row.isPresent() && row.get().status().isTerminal()) {
                return row.get();
            }
            pause(200);
        }
        throw new AssertionError("job " + id + " still open 30 s after its node died: " + client.tasks().job(id));
    }
}
