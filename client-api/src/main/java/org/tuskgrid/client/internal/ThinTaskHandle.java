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
import org.tuskgrid.client.Row;
import org.tuskgrid.client.TaskFailedException;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TuskGridException;

/**
 * A submission followed by this client. Attached: the outcome comes back from the compute call; if
 * the connection to the coordinating node breaks, the handle reads the registry and either answers
 * from the recorded outcome or re-submits the same id (the server runs it again only if it has not
 * finished). Detached or re-attached by id: the handle follows the registry row.
 */
final class ThinTaskHandle implements TaskHandle {
    /** Recovery and registry polling run here, never on the thin client's own threads. */
    private static final ScheduledExecutorService EXEC = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "tuskgrid-client-tasks");
        t.setDaemon(true);
        return t;
    });
    private static final long RECOVERY_MS = 60_000;

    private final ThinTaskClient tasks;
    private final String id;
    private final String traceId;
    private final ObjectNode request;
    private final CompletableFuture<JsonNode> future = new CompletableFuture<>();
    private long recoveringSince;

    ThinTaskHandle(ThinTaskClient tasks, String id, String traceId, ObjectNode request) {
        this.tasks = tasks;
        this.id = id;
        this.traceId = traceId;
        this.request = request;
    }

    void start() {
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
        boolean lost = ThinTaskClient.connectionLost(err);
        try {
            Row row = tasks.outcomeRow(id);
            if (row != null && JobStatus.valueOf(row.getString("STATUS")).isTerminal()) {
                completeFrom(row);
            } else if (lost) {
                if (recoveringSince == 0) {
                    recoveringSince = System.currentTimeMillis();
                }
                request.put("resume", true);
                start();
            } else {
                future.completeExceptionally(new TuskGridException(ThinTuskGridClient.serverMessage(err), err));
            }
        } catch (RuntimeException e) {
            // The registry is not reachable either: the client is still failing over to another node.
            if (recoveringSince == 0) {
                recoveringSince = System.currentTimeMillis();
            }
            if (System.currentTimeMillis() - recoveringSince > RECOVERY_MS) {
                future.completeExceptionally(new TuskGridException("job " + id + ": lost the cluster and could not get back within "
                    + RECOVERY_MS / 1000 + " s: " + ThinTuskGridClient.serverMessage(e), e));
            } else {
                EXEC.schedule(() -> recover(err), 250, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Polls the registry until the row is finished (detached submissions, handles from {@code attach}). */
    void followRegistry() {
        poll(50);
    }

    private void poll(long delayMs) {
        EXEC.schedule(() -> {
            try {
                Row row = tasks.outcomeRow(id);
                if (row != null && JobStatus.valueOf(row.getString("STATUS")).isTerminal()) {
                    completeFrom(row);
                    return;
                }
            } catch (RuntimeException e) {
                // not reachable right now (failover in progress); keep polling
            }
            if (!future.isDone()) {
                poll(Math.min(1000, delayMs * 2));
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void completeFrom(JsonNode outcome) {
        JobStatus status = JobStatus.valueOf(outcome.get("status").asText());
        if (status == JobStatus.SUCCEEDED) {
            future.complete(outcome.get("result"));
        } else {
            future.completeExceptionally(new TaskFailedException(id, status, outcome.path("error").asText(null)));
        }
    }

    private void completeFrom(Row row) {
        JobStatus status = JobStatus.valueOf(row.getString("STATUS"));
        if (status == JobStatus.SUCCEEDED) {
            future.complete(JsonText.parse(row.getString("RESULT")));
        } else {
            future.completeExceptionally(new TaskFailedException(id, status, row.getString("ERROR")));
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
        Row row = tasks.outcomeRow(id);
        return row == null ? JobStatus.QUEUED : JobStatus.valueOf(row.getString("STATUS"));
    }

    @Override
    public JobStatus cancel() {
        return tasks.cancel(id);
    }
}
