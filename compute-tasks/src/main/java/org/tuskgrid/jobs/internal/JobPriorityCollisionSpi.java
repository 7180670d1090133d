package org.tuskgrid.jobs.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.spi.IgniteSpiAdapter;
import org.apache.ignite.spi.IgniteSpiMultipleInstancesSupport;
import org.apache.ignite.spi.collision.CollisionContext;
import org.apache.ignite.spi.collision.CollisionExternalListener;
import org.apache.ignite.spi.collision.CollisionJobContext;
import org.apache.ignite.spi.collision.CollisionSpi;
import org.tuskgrid.client.Priority;

/**
 * At most {@code parallel} jobs run on a node; waiting ones start highest priority first, in arrival
 * order within a priority. Ignite's {@code PriorityQueueCollisionSpi} reads priorities from task
 * session attributes, which need full session support (more messages per job) and, from a thin
 * client, did not reach the node in time here: this one reads the priority the job carries.
 * Jobs that are not TuskGrid jobs (Ignite's own, plain compute) count as normal priority.
 */
@IgniteSpiMultipleInstancesSupport(true)
public final class JobPriorityCollisionSpi extends IgniteSpiAdapter implements CollisionSpi {
    private static final Comparator<CollisionJobContext> HIGHEST_FIRST =
        Comparator.comparingInt((CollisionJobContext c) -> priority(c.getJob())).reversed();

    private final int parallel;

    public JobPriorityCollisionSpi(int parallel) {
        this.parallel = parallel;
    }

    private static int priority(ComputeJob job) {
        return job instanceof JobRunner r ? r.priority : Priority.NORMAL.value();
    }

    /**
     * Ignite calls this from several threads at once (a job arriving while another ends) with live views of its
     * job maps: unsynchronized, two calls each saw the same free slot and a node with parallel=2 ran 3 jobs.
     */
    @Override
    public synchronized void onCollision(CollisionContext ctx) {
        int free = parallel - ctx.activeJobs().size();
        if (free <= 0 || ctx.waitingJobs().isEmpty()) {
            return;
        }
        List<CollisionJobContext> waiting = new ArrayList<>(ctx.waitingJobs());
        waiting.sort(HIGHEST_FIRST); // stable: arrival order within a priority
        for (int i = 0; i < free && i < waiting.size(); i++) {
            waiting.get(i).activate();
        }
    }

    @Override
    public void setExternalCollisionListener(CollisionExternalListener lsnr) {
        // Activation depends only on the jobs on this node; nothing outside triggers it.
    }

    @Override
    public void spiStart(String igniteInstanceName) {
        startStopwatch();
    }

    @Override
    public void spiStop() {
    }
}
