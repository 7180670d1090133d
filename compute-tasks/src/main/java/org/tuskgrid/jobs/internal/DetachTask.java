package org.tuskgrid.jobs.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.internal.processors.task.GridInternal;
import org.tuskgrid.client.JobStatus;

/**
 * Accepts a detached submission: checks it, writes it to {@code JOBS} (primary and backup) before
 * answering, then runs it in the background from this node. From here on the cluster owns it: if
 * this node dies, a survivor runs it again. Answers with the job id.
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
        svc.registry.writeNow(req.id(), queued);
        svc.launch(req);
        return req.id();
    }
}
