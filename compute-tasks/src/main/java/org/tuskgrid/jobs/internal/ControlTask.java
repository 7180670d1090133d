package org.tuskgrid.jobs.internal;

import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.internal.processors.task.GridInternal;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * A short control operation answered by the node a client is connected to (detach, cancel, list).
 * Marked internal so that it bypasses the collision SPI: it must answer at once even when every job
 * slot of the node is busy with user jobs.
 */
@GridInternal
abstract class ControlTask extends ComputeTaskAdapter<String, String> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, String arg) {
        String answer = run(ignite, arg);
        return Map.of(new FixedAnswer(answer), ignite.cluster().localNode());
    }

    /** Does the work on the receiving node; the return value goes back to the client. */
    protected abstract String run(Ignite ignite, String arg);

    @Override
    public String reduce(List<ComputeJobResult> results) {
        return results.get(0).getData();
    }
}
