package org.tuskgrid.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tuskgrid.client.Balance;
import org.tuskgrid.client.Priority;
import org.tuskgrid.client.TaskHandle;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./tuskgrid submit NAME}: runs a task and prints its result, or its job id with {@code --async}. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Runs a task on the cluster and prints its result as JSON (or only its job id with --async).",
        "Example: ./tuskgrid submit montecarlo-pi --args '{\"samples\":2000000}' --priority high --timeout 30s"})
final class SubmitCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "TASK", description = "Task name (see ./tuskgrid tasks).")
    String task;

    @Option(names = "--args", paramLabel = "JSON", description = "Arguments as JSON (default: {}).")
    String args;

    @Option(names = "--priority", defaultValue = "normal", paramLabel = "low|normal|high|critical",
        description = "Higher priorities start first on a busy node (default: ${DEFAULT-VALUE}).")
    Priority priority;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the job after this long, e.g. 30s (default: none).")
    Duration timeout;

    @Option(names = "--max-retries", defaultValue = "0", paramLabel = "N",
        description = "Retry a retryable failure up to N times, with exponential backoff (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--backoff", defaultValue = "200ms", paramLabel = "DURATION",
        description = "Wait before the first retry; doubles for each next one, with jitter (default: ${DEFAULT-VALUE}).")
    Duration backoff;

    @Option(names = "--balance", defaultValue = "round-robin", paramLabel = "round-robin|least-loaded|capability|adaptive",
        description = "How jobs are spread over nodes (default: ${DEFAULT-VALUE}).")
    Balance balance;

    @Option(names = "--require", paramLabel = "KEY=VALUE", description = "Run only on nodes with this attribute; repeatable.")
    Map<String, String> require = new LinkedHashMap<>();

    @Option(names = "--trace-id", paramLabel = "ID", description = "Trace id for the logs (default: a new one).")
    String traceId;

    @Option(names = "--async", description = "Print the job id and return; the cluster runs the job even if this command's node dies.")
    boolean async;

    @Option(names = "--wait", defaultValue = "1h", paramLabel = "DURATION", description = "How long to wait for the result (default: ${DEFAULT-VALUE}).")
    Duration await;

    private TaskOptions options;

    /** The options are checked here, before anything connects: a value out of range is a usage error. */
    @Override
    protected void checkArguments() {
        try {
            TaskOptions.Builder b = TaskOptions.builder()
                .priority(priority)
                .maxRetries(maxRetries)
                .retryBackoff(backoff)
                .balance(balance)
                .require(require)
                .traceId(traceId)
                .detached(async);
            if (timeout != null) {
                b.timeout(timeout);
            }
            options = b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (await.isZero() || await.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--wait must be longer than 0, e.g. 30s");
        }
    }

    @Override
    protected int run(TuskGridClient client) {
        TaskHandle h = client.tasks().submit(task, args, options);
        if (async) {
            out().println(h.id());
        } else {
            out().println(h.result(await).toString());
        }
        out().flush();
        return 0;
    }
}
