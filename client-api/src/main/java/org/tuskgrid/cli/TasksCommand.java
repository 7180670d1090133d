package org.tuskgrid.cli;

import java.util.List;
import org.tuskgrid.client.TuskGridClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tuskgrid tasks}: what can be submitted. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Lists the tasks the cluster can run, with their descriptions.")
final class TasksCommand extends ClientCommand {
    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = SqlCommand.FormatConverter.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected int run(TuskGridClient client) {
        List<List<Object>> rows = client.tasks().list().stream()
            .map(t -> List.<Object>of(t.name(), t.version(), t.broadcast() ? "every node" : "balanced", t.description())).toList();
        format.print(out(), List.of("TASK", "VERSION", "JOBS", "DESCRIPTION"), rows);
        return 0;
    }
}
