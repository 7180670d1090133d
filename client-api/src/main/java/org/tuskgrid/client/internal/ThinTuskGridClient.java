package org.tuskgrid.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.query.FieldsQueryCursor;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.client.ClientConnectionException;
import org.apache.ignite.client.ClientException;
import org.apache.ignite.client.ClientOperationType;
import org.apache.ignite.client.ClientRetryPolicy;
import org.apache.ignite.client.ClientRetryPolicyContext;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.ClientConfiguration;
import org.tuskgrid.client.AlertsClient;
import org.tuskgrid.client.AnalyticsClient;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.ClusterInfo;
import org.tuskgrid.client.NoNodeReachableException;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.SqlResult;
import org.tuskgrid.client.TaskClient;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.config.Durations;

/** {@link TuskGridClient} over Ignite's Java thin client. */
public final class ThinTuskGridClient implements TuskGridClient {
    /** Replicated cache where each server node publishes its status as JSON every second (compute-tasks' NodeStatus). */
    static final String NODE_STATUS_CACHE = "NODE_STATUS";
    /** A status older than this means the node stopped publishing: stopping, overloaded or hung. */
    static final long STALE_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows per page of a query: what {@link #sqlEach} holds at once. */
    private static final int PAGE = 1024;

    private final IgniteClient ignite;
    private final ClientSettings settings;
    private final LiveEndpoints endpoints;
    private final ThinTaskClient tasks;
    private final AnalyticsClient analytics;
    private final AlertsClient alerts;

    private ThinTuskGridClient(IgniteClient ignite, ClientSettings settings, LiveEndpoints endpoints) {
        this.ignite = ignite;
        this.endpoints = endpoints;
        this.settings = settings;
        this.tasks = new ThinTaskClient(this);
        this.analytics = new ThinAnalyticsClient(ignite);
        this.alerts = new ThinAlertsClient(this);
    }

    public static TuskGridClient connect(ClientSettings settings) {
        return connect(settings, true);
    }

    /**
     * With {@code liveEndpoints} false, the client keeps a frozen node's connection, as it does when that node sits behind
     * an address of a load balancer: for tests of what covers that case (the task handle's watch, the control calls' retries).
     */
    public static TuskGridClient connect(ClientSettings settings, boolean liveEndpoints) {
        LiveEndpoints endpoints = new LiveEndpoints(settings.addresses(), ThinTuskGridClient::connection);
        ClientConfiguration cfg = connection(new ClientConfiguration());
        if (liveEndpoints) {
            // The live nodes' addresses, asked of the cluster: Ignite's own discovery never drops the connection
            // of a node that froze with its sockets open (see LiveEndpoints).
            cfg.setAddressesFinder(endpoints);
        } else {
            cfg.setAddresses(settings.addresses().toArray(String[]::new));
        }
        cfg
            .setTimeout((int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis()))
            .setPartitionAwarenessEnabled(true)
            // Brings topology changes from every live node, and so a frozen node's departure, within a second.
            .setHeartbeatEnabled(true)
            .setHeartbeatInterval(1000)
            // A task call that lost its node is recovered by the task handle (registry check, then
            // re-submission by id); a blind resend by the thin client could run a finished job again.
            .setRetryPolicy(new NoTaskResendPolicy())
            // Ignite's default gives up on an address after 3 failed reconnects in 30 s, even a live node whose
            // channel dropped while the cluster was busy with a failover: callers that retry would fail for 30 s.
            .setReconnectThrottlingRetries(0);
        try {
            IgniteClient ignite = Ignition.startClient(cfg);
            if (liveEndpoints) {
                endpoints.learnFrom(ignite);
            }
            return new ThinTuskGridClient(ignite, settings, endpoints);
        } catch (ClientConnectionException e) {
            endpoints.close();
            throw new NoNodeReachableException(settings.addresses(), e);
        } catch (ClientException e) {
            endpoints.close();
            throw translate(e, settings);
        }
    }

    /** What every connection to a node needs, the client's own and {@link LiveEndpoints}' probes alike. */
    private static ClientConfiguration connection(ClientConfiguration cfg) {
        // Ignite's 32 KB socket buffers are less than one TCP segment on loopback: transfers there stalled
        // on zero-window probes. 0 leaves the sizes to the OS (the nodes do the same, see config/server.xml).
        return cfg.setSendBufferSize(0).setReceiveBufferSize(0);
    }

    @Override
    public AnalyticsClient analytics() {
        return analytics;
    }

    @Override
    public AlertsClient alerts() {
        return alerts;
    }

    /** The underlying Ignite thin client, for the other internal parts of the API. */
    public IgniteClient ignite() {
        return ignite;
    }

    ClientSettings settings() {
        return settings;
    }

    @Override
    public TaskClient tasks() {
        return tasks;
    }

    @Override
    public SqlResult sql(String sql, Object... args) {
        List<String> columns = new ArrayList<>();
        List<List<?>> rows = new ArrayList<>();
        sqlEach(sql, columns::addAll, rows::add, args);
        return new SqlResult(columns, rows);
    }

    @Override
    public void sqlEach(String sql, Consumer<List<String>> columns, Consumer<List<?>> rows, Object... args) {
        if (sql == null || sql.isBlank()) {
            throw new TuskGridException("empty SQL statement");
        }
        SqlFieldsQuery q = new SqlFieldsQuery(sql).setArgs(args).setSchema("PUBLIC").setPageSize(PAGE);
        try (FieldsQueryCursor<List<?>> cur = ignite.query(q)) {
            Iterator<List<?>> it = cur.iterator();
            it.hasNext(); // the first page brings the column names
            List<String> names = new ArrayList<>(cur.getColumnsCount());
            for (int i = 0; i < cur.getColumnsCount(); i++) {
                names.add(cur.getFieldName(i));
            }
            columns.accept(names);
            while (it.hasNext()) {
                rows.accept(it.next());
            }
        } catch (RuntimeException e) {
            throw translate(e, settings);
        }
    }

    @Override
    public ClusterInfo cluster() {
        try {
            Collection<ClusterNode> topology = ignite.cluster().forServers().nodes();
            Map<String, Map<String, Object>> status = nodeStatus(topology);
            List<NodeInfo> nodes = new ArrayList<>();
            topology.stream().sorted(Comparator.comparingLong(ClusterNode::order)).forEach(n -> {
                Map<String, Object> s = status.get(n.id().toString());
                nodes.add(nodeInfo(n, s));
            });
            return new ClusterInfo(nodes);
        } catch (RuntimeException e) {
            throw translate(e, settings);
        }
    }

    private Map<String, Map<String, Object>> nodeStatus(Collection<ClusterNode> topology) {
        Set<String> ids = new HashSet<>();
        topology.forEach(n -> ids.add(n.id().toString()));
        Map<String, Map<String, Object>> byId = new HashMap<>();
        ignite.<String, String>cache(NODE_STATUS_CACHE).getAll(ids).forEach((id, json) -> {
            try {
                Map<String, Object> m = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
                if (System.currentTimeMillis() - ((Number) m.get("publishedAt")).longValue() < STALE_MS) {
                    byId.put(id, m);
                }
            } catch (java.io.IOException e) {
                // an unreadable status counts as no status: the node shows as not responding
            }
        });
        return byId;
    }

    @SuppressWarnings("unchecked")
    private static NodeInfo nodeInfo(ClusterNode n, Map<String, Object> s) {
        if (s == null) {
            return new NodeInfo(n.id().toString(), String.valueOf(n.consistentId()), List.copyOf(n.addresses()),
                Map.of(), Duration.ZERO, NodeInfo.Health.NOT_RESPONDING, -1, -1, Map.of());
        }
        return new NodeInfo(n.id().toString(), String.valueOf(n.consistentId()), List.copyOf(n.addresses()),
            new TreeMap<>((Map<String, String>) s.get("attributes")),
            Duration.ofMillis(((Number) s.get("uptimeMs")).longValue()),
            Boolean.TRUE.equals(s.get("ready")) ? NodeInfo.Health.UP : NodeInfo.Health.STARTING,
            ((Number) s.get("cpuLoad")).doubleValue(), ((Number) s.get("heapUsedBytes")).longValue(), reports(s));
    }

    /** The sections of a node's status that are maps (capability reports), by name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> reports(Map<String, Object> status) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        status.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && !k.equals("attributes")) {
                out.put(k, (Map<String, Object>) m);
            }
        });
        return out;
    }

    /** Turns the thin client's exceptions into one-line messages a user can act on. */
    static TuskGridException translate(RuntimeException e, ClientSettings settings) {
        if (e instanceof TuskGridException t) {
            return t;
        }
        if (e instanceof ClientConnectionException) {
            return new NoNodeReachableException(settings.addresses(), e);
        }
        if (String.valueOf(e.getMessage()).startsWith("Timeout was reached")) {
            return new TuskGridException("no answer from the node within the request timeout of "
                + Durations.format(settings.requestTimeout()) + " (a node that stopped answering, or a request that takes longer)", e);
        }
        return new TuskGridException(serverMessage(e), e);
    }

    /**
     * The server's reason in one line. The thin client reports it as
     * {@code "Ignite failed to process request [7]: 42000: Failed to parse query. ..."}, and a task that
     * refused its input as {@code "... undeclared user exception [cause=<reason>, ses=GridTaskSessionImpl [...]]"}.
     */
    public static String serverMessage(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
            && e.getCause() != null) {
            e = e.getCause();
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        msg = msg.replaceFirst("\\s*\\(server status code \\[\\d+]\\)$", "");
        int cause = msg.indexOf("[cause=");
        int session = msg.indexOf(", ses=GridTaskSessionImpl");
        int err = msg.lastIndexOf(", err=");
        if (cause >= 0 && session > cause) {
            msg = msg.substring(cause + "[cause=".length(), session);
        } else if (err >= 0 && msg.contains("Failed to execute job")) {
            // "... Failed to execute job due to unexpected runtime exception [jobId=.., ses=.., err=THE MESSAGE]"
            msg = msg.substring(err + ", err=".length(), msg.endsWith("]") ? msg.length() - 1 : msg.length());
        }
        return msg.replaceFirst("^Ignite failed to process request \\[\\d+]: (\\d{5}: )?", "")
            .replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() {
        tasks.close();
        ignite.close();
        endpoints.close();
    }

    /** Retries every operation on another connection except task execution (see {@link ThinTaskHandle}). */
    static final class NoTaskResendPolicy implements ClientRetryPolicy {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean shouldRetry(ClientRetryPolicyContext ctx) {
            return ctx.operation() != ClientOperationType.COMPUTE_TASK_EXECUTE;
        }
    }
}
