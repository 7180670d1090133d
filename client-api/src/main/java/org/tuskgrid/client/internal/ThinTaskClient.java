package org.tuskgrid.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.client.ClientConnectionException;
import org.apache.ignite.client.IgniteClient;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.Priority;
import org.tuskgrid.client.Row;
import org.tuskgrid.client.SqlResult;
import org.tuskgrid.client.TaskClient;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TaskInfo;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridException;

/** {@link TaskClient} over thin-client compute calls to the server-side job tasks. */
final class ThinTaskClient implements TaskClient {
    static final String SUBMIT = "org.tuskgrid.jobs.internal.SubmitTask";
    static final String DETACH = "org.tuskgrid.jobs.internal.DetachTask";
    static final String CANCEL = "org.tuskgrid.jobs.internal.CancelTask";
    static final String LIST = "org.tuskgrid.jobs.internal.TaskListTask";
    static final String COLUMNS = "ID, TASK, STATUS, PRIORITY, NODE, ATTEMPTS, SUBMITTED_AT, STARTED_AT, FINISHED_AT, "
        + "DURATION_MS, ERROR, TRACE_ID, ATTEMPT_TIMES, RESULT";

    /** How often waiting submissions are checked against the registry. */
    private static final long WATCH_MS = 2_000;
    /** How long one try of a control call may go unanswered. */
    private static final long CONTROL_CALL_MS = 3_000;
    private static final int CONTROL_TRIES = 10;
    /** Submissions per registry query of the watch. */
    private static final int READ_BATCH = 256;
    /** How long a registry call may take before it counts as failed (the thread it runs on may stay held longer). */
    private static final long REGISTRY_READ_MS = 5_000;
    /**
     * The same for the watch's calls, which go to any node, the silent one included: a round given up on is tried again
     * {@link #WATCH_MS} later, and each wait for the silent node delays a rescue by as much.
     */
    private static final long WATCH_CALL_MS = 2_000;
    /**
     * Tries per call of the watch. The thin client sends each such call to a random node: with one of two nodes silent, a
     * round of three calls made once each got through one time in eight, and callers waited up to 50 s (measured).
     */
    private static final int WATCH_TRIES = 3;

