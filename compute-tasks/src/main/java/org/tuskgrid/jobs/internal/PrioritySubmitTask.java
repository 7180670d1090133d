package org.tuskgrid.jobs.internal;

import org.apache.ignite.compute.ComputeTaskSessionFullSupport;
import org.apache.ignite.spi.collision.priorityqueue.PriorityQueueCollisionSpi;

/**
 * {@link SubmitTask} for priorities other than normal. Ignite's priority collision SPI reads the
 * priority from the task session, which needs full session support: extra messages per job, so
 * normal-priority submissions (the default priority of the SPI) go without it.
 */
@ComputeTaskSessionFullSupport
public class PrioritySubmitTask extends SubmitTask {
    private static final long serialVersionUID = 1L;

    @Override
    protected void prepareSession() {
        session().setAttribute(PriorityQueueCollisionSpi.DFLT_PRIORITY_ATTRIBUTE_KEY, requestPriority());
    }
}
