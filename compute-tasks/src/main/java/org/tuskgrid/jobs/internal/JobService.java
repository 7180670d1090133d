package org.tuskgrid.jobs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.cluster.ClusterMetrics;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeTaskFuture;
import org.apache.ignite.lang.IgniteUuid;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tuskgrid.client.Balance;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.node.NodeStatus;
import org.tuskgrid.tasks.GridTask;
import org.tuskgrid.tasks.InvalidArgumentsException;
import org.tuskgrid.tasks.TaskCatalog;

/**
 * The job system's state on one node: the registry writer, the submissions this node coordinates
 * (for cancel and timeouts), per-node counters, node choice for load balancing, and the search for
 * submissions orphaned by a node that left.
 */
public final class JobService {
    static final String KEY = "tuskgrid.jobs";
    /** Key of this node's job counters in the node-local map, published in {@code NODE_STATUS}. */
    static final String STATUS_KEY = NodeStatus.SECTION_PREFIX + "jobs";
    private static final Logger LOG = LogManager.getLogger(JobService.class);

    final Ignite ignite;
    final JobRegistry registry;
    private final Duration orphanGrace;
    private final ScheduledExecutorService timers;
    /** Submissions this node coordinates, by job id. */
    private final Map<String, Coordinated> coordinated = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> timeouts = new ConcurrentHashMap<>();
    /** Jobs this node has sent to each node and not yet heard back about (least-loaded sees its own recent choices). */
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong roundRobin = new AtomicLong();
    final AtomicLong active = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    JobService(Ignite ignite, Duration retention, Duration orphanGrace) {
        this.ignite = ignite;
        this.registry = new JobRegistry(ignite);
        JobRetention expired = new JobRetention(ignite, registry.cache(), retention);
        this.orphanGrace = orphanGrace;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tuskgrid-jobs-timer-%" + ignite.name());
            t.setDaemon(true);
            return t;
        });
        ignite.cluster().nodeLocalMap().put(KEY, this);
        ignite.cluster().nodeLocalMap().put(STATUS_KEY, (Supplier<Map<String, Object>>) this::counters);
        // Every 5 s: a job handed over by a client whose coordinator went silent (see ThinTaskClient) waits for this at most.
        timers.scheduleWithFixedDelay(this::scanOrphansQuietly, 5, 5, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(() -> {
            try {
                expired.deleteExpired();
            } catch (RuntimeException e) {
                LOG.warn("Deleting expired jobs failed, will try again: {}", e.toString());
            }
        }, 10, 10, TimeUnit.SECONDS);
    }

    /** This node's service; a request that arrives while the node is still starting waits for it a little. */
    static JobService of(Ignite ignite) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            JobService s = ignite.cluster().<String, JobService>nodeLocalMap().get(KEY);
            if (s != null) {
                return s;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the job system is not running on node " + ignite.name());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while node " + ignite.name() + " was starting");
            }
        }
    }

    Map<String, Object> counters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", active.get());
        m.put("queued", ignite.cluster().localNode().metrics().getCurrentWaitingJobs());
        m.put("done", done.get());
        m.put("failed", failed.get());
        return m;
    }

    /** The task, after checking it exists and accepts the arguments. */
    static GridTask validated(JobRequest req, Ignite ignite) {
        GridTask task = TaskCatalog.get().task(req.task());
        task.validate(req.args(), ignite);
        return task;
    }

    /** Server nodes whose attributes match every requirement. */
    static List<ClusterNode> eligible(Collection<ClusterNode> nodes, Map<String, String> require) {
        List<ClusterNode> out = new ArrayList<>();
        for (ClusterNode n : nodes) {
            if (!n.isClient() && require.entrySet().stream().allMatch(r -> r.getValue().equals(String.valueOf((Object) n.attribute(r.getKey()))))) {
                out.add(n);
            }
        }
        // The caller's node list comes in no fixed order; round robin needs one.
        out.sort(java.util.Comparator.comparingLong(ClusterNode::order));
        if (out.isEmpty()) {
            throw new InvalidArgumentsException("no node matches " + describe(require) + " (nodes: " + describeNodes(nodes) + ")");
        }
        return out;
    }

    private static String describe(Map<String, String> require) {
        StringBuilder sb = new StringBuilder();
        require.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.length() == 0 ? "(no requirement)" : sb.toString();
    }

    private static String describeNodes(Collection<ClusterNode> nodes) {
        List<String> out = new ArrayList<>();
        for (ClusterNode n : nodes) {
            if (!n.isClient()) {
                String attrs = n.attribute(NodeStatus.USER_ATTRIBUTES);
                out.add(n.consistentId() + (attrs == null || attrs.isEmpty() ? "" : " has " + attrs));
            }
        }
        return String.join("; ", out);
    }

    /** The node for one job under the given strategy. */
    ClusterNode pick(List<ClusterNode> eligible, Balance balance) {
        if (eligible.size() == 1) {
            return eligible.get(0);
        }
        return switch (balance) {
            case ROUND_ROBIN, CAPABILITY -> eligible.get((int) Math.floorMod(roundRobin.getAndIncrement(), (long) eligible.size()));
            case LEAST_LOADED -> lowest(eligible, n -> published(n) + inFlight(n));
            case ADAPTIVE -> lowest(eligible, n -> {
                ClusterMetrics m = n.metrics();
                double queue = published(n) + inFlight(n) + 1;
                double jobMs = Math.max(1.0, m.getAverageJobExecuteTime());
                return queue * jobMs / Math.max(1, m.getTotalCpus()) * (1 + Math.max(0, m.getCurrentCpuLoad()));
            });
        };
    }

    /** The lowest score; ties broken at random so equal nodes share the work. */
    private static ClusterNode lowest(List<ClusterNode> nodes, java.util.function.ToDoubleFunction<ClusterNode> score) {
        ClusterNode best = null;
        double bestScore = Double.MAX_VALUE;
        int ties = 0;
        for (ClusterNode n : nodes) {
            double s = score.applyAsDouble(n);
            if (s < bestScore) {
                best = n;
                bestScore = s;
                ties = 1;
            } else if (s == bestScore && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = n;
            }
        }
        return best;
    }

    /** Active plus queued jobs of a node, as it last published them in NODE_STATUS (at most a second old). */
    private long published(ClusterNode n) {
        String json = ignite.<String, String>cache(NodeStatus.CACHE).localPeek(n.id().toString());
        if (json == null) {
            return 0;
        }
        com.fasterxml.jackson.databind.JsonNode jobs = org.tuskgrid.tasks.Json.parse(json).path("jobs");
        return jobs.path("active").asLong() + jobs.path("queued").asLong();
    }

    private int inFlight(ClusterNode n) {
        AtomicInteger c = inFlight.get(n.id());
        return c == null ? 0 : c.get();
    }

    void sent(ClusterNode n) {
        inFlight.computeIfAbsent(n.id(), k -> new AtomicInteger()).incrementAndGet();
    }

    void answered(ClusterNode n) {
        AtomicInteger c = inFlight.get(n.id());
        if (c != null) {
            c.decrementAndGet();
        }
    }

    /** A submission this node coordinates: its Ignite task and what to release if it is stopped before it reduces. */
    private record Coordinated(IgniteUuid session, Runnable onStop) {
    }

    /** Remembers a submission this node coordinates and arms its timeout. */
    void coordinating(JobRequest req, IgniteUuid session, Runnable onStop) {
        coordinated.put(req.id(), new Coordinated(session, onStop));
        if (req.timeoutMs() > 0) {
            timeouts.put(req.id(), timers.schedule(() -> stopLocal(req.id(), JobStatus.TIMED_OUT,
                "timed out after " + org.tuskgrid.config.Durations.format(Duration.ofMillis(req.timeoutMs())), req.detached()),
                req.timeoutMs(), TimeUnit.MILLISECONDS));
        }
    }

    /** Forgets a submission; false when a timeout or cancel already ended it (its outcome is recorded). */
    boolean finished(String id) {
        boolean mine = coordinated.remove(id) != null;
        ScheduledFuture<?> t = timeouts.remove(id);
        if (t != null) {
            t.cancel(false);
        }
        return mine;
    }

    /**
     * Ends a submission this node coordinates: records the outcome first (so whoever waits reads it),
     * then cancels the Ignite task, which interrupts its jobs.
     *
     * @return whether this node was coordinating it
     */
    boolean stopLocal(String id, JobStatus status, String reason, boolean detached) {
        Coordinated c = coordinated.remove(id);
        if (c == null) {
            return false;
        }
        JobUpdate u = new JobUpdate();
        u.status = status;
        u.error = reason;
        u.finishedAt = System.currentTimeMillis();
        registry.writeNow(id, u);
        LOG.info("Job {} {}: {}", id, status, reason);
        ComputeTaskFuture<?> f = ignite.compute().activeTaskFutures().get(c.session());
        if (f != null) {
            f.cancel();
        }
        c.onStop().run();
        finished(id);
        return true;
    }

    /** Runs a submission from this node, in the background (detached submissions and orphans). */
    void launch(JobRequest req) {
        ignite.compute().<String, String>executeAsync(SubmitTask.class.getName(), req.toJson()).listen(f -> {
            try {
                f.get();
            } catch (RuntimeException e) {
                JobUpdate u = new JobUpdate();
                u.status = JobStatus.FAILED;
                u.error = SubmitTask.reason(e);
                u.finishedAt = System.currentTimeMillis();
                registry.writeNow(req.id(), u); // no effect when the timeout or a cancel recorded the outcome first
            }
        });
    }

    void onNodeLeft() {
        timers.schedule(this::scanOrphansQuietly, 1, TimeUnit.SECONDS);
        timers.schedule(this::scanOrphansQuietly, 4, TimeUnit.SECONDS);
    }

    private void scanOrphansQuietly() {
        try {
            scanOrphans();
        } catch (RuntimeException e) {
            LOG.warn("Orphaned-job scan failed, will try again: {}", e.toString());
        }
    }

    /**
     * Finds unfinished submissions whose coordinator is no longer in the cluster, among the rows this
     * node holds as primary. A detached one is taken over (exactly one node wins the claim) and run
     * again; an attached one belongs to its waiting client, which re-attaches; if none did within the
     * grace period, it is marked failed. Only open rows are read, through the status index: a scan of
     * every row took 430 ms per node at 190k rows, every 10 s, and JOBS keeps a day of finished jobs.
     */
    void scanOrphans() {
        Set<String> alive = new HashSet<>();
        ignite.cluster().forServers().nodes().forEach(n -> alive.add(n.id().toString()));
        String self = ignite.cluster().localNode().id().toString();
        ClusterNode local = ignite.cluster().localNode();
        Affinity<String> affinity = ignite.affinity(JobsTable.NAME);
        SqlFieldsQuery open = new SqlFieldsQuery("SELECT " + JobsTable.ID + ", " + JobsTable.COORDINATOR + ", " + JobsTable.DETACHED
            + ", " + JobsTable.UPDATED_AT + " FROM " + JobsTable.NAME + " WHERE " + JobsTable.STATUS + " IN ('QUEUED', 'RUNNING')")
            .setLocal(true);
        for (List<?> row : registry.cache().query(open).getAll()) {
            String id = (String) row.get(0);
            String coordinator = (String) row.get(1);
            // A local query also sees backup copies: the primary's node decides.
            if (coordinator == null || alive.contains(coordinator) || !affinity.isPrimary(local, id)) {
                continue;
            }
            if (Boolean.TRUE.equals(row.get(2))) {
                BinaryObject claimed = registry.claim(id, coordinator, self);
                if (claimed != null) {
                    LOG.info("Job {} lost its node {}; running it again here", id, coordinator);
                    launch(JobRequest.parse(claimed.field(JobsTable.REQUEST)).resumed());
                }
            } else {
                java.sql.Timestamp updated = (java.sql.Timestamp) row.get(3);
                if (updated != null && System.currentTimeMillis() - updated.getTime() > orphanGrace.toMillis()) {
                    JobUpdate u = new JobUpdate();
                    u.status = JobStatus.FAILED;
                    u.error = "the node coordinating it left and its client did not re-attach within "
                        + org.tuskgrid.config.Durations.format(orphanGrace);
                    u.finishedAt = System.currentTimeMillis();
                    registry.writeNow(id, u);
                }
            }
        }
    }

    void stop() {
        timers.shutdownNow();
        registry.stop();
        ignite.cluster().nodeLocalMap().remove(KEY);
        ignite.cluster().nodeLocalMap().remove(STATUS_KEY);
    }
}
