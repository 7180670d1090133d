package org.tuskgrid.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tuskgrid.client.JobStatus;

/** Updates arrive batched and out of order from several nodes; merging must not depend on the order. */
class JobUpdateTest {
    private static JobUpdate update(JobStatus status, Integer attempts, String node, String attemptTime) {
        JobUpdate u = new JobUpdate();
        u.status = status;
        u.attempts = attempts;
        u.node = node;
        u.attemptTime = attemptTime;
        return u;
    }

    @Test
    void statusOnlyMovesForwardAndTheFirstOutcomeStands() {
        assertThat(JobUpdate.later(JobStatus.RUNNING, JobStatus.QUEUED)).isEqualTo(JobStatus.RUNNING);
        assertThat(JobUpdate.later(JobStatus.QUEUED, JobStatus.RUNNING)).isEqualTo(JobStatus.RUNNING);
        assertThat(JobUpdate.later(JobStatus.SUCCEEDED, JobStatus.RUNNING)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(JobUpdate.later(JobStatus.TIMED_OUT, JobStatus.FAILED)).isEqualTo(JobStatus.TIMED_OUT);
        assertThat(JobUpdate.later(null, JobStatus.QUEUED)).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void mergingTakesTheMostAttemptsAndAccumulatesNodesAndTimesInEitherOrder() {
        JobUpdate a = update(JobStatus.RUNNING, 2, "node-1", "100");
        JobUpdate b = update(JobStatus.SUCCEEDED, 1, "node-0", "50");
        JobUpdate ab = a.copy().merge(b);
        JobUpdate ba = b.copy().merge(a);

        for (JobUpdate m : new JobUpdate[] {ab, ba}) {
            assertThat(m.status).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(m.attempts).isEqualTo(2);
            assertThat(m.node.split(",")).containsExactlyInAnyOrder("node-0", "node-1");
            assertThat(m.attemptTime.split(",")).containsExactlyInAnyOrder("50", "100");
        }
    }

    @Test
    void missingAttemptsDoNotClearKnownOnes() {
        assertThat(update(null, 3, null, null).merge(update(JobStatus.RUNNING, null, null, null)).attempts).isEqualTo(3);
        assertThat(update(null, null, null, null).merge(update(JobStatus.RUNNING, 1, null, null)).attempts).isEqualTo(1);
    }

    @Test
    void unionKeepsEachValueOnce() {
        assertThat(JobUpdate.union("a,b", "b,c")).isEqualTo("a,b,c");
        assertThat(JobUpdate.union(null, "x")).isEqualTo("x");
        assertThat(JobUpdate.union("x", "")).isEqualTo("x");
    }
}
