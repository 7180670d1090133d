package org.tuskgrid.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tuskgrid.client.ClusterInfo;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tuskgrid status}: the server nodes, their attributes and health. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows the cluster's server nodes: name, address, uptime, load, attributes and health.")
final class StatusCommand extends ClientCommand {
    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = SqlCommand.FormatConverter.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected int run(TuskGridClient client) {
        ClusterInfo info = client.cluster();
        List<List<?>> rows = new ArrayList<>();
        for (NodeInfo n : info.nodes()) {
            rows.add(List.of(n.name(), n.id().substring(0, 8), String.join(",", n.addresses()),
                n.health() == NodeInfo.Health.UP ? Durations.format(n.uptime()) : "-",
                n.cpuLoad() < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", n.cpuLoad() * 100),
                n.heapUsedBytes() < 0 ? "-" : (n.heapUsedBytes() >> 20) + " MB",
                n.attributes().isEmpty() ? "-" : attributes(n), jobs(n), n.health().name()));
        }
        format.print(out(), List.of("NODE", "ID", "ADDRESSES", "UPTIME", "CPU", "HEAP", "ATTRIBUTES",
            "JOBS ACTIVE/QUEUED/DONE/FAILED", "HEALTH"), rows);
        if (format == OutputFormat.TABLE) {
            out().println(info.nodes().size() + " server node(s), " + info.healthyNodes() + " up");
            out().flush();
        }
        return 0;
    }

    private static String jobs(NodeInfo n) {
        return n.jobs("active") < 0 ? "-" : n.jobs("active") + "/" + n.jobs("queued") + "/" + n.jobs("done") + "/" + n.jobs("failed");
    }

    private static String attributes(NodeInfo n) {
        StringBuilder sb = new StringBuilder();
        n.attributes().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
