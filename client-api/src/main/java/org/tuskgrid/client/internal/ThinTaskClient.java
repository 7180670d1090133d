package org.tuskgrid.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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

    private final ThinTuskGridClient client;

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
            call(DETACH, req.toString());
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

    /** A control call (short, answered by the connected node). */
    String call(String taskClass, String arg) {
        try {
            return ignite().compute().execute(taskClass, arg);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted");
        } catch (RuntimeException e) {
            throw ThinTuskGridClient.translate(e, client.settings());
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

    /** Status and outcome columns of one row, or null when there is none (read when a call to the coordinator broke). */
    Row outcomeRow(String jobId) {
        SqlResult r = client.sql("SELECT STATUS, RESULT, ERROR FROM JOBS WHERE ID = ?", jobId);
        return r.rows().isEmpty() ? null : r.rows().get(0);
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
