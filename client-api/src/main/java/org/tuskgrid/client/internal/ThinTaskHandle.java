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
 * finished). If the node stops answering instead, with its connection still open, the client's watch
 * ({@link ThinTaskClient#checkWaiting()}) answers from the row or hands the submission over to the survivors.
 * Detached or re-attached by id: the handle follows the registry row.
 */
final class ThinTaskHandle implements TaskHandle {
    /** Recovery and registry polling run here, never on the thin client's own threads. */
    static final ScheduledExecutorService EXEC = Executors.newScheduledThreadPool(2, r -> {
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
    private boolean resubmitted;

    ThinTaskHandle(ThinTaskClient tasks, String id, String traceId, ObjectNode request) {
        this.tasks = tasks;
        this.id = id;
        this.traceId = traceId;
        this.request = request;
    }

    void start() {
        tasks.waitFor(this);
        try {
            tasks.ignite().compute().<String, String>executeAsync2(ThinTaskClient.SUBMIT, request.toString())
                .whenComplete((outcome, err) -> {
                    if (err == null) {
                        completeFrom(JsonText.parse(outcome));
                    } else {
                        EXEC.execute(() -> recover(err));
                    }
                });
        } catch (RuntimeException e) {
            EXEC.execute(() -> recover(e));
        }
    }

    /** After a failed call: the recorded outcome if there is one, a re-submission if the node was lost, else the server's reason. */
    private void recover(Throwable err) {
        if (!claimResume()) {
            return; // handed over: the client's watch answers once a survivor has run it
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
                    EXEC.schedule(() -> recover(err), 250, TimeUnit.MILLISECONDS);
                }
            } else if (outcome.isPresent() && outcome.get().status().isTerminal()) {
                completeFrom(outcome.get());
            } else if (lost) {
                if (recoveringSince == 0) {
                    recoveringSince = System.currentTimeMillis();
                }
                if (resubmitting(outcome.map(ThinTaskClient.Outcome::coordinator).orElse(null))) {
                    request.put("resume", true);
                    start();
                }
            } else {
                future.completeExceptionally(new TuskGridException(ThinTuskGridClient.serverMessage(err), err));
            }
        }, EXEC);
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
            case RESUMING -> resubmitted && !coordinator.equals(resumedFrom);
        };
    }

    /** A lost connection is rescued by resuming, unless the job was handed over already. */
    private synchronized boolean claimResume() {
        if (rescue == Rescue.NONE) {
            rescue = Rescue.RESUMING;
        }
        return rescue == Rescue.RESUMING;
    }

    /** Just before a re-submission; false when the watch handed the job over meanwhile. */
    private synchronized boolean resubmitting(String rowCoordinator) {
        if (rescue != Rescue.RESUMING) {
            return false;
        }
        resumedFrom = rowCoordinator;
        resubmitted = true;
        return true;
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
        }, EXEC), delayMs, TimeUnit.MILLISECONDS);
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
            throw new TuskGridException("job " + id + " has not finished after " + wait.toMillis() + " ms (status " + status() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted while waiting for job " + id);
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
