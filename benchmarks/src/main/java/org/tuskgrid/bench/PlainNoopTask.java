package org.tuskgrid.bench;

import java.util.Collection;
import java.util.List;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskSplitAdapter;

/** The plain-Ignite baseline of the compute benchmark: one job that does nothing, placed by Ignite's load balancer. */
public final class PlainNoopTask extends ComputeTaskSplitAdapter<Object, Object> {
    @Override
    protected Collection<? extends ComputeJob> split(int gridSize, Object arg) {
        return List.of(new ComputeJobAdapter() {
            @Override
            public Object execute() {
                return arg;
            }
        });
    }

    @Override
    public Object reduce(List<ComputeJobResult> results) {
        return results.get(0).getData();
    }
}