    /**
     * Registry calls and what follows them (re-submissions, answering callers): the thin client's calls block, and one sent
     * to a node that stopped answering holds its thread, so these never run on a bounded pool or a timer's thread.
     */
    static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tuskgrid-client-calls");
        t.setDaemon(true);
        return t;
    });

    private final ThinTuskGridClient client;
    /** Attached submissions whose outcome has not arrived yet. */
    private final Set<ThinTaskHandle> waiting = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> watcher;
    private boolean closed;
    /** A round of {@link #checkWaiting()} is under way. */
    private volatile boolean checking;
    /**
     * Every server node this client has seen in the cluster. One that is gone since is the evidence the watch needs to send
     * again a submission that never reached the registry ({@link ThinTaskHandle#unrecorded}).
     */
    private final Set<String> nodesSeen = ConcurrentHashMap.newKeySet();

    ThinTaskClient(ThinTuskGridClient client) {
        this.client = client;
    }

    IgniteClient ignite() {
        return client.ignite();
    }

    @Override
    public TaskHandle submit(String task, String argsJson, TaskOptions options) {
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("task name is empty");
        }
        JsonNode args = JsonText.parse(argsJson);
        String id = newId();
        ObjectNode req = JsonText.MAPPER.createObjectNode();
        req.put("id", id);
        req.put("task", task);
        req.set("args", args);
        req.put("priority", options.priority().name());
        req.put("timeoutMs", options.timeout().toMillis());
        req.put("maxRetries", options.maxRetries());
        req.put("backoffMs", options.retryBackoff().toMillis());
        req.put("balance", options.balance().name());
        ObjectNode require = req.putObject("require");
        options.require().forEach(require::put);
        req.put("traceId", options.traceId() != null ? options.traceId() : "t-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        req.put("detached", options.detached());
        ThinTaskHandle handle = new ThinTaskHandle(this, id, req.get("traceId").asText(), req);
        if (options.detached()) {
            try {
                call(DETACH, req.toString());
            } catch (NoAnswerException e) {
                throw new TuskGridException("job " + id + ": " + e.getMessage() + "; it may have been queued all the same: look for it "
                    + "with `job " + id + "`");
            }
            handle.followRegistry();
        } else {
            handle.start();
        }
        return handle;
    }

    /** Time-ordered, readable, unique enough: {@code j-<base36 ms><6 random base36>}. */
    static String newId() {
        String rnd = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        return "j-" + Long.toString(System.currentTimeMillis(), 36) + "0".repeat(6 - rnd.length()) + rnd;
    }

    /**
     * A control call (detach, cancel, list: short, answered by the node that receives it). A compute call has no request
     * timeout, and one sent over the open connection of a node that froze is never answered, so each try is given up
     * after {@value #CONTROL_CALL_MS} ms and made again (the thin client picks a node at random). A try whose connection
     * closed under it (the client closes a frozen node's once the cluster has dropped that node) is made again too. Every
     * control task is safe to run twice.
     */
    String call(String taskClass, String arg) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ignite().compute().<String, String>executeAsync2(taskClass, arg).toCompletableFuture()
                    .get(CONTROL_CALL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (attempt == CONTROL_TRIES) {
                    throw new NoAnswerException("no node answered within " + CONTROL_TRIES + " tries of " + CONTROL_CALL_MS / 1000
                        + " s each (a node that stops answering is dropped after the failure detection timeout; then try again)");
                }
            } catch (ExecutionException e) {
                if (connectionLost(e) && attempt < CONTROL_TRIES) {
                    continue;
                }
                throw e.getCause() instanceof RuntimeException r ? ThinTuskGridClient.translate(r, client.settings())
                    : new TuskGridException(ThinTuskGridClient.serverMessage(e), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TuskGridException("interrupted");
            } catch (RuntimeException e) {
                throw ThinTuskGridClient.translate(e, client.settings());
            }
        }
    }

    /** No node answered a control call. */
    private static final class NoAnswerException extends TuskGridException {
        NoAnswerException(String message) {
            super(message);
        }
    }

    @Override
    public TaskHandle attach(String jobId) {
        // A submission made a moment ago may not be in the registry yet (rows are written in batches).
        long deadline = System.currentTimeMillis() + 2000;
        Optional<JobInfo> info = job(jobId);
        while (info.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            info = job(jobId);
        }
        String traceId = info.orElseThrow(() -> new TuskGridException("no job '" + jobId + "' in the registry")).traceId();
        ThinTaskHandle h = new ThinTaskHandle(this, jobId, traceId, null);
        h.followRegistry();
        return h;
    }

    @Override
    public List<TaskInfo> list() {
        try {
            return JsonText.MAPPER.readValue(call(LIST, null), new TypeReference<List<TaskInfo>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TuskGridException("unreadable task list from the server: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Optional<JobInfo> job(String jobId) {
        SqlResult r = client.sql("SELECT " + COLUMNS + " FROM JOBS WHERE ID = ?", jobId);
        return r.rows().isEmpty() ? Optional.empty() : Optional.of(jobInfo(r.rows().get(0)));
    }

    /** What the task handles need of a registry row. */
    record Outcome(JobStatus status, String result, String error, String coordinator, boolean detached) {
    }

    /** The row's status, outcome and coordinator (see {@link #outcomes}); empty when there is none. */
    CompletableFuture<Optional<Outcome>> outcome(String jobId) {
        return bounded(() -> Optional.ofNullable(outcomes(List.of(jobId)).get(jobId)), REGISTRY_READ_MS);
    }

    /**
     * The rows of these submissions, by id; a blocking call, for {@link #bounded} callers. SQL rather than key reads:
     * reading a row as a binary object can make the thin client fetch its type from any node, a silent one included.
     */
    private Map<String, Outcome> outcomes(List<String> jobIds) {
        Map<String, Outcome> out = new HashMap<>();
        for (int i = 0; i < jobIds.size(); i += READ_BATCH) {
            List<String> ids = jobIds.subList(i, Math.min(jobIds.size(), i + READ_BATCH));
            String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
            for (List<?> r : ignite().query(new SqlFieldsQuery("SELECT ID, STATUS, RESULT, ERROR, COORDINATOR, DETACHED FROM JOBS WHERE ID IN ("
                    + in + ")").setArgs(ids.toArray())).getAll()) {
                out.put((String) r.get(0), new Outcome(JobStatus.valueOf((String) r.get(1)), (String) r.get(2), (String) r.get(3),
                    (String) r.get(4), Boolean.TRUE.equals(r.get(5))));
            }
        }
        return out;
    }

    /**
     * One round of the watch over the attached submissions still waiting, every {@link #WATCH_MS}: a finished row answers
     * its caller even when the coordinator's answer cannot come. A node that stops without closing its connections
     * (SIGSTOP, a frozen VM) is dropped by the cluster, but the thin client keeps waiting on its socket with no error to
     * recover from, and a re-submission could go over that same connection. So a submission whose coordinator has left
     * is handed over to the survivors, as a detached one, and its handle follows its row. A submission that reached the
     * silent node without being recorded has no row to hand over: once the cluster has lost a node, it is sent again.
     */
    private void checkWaiting() {
        List<ThinTaskHandle> due = List.copyOf(waiting);
        if (checking || due.isEmpty()) {
            return;
        }
        checking = true;
        watchCall(() -> outcomes(due.stream().map(ThinTaskHandle::id).toList())).thenCompose(rows -> {
            due.forEach(h -> h.onRow(rows.get(h.id())));
            List<ThinTaskHandle> open = due.stream().filter(h -> h.mayHandOver(rows.get(h.id()))).toList();
            Map<ThinTaskHandle, Integer> unrecorded = new HashMap<>();
            due.forEach(h -> {
                int call = h.unrecorded(rows.get(h.id()));
                if (call > 0) {
                    unrecorded.put(h, call);
                }
            });
            if (open.isEmpty() && unrecorded.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return watchCall(this::liveNodes).thenAccept(live -> {
                open.stream().map(h -> Map.entry(h, rows.get(h.id()).coordinator())).filter(e -> !live.contains(e.getValue()))
                    .forEach(e -> e.getKey().handOver(e.getValue()));
                nodesSeen.addAll(live);
                if (!live.containsAll(nodesSeen)) {
                    unrecorded.forEach(ThinTaskHandle::resubmitUnrecorded);
                }
            });
        }).whenComplete((r, e) -> checking = false);
    }

    /** Ids of the nodes in the cluster, as the node answering sees it. */
    private Set<String> liveNodes() {
        Set<String> ids = new HashSet<>();
        ignite().query(new SqlFieldsQuery("SELECT CAST(NODE_ID AS VARCHAR) FROM SYS.NODES")).getAll().forEach(r -> ids.add((String) r.get(0)));
        return ids;
    }

    /**
     * Hands an attached submission over to the cluster: its row becomes a detached submission's, request included, which
     * the survivors' orphan scan runs again since its coordinator has left. Changes nothing when the row is finished or
     * has another coordinator by now (a resumed call took it). Not awaited: the watch reads the row again next round, and
     * repeats the hand-over while the row is not detached.
     */
    void handOver(String jobId, String coordinator, ObjectNode request) {
        String detached = request.deepCopy().put("detached", true).toString();
        watchCall(() -> ignite().query(new SqlFieldsQuery("UPDATE JOBS SET DETACHED = TRUE, REQUEST = ? "
            + "WHERE ID = ? AND COORDINATOR = ? AND STATUS IN ('QUEUED', 'RUNNING')").setArgs(detached, jobId, coordinator)).getAll());
    }

    /**
     * Runs a registry call on its own thread and gives up on it after {@code ms}. The thin client's calls block, and a
     * query sent to a node that stopped answering holds its thread until the request timeout.
     */
    private static <T> CompletableFuture<T> bounded(Supplier<T> call, long ms) {
        CompletableFuture<T> out = new CompletableFuture<>();
        // Completed on CALLS, timeouts included: what follows must not run on the JDK's one timeout thread.
        CompletableFuture.supplyAsync(call, CALLS).orTimeout(ms, TimeUnit.MILLISECONDS).whenCompleteAsync((r, e) -> {
            if (e == null) {
                out.complete(r);
            } else {
                out.completeExceptionally(e);
            }
        }, CALLS);
        return out;
    }

    /** A call of the watch: {@link #bounded} by {@link #WATCH_CALL_MS}, and made again when it fails, {@link #WATCH_TRIES} times in all. */
    private static <T> CompletableFuture<T> watchCall(Supplier<T> call) {
        CompletableFuture<T> f = bounded(call, WATCH_CALL_MS);
        for (int i = 1; i < WATCH_TRIES; i++) {
            f = f.exceptionallyCompose(e -> bounded(call, WATCH_CALL_MS));
        }
        return f;
    }

    /** Follows an attached submission until it has its outcome: see {@link #checkWaiting()}. */
    void waitFor(ThinTaskHandle handle) {
        if (waiting.add(handle)) {
            handle.future().whenComplete((r, e) -> waiting.remove(handle));
        }
        if (watcher == null) {
            synchronized (this) {
                if (watcher == null && !closed) {
                    // The nodes as they were at the first submission: a node that freezes later is then known to have left.
                    watchCall(this::liveNodes).thenAccept(nodesSeen::addAll);
                    // One query per READ_BATCH waiting submissions per round; a short task costs the watch a set entry.
                    watcher = ThinTaskHandle.EXEC.scheduleWithFixedDelay(this::checkWaiting, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    synchronized void close() {
        closed = true;
        if (watcher != null) {
            watcher.cancel(false);
        }
    }

    @Override
    public List<JobInfo> jobs(JobStatus status, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        SqlResult r = status == null
            ? client.sql("SELECT " + COLUMNS + " FROM JOBS ORDER BY SUBMITTED_AT DESC LIMIT ?", limit)
            : client.sql("SELECT " + COLUMNS + " FROM JOBS WHERE STATUS = ? ORDER BY SUBMITTED_AT DESC LIMIT ?", status.name(), limit);
        List<JobInfo> out = new ArrayList<>();
        r.rows().forEach(row -> out.add(jobInfo(row)));
        return out;
    }

    @Override
    public JobStatus cancel(String jobId) {
        return JobStatus.valueOf(call(CANCEL, jobId));
    }

    static JobInfo jobInfo(Row r) {
        String times = r.getString("ATTEMPT_TIMES");
        List<Instant> attemptTimes = times == null || times.isEmpty() ? List.of()
            : Arrays.stream(times.split(",")).map(t -> Instant.ofEpochMilli(Long.parseLong(t))).sorted().toList();
        return new JobInfo(r.getString("ID"), r.getString("TASK"), JobStatus.valueOf(r.getString("STATUS")),
            r.get("PRIORITY") == null ? null : Priority.valueOf(r.getString("PRIORITY")), r.getString("NODE"),
            r.get("ATTEMPTS") == null ? 0 : (int) r.getLong("ATTEMPTS"), instant(r.get("SUBMITTED_AT")),
            instant(r.get("STARTED_AT")), instant(r.get("FINISHED_AT")),
            r.get("DURATION_MS") == null ? null : r.getLong("DURATION_MS"), r.getString("ERROR"), r.getString("TRACE_ID"),
            attemptTimes, r.getString("RESULT"));
    }

    private static Instant instant(Object ts) {
        return ts == null ? null : ((Timestamp) ts).toInstant();
    }

    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClientConnectionException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.toLowerCase(Locale.ROOT).contains("channel is closed") || m.contains("Failed to send"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
