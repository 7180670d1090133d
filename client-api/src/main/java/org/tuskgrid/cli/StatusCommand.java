package org.tuskgrid.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tuskgrid.client.ClusterInfo;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.SqlResult;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tuskgrid status}: the server nodes, their attributes and health. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows the cluster's server nodes: name, address, uptime, load, heap, data region use, attributes, job counters and health; then the database stores.")
final class StatusCommand extends ClientCommand {
    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = SqlCommand.FormatConverter.class,
        description = "Output format (default: ${DEFAULT-VALUE}); csv and json give raw figures (bytes, ms, load 0..1) for programs.")
    OutputFormat format;

    @Option(names = "--stores", description = "Show only the database stores (pending writes, flushed/s, failures, last error, reachable).")
    boolean storesOnly;

    /** The database layer's figures (STORE_STATUS, kept by every node that has stores), in a stable order. */
    private static final String STORES_SQL = "SELECT NODE, CACHE_NAME, DB_TABLE, MODE, PENDING, DIRTY_PARTITIONS, FLUSHED_PER_SEC, "
        + "FLUSHED, FAILURES, REACHABLE, LAST_ERROR FROM STORE_STATUS ORDER BY CACHE_NAME, NODE";

    @Override
    protected int run(TuskGridClient client) {
        if (storesOnly) {
            printStores(client);
            return 0;
        }
        ClusterInfo info = client.cluster();
        if (format != OutputFormat.TABLE) {
            printForPrograms(info);
            return 0;
        }
        List<List<?>> rows = new ArrayList<>();
        for (NodeInfo n : info.nodes()) {
            rows.add(List.of(n.name(), n.id().substring(0, 8), String.join(",", n.addresses()),
                n.health() == NodeInfo.Health.UP ? Durations.format(n.uptime()) : "-",
                n.cpuLoad() < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", n.cpuLoad() * 100),
                n.heapUsedBytes() < 0 ? "-" : (n.heapUsedBytes() >> 20) + " MB", memory(n),
                n.attributes().isEmpty() ? "-" : attributes(n), jobs(n), n.health().name()));
        }
        format.print(out(), List.of("NODE", "ID", "ADDRESSES", "UPTIME", "CPU", "HEAP", "MEMORY", "ATTRIBUTES",
            "JOBS ACTIVE/QUEUED/DONE/FAILED", "HEALTH"), rows);
        out().println(info.nodes().size() + " server node(s), " + info.healthyNodes() + " up");
        out().flush();
        printStores(client);
        return 0;
    }

    /** CSV and JSON: one column per figure, raw numbers (bytes, ms, load 0..1), null where a node did not report one. */
    private void printForPrograms(ClusterInfo info) {
        List<List<?>> rows = new ArrayList<>();
        for (NodeInfo n : info.nodes()) {
            rows.add(Arrays.asList(n.name(), n.id(), String.join(",", n.addresses()), n.health().name(),
                n.health() == NodeInfo.Health.UP ? n.uptime().toMillis() : null, n.cpuLoad() < 0 ? null : n.cpuLoad(),
                known(n.heapUsedBytes()), known(n.memory("usedBytes")), known(n.memory("maxBytes")),
                n.memory("refusingIngest") < 0 ? null : n.memory("refusingIngest") == 1, attributes(n),
                known(n.jobs("active")), known(n.jobs("queued")), known(n.jobs("done")), known(n.jobs("failed"))));
        }
        format.print(out(), List.of("NODE", "ID", "ADDRESSES", "HEALTH", "UPTIME_MS", "CPU_LOAD", "HEAP_USED_BYTES",
            "MEMORY_USED_BYTES", "MEMORY_MAX_BYTES", "REFUSING_INGEST", "ATTRIBUTES", "JOBS_ACTIVE", "JOBS_QUEUED", "JOBS_DONE",
            "JOBS_FAILED"), rows);
    }

    private static Long known(long figure) {
        return figure < 0 ? null : figure;
    }

    /** The data region: used of max, and whether the node refuses measurements because it is nearly full. */
    private static String memory(NodeInfo n) {
        long used = n.memory("usedBytes");
        long max = n.memory("maxBytes");
        if (used < 0 || max <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%d%% of %d MB", Math.round(100.0 * used / max), max >> 20)
            + (n.memory("refusingIngest") == 1 ? " (refusing ingest)" : "");
    }

    private static String jobs(NodeInfo n) {
        return n.jobs("active") < 0 ? "-" : n.jobs("active") + "/" + n.jobs("queued") + "/" + n.jobs("done") + "/" + n.jobs("failed");
    }

    private void printStores(TuskGridClient client) {
        Object tables = client.sql("SELECT COUNT(*) FROM SYS.TABLES WHERE TABLE_NAME = 'STORE_STATUS'").scalar();
        if (tables == null || ((Number) tables).longValue() == 0) {
            if (storesOnly) {
                out().println("no database stores on this cluster");
                out().flush();
            }
            return;
        }
        SqlResult r = client.sql(STORES_SQL);
        List<List<?>> rows = new ArrayList<>();
        for (var row : r.rows()) {
            rows.add(row.values());
        }
        if (format == OutputFormat.TABLE) {
            out().println();
        }
        format.print(out(), r.columns(), rows);
        out().flush();
    }

    private static String attributes(NodeInfo n) {
        StringBuilder sb = new StringBuilder();
        n.attributes().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
