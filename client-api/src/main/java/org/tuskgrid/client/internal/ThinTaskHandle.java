package org.tuskgrid.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.TaskFailedException;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TuskGridException;

/**
 * A submission followed by this client. Attached: the outcome comes back from the compute call; if
 * the connection to the coordinating node breaks, the handle reads the registry and either answers
 * from the recorded outcome or re-submits the same id (the server runs it again only if it has not
 * finished). A node that stops answering with its connection still open breaks it the same way once
 * the cluster has dropped the node ({@link LiveEndpoints} closes it). Where that cannot happen (the
 * node sits behind a load balancer's address), the client's watch ({@link ThinTaskClient#checkWaiting()})
 * answers from the row or hands the submission over to the survivors, or sends it again when it never
 * reached the registry. The compute calls of a submission are numbered, and only the latest one's
 * failure is acted on; each way out is decided under the handle's lock, so the job never runs under two.
 * Detached or re-attached by id: the handle follows the registry row.
 */
final class ThinTaskHandle implements TaskHandle {
    /** Schedules recovery and registry polling, which hand their work on to {@link ThinTaskClient#CALLS}. */
    static final ScheduledExecutorService EXEC = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "tuskgrid-client-tasks");
        t.setDaemon(true);
        return t;
    });
    private static final long RECOVERY_MS = 60_000;

    /** How a handle gets its outcome when the call to its coordinator cannot deliver it. */
    private enum Rescue { NONE, RESUMING, HANDED_OVER }

    private final ThinTaskClient tasks;
    private final String id;
    private final String traceId;
    private final ObjectNode request;
    private final CompletableFuture<JsonNode> future = new CompletableFuture<>();
    private long recoveringSince;
    /** Guarded by {@code this}: a hand-over and a re-submission decide under the same lock, so only one of them runs the job. */
    private Rescue rescue = Rescue.NONE;
    /**
     * When RESUMING: the coordinator the registry row named when the call was last re-submitted (null: no row yet). A row
     * naming another coordinator was taken by the re-submitted call, and that coordinator's departure can be handed over.
     */
    private String resumedFrom;
    /** Compute calls made for this submission: the first, then re-submissions; only the latest one's failure is acted on. */
    private int calls;
    /** Rounds of the watch that found no row since the latest call was made: see {@link #unrecorded}. */
    private int roundsWithoutRow;

    ThinTaskHandle(ThinTaskClient tasks, String id, String traceId, ObjectNode request) {
        this.tasks = tasks;
        this.id = id;
        this.traceId = traceId;
        this.request = request;
    }

    void start() {
        tasks.waitFor(this);
        send(nextCall(), false);
    }

    /** Makes compute call number {@code call} of this submission (a re-submission is marked {@code resume}). */
    private void send(int call, boolean resume) {
        String json = resume ? request.deepCopy().put("resume", true).toString() : request.toString();
        try {
            tasks.ignite().compute().<String, String>executeAsync2(ThinTaskClient.SUBMIT, json)
                .whenComplete((outcome, err) -> {
                    if (err == null) {
                        completeFrom(JsonText.parse(outcome));
                    } else {
                        ThinTaskClient.CALLS.execute(() -> recover(err, call));
                    }
                });
        } catch (RuntimeException e) {
            ThinTaskClient.CALLS.execute(() -> recover(e, call));
        }
    }

    /**
     * After call number {@code call} failed: the recorded outcome if there is one, a re-submission if the node was lost,
     * else the server's reason. Nothing when a later call has been made since: that call is the one to follow.
     */
    private void recover(Throwable err, int call) {
        if (!claimResume(call)) {
            return; // handed over (the watch answers once a survivor has run it), or superseded
        }
        boolean lost = ThinTaskClient.connectionLost(err);
        tasks.outcome(id).whenCompleteAsync((outcome, readError) -> {
            if (readError != null) {
                // The registry is not reachable either: the client is still failing over to another node.
                if (recoveringSince == 0) {
                    recoveringSince = System.currentTimeMillis();
                }
                if (System.currentTimeMillis() - recoveringSince > RECOVERY_MS) {
                    future.completeExceptionally(new TuskGridException("job " + id + ": lost the cluster and could not get back within "
                        + RECOVERY_MS / 1000 + " s: " + ThinTuskGridClient.serverMessage(readError), readError));
                } else {
                    EXEC.schedule(() -> recover(err, call), 250, TimeUnit.MILLISECONDS);
                }
            } else if (outcome.isPresent() && outcome.get().status().isTerminal()) {
                completeFrom(outcome.get());
            } else if (lost) {
                if (recoveringSince == 0) {
                    recoveringSince = System.currentTimeMillis();
                }
                int next = resubmission(call, outcome.map(ThinTaskClient.Outcome::coordinator).orElse(null));
                if (next > 0) {
                    send(next, true);
                }
            } else {
                future.completeExceptionally(new TuskGridException(ThinTuskGridClient.serverMessage(err), err));
            }
        }, ThinTaskClient.CALLS);
    }

    /** With its registry row, read by the client's watch while this handle waits: a finished row answers it. */
    void onRow(ThinTaskClient.Outcome row) {
        if (row != null && row.status().isTerminal()) {
            completeFrom(row);
        }
    }

    /** Whether this waiting submission could be handed over, were its coordinator gone: see {@link ThinTaskClient#checkWaiting()}. */
    boolean mayHandOver(ThinTaskClient.Outcome row) {
        return row != null && !row.status().isTerminal() && !row.detached() && row.coordinator() != null && !future.isDone()
            && handOverAllowed(row.coordinator());
    }

    /**
     * Hands the submission over to the survivors, its coordinator having left; this handle then follows its row. Repeated
     * by the watch until the row says detached: an update that timed out may not have been made.
     */
    void handOver(String coordinator) {
        synchronized (this) {
            if (!handOverAllowed(coordinator)) {
                return;
            }
            rescue = Rescue.HANDED_OVER;
        }
        tasks.handOver(id, coordinator, request);
    }

    /**
     * A resumed call is the way out of a lost connection, and a hand-over the way out of a silent coordinator; both at
     * once would run the job twice. A resumed call whose own coordinator then falls silent may still be handed over: the
     * row names that coordinator only once the resumed call has taken the job, and the call cannot answer any more.
     */
    private synchronized boolean handOverAllowed(String coordinator) {
        return switch (rescue) {
            case NONE, HANDED_OVER -> true;
            // Before the re-submission is sent, a hand-over wins and the re-submission is dropped (see resubmission()).
            case RESUMING -> !coordinator.equals(resumedFrom);
        };
    }

    /** A failed call is rescued by resuming, unless the job was handed over or a later call made already. */
    private synchronized boolean claimResume(int call) {
        if (call != calls || rescue == Rescue.HANDED_OVER) {
            return false;
        }
        rescue = Rescue.RESUMING;
        return true;
    }

    /** The number of the re-submission to make after call {@code call} failed; 0 when handed over or superseded meanwhile. */
    private synchronized int resubmission(int call, String rowCoordinator) {
        if (rescue != Rescue.RESUMING || call != calls) {
            return 0;
        }
        resumedFrom = rowCoordinator;
        return nextCall();
    }

    private synchronized int nextCall() {
        roundsWithoutRow = 0;
        return ++calls;
    }

    /**
     * Counts the watch's rounds that found no registry row for the current call. A coordinator writes the row within
     * about 100 ms of taking a submission, so a call still without one after two rounds (2 to 4 s) has most likely
     * reached a node that froze as it arrived, or the open connection of a node that froze earlier.
     *
     * @return the number of the call that has gone unrecorded for two rounds, else 0
     */
    synchronized int unrecorded(ThinTaskClient.Outcome row) {
        if (row != null || future.isDone() || rescue == Rescue.HANDED_OVER) {
            roundsWithoutRow = 0;
            return 0;
        }
        return ++roundsWithoutRow >= 2 ? calls : 0;
    }

    /**
     * Sends the submission again when call {@code call} never reached the registry and the cluster has lost a node (the
     * watch checks that): nobody else can hand over a job without a row, and a node that froze does not answer.
     */
    void resubmitUnrecorded(int call) {
        int next;
        synchronized (this) {
            if (call != calls || rescue == Rescue.HANDED_OVER || future.isDone()) {
                return;
            }
            rescue = Rescue.RESUMING;
            resumedFrom = null;
            next = nextCall();
        }
        send(next, true);
    }

    /** Polls the registry until the row is finished (detached submissions, handles from {@code attach}). */
    void followRegistry() {
        poll(50);
    }

    private void poll(long delayMs) {
        EXEC.schedule(() -> tasks.outcome(id).whenCompleteAsync((outcome, readError) -> {
            // A read error: not reachable right now (failover in progress); keep polling.
            if (readError == null && outcome.isPresent() && outcome.get().status().isTerminal()) {
                completeFrom(outcome.get());
            } else if (!future.isDone()) {
                poll(Math.min(1000, delayMs * 2));
            }
        }, ThinTaskClient.CALLS), delayMs, TimeUnit.MILLISECONDS);
    }

    private void completeFrom(JsonNode outcome) {
        JobStatus status = JobStatus.valueOf(outcome.get("status").asText());
        if (status == JobStatus.SUCCEEDED) {
            future.complete(outcome.get("result"));
        } else {
            future.completeExceptionally(new TaskFailedException(id, status, outcome.path("error").asText(null)));
        }
    }

    private void completeFrom(ThinTaskClient.Outcome outcome) {
        if (outcome.status() == JobStatus.SUCCEEDED) {
            future.complete(JsonText.parse(outcome.result()));
        } else {
            future.completeExceptionally(new TaskFailedException(id, outcome.status(), outcome.error()));
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String traceId() {
        return traceId;
    }

    @Override
    public CompletableFuture<JsonNode> future() {
        return future;
    }

    @Override
    public JsonNode result(Duration wait) {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TuskGridException t ? t : new TuskGridException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new TuskGridException("job " + id + " has not finished after " + wait.toMillis() + " ms (" + statusText() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted while waiting for job " + id);
        }
    }

    /** For a message: the status, or why it is not known; the caller's own error matters more than the registry's. */
    private String statusText() {
        try {
            return "status " + status();
        } catch (TuskGridException e) {
            return "status unknown: " + e.getMessage();
        }
    }

    @Override
    public JobStatus status() {
        try {
            return tasks.outcome(id).get().map(ThinTaskClient.Outcome::status).orElse(JobStatus.QUEUED);
        } catch (ExecutionException e) {
            throw new TuskGridException("job " + id + ": the registry did not answer: " + ThinTuskGridClient.serverMessage(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted while reading job " + id);
        }
    }

    @Override
    public JobStatus cancel() {
        return tasks.cancel(id);
    }
}
