package org.tuskgrid.jobs.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.internal.processors.task.GridInternal;
import org.tuskgrid.client.JobStatus;

/**
 * Accepts a detached submission: checks it, writes it to {@code JOBS} (primary and backup) before
 * answering, then runs it in the background from this node. From here on the cluster owns it: if
 * this node dies, a survivor runs it again. Answers with the job id. The same submission sent again
 * (its id is already in {@code JOBS}) is answered without being queued twice.
 */
@GridInternal
public final class DetachTask extends ControlTask {
    private static final long serialVersionUID = 1L;

    @Override
    protected String run(Ignite ignite, String arg) {
        JobRequest req = JobRequest.parse(arg).detachedCopy();
        JobService.validated(req, ignite);
        JobService.eligible(ignite.cluster().forServers().nodes(), req.require());
        JobService svc = JobService.of(ignite);
        JobUpdate queued = new JobUpdate();
        queued.status = JobStatus.QUEUED;
        queued.task = req.task();
        queued.priority = req.priority().name();
        queued.traceId = req.traceId();
        queued.submittedAt = System.currentTimeMillis();
        queued.coordinator = ignite.cluster().localNode().id().toString();
        queued.detached = true;
        queued.request = req.toJson();
        if (svc.registry.create(req.id(), queued)) {
            svc.launch(req);
        } // else an earlier try of this submission queued it: the client tries again when a node does not answer
        return req.id();
    }
}
