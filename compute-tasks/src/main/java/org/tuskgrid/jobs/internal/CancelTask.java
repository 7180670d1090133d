package org.tuskgrid.jobs.internal;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.internal.processors.task.GridInternal;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.tasks.InvalidArgumentsException;

/**
 * Cancels a submission by id from any node: the node coordinating it records CANCELLED and cancels
 * the Ignite task (its jobs are interrupted). A submission whose coordinator is gone is marked
 * CANCELLED in the registry, so nobody runs it again. Answers with the resulting status.
 */
@GridInternal
public final class CancelTask extends ControlTask {
    private static final long serialVersionUID = 1L;
    private static final long UNKNOWN_JOB_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Override
    protected String run(Ignite ignite, String id) {
        JobService svc = JobService.of(ignite);
        BinaryObject row = svc.registry.get(id);
        if (row == null) {
            // A submission of the last moment is not written yet (QUEUED rows wait briefly) and may still be on its way
            // to its coordinator: ask the coordinators for a little while before saying there is no such job.
            long deadline = System.nanoTime() + UNKNOWN_JOB_WAIT_NANOS;
            while (!ignite.compute(ignite.cluster().forServers()).broadcast(new StopOnCoordinator(id)).contains(true)) {
                row = svc.registry.get(id);
                if (row != null) {
                    return run(ignite, id);
                }
                if (System.nanoTime() > deadline) {
                    throw new InvalidArgumentsException("no job '" + id + "' in the registry");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while looking for job " + id, e);
                }
            }
            return recordedStatus(svc, id);
        }
        JobStatus status = JobStatus.valueOf(row.<String>field(JobsTable.STATUS));
        if (status.isTerminal()) {
            return status.name();
        }
        String coordinator = row.field(JobsTable.COORDINATOR);
        ClusterNode node = coordinator == null ? null : ignite.cluster().node(UUID.fromString(coordinator));
        boolean stopped = node != null && ignite.compute(ignite.cluster().forNode(node)).call(new StopOnCoordinator(id));
        if (!stopped) {
            JobUpdate u = new JobUpdate();
            u.status = JobStatus.CANCELLED;
            u.error = "cancelled";
            u.finishedAt = System.currentTimeMillis();
            svc.registry.writeNow(id, u);
        }
        return recordedStatus(svc, id);
    }

    private static String recordedStatus(JobService svc, String id) {
        return JobStatus.valueOf(svc.registry.get(id).<String>field(JobsTable.STATUS)).name();
    }

    @GridInternal
    private static final class StopOnCoordinator implements IgniteCallable<Boolean> {
        private static final long serialVersionUID = 1L;
        private final String id;

        @IgniteInstanceResource
        private transient Ignite ignite;

        StopOnCoordinator(String id) {
            this.id = id;
        }

        @Override
        public Boolean call() {
            return JobService.of(ignite).stopLocal(id, JobStatus.CANCELLED, "cancelled", false);
        }
    }
}
