package org.tuskgrid.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.tuskgrid.client.Alert;
import org.tuskgrid.client.AlertFilter;
import org.tuskgrid.client.AlertSubscription;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tuskgrid alerts [--severity S] [--follow]}. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = {"Prints the latest alerts (of at least --severity), oldest first; with --follow keeps printing new ones",
        "as they are raised until Ctrl-C (it survives the loss of the node it listens on)."})
final class AlertsCommand extends ClientCommand {
    @Option(names = "--severity", defaultValue = "info", paramLabel = "S", description = "Least severity: info|warning|error|critical (default: ${DEFAULT-VALUE}).")
    Severity severity;

    @Option(names = "--follow", description = "Keep printing new alerts.")
    boolean follow;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many past alerts (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected void checkArguments() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
    }

    @Override
    protected int run(TuskGridClient client) {
        AlertFilter filter = AlertFilter.atLeast(severity);
        PrintWriter out = out();
        List<Alert> past = client.alerts().recent(filter, limit);
        past.forEach(a -> out.println(line(a)));
        out.flush();
        if (!follow) {
            if (past.isEmpty()) {
                out.println("(no alerts)");
                out.flush();
            }
            return 0;
        }
        try (AlertSubscription s = client.alerts().subscribe(filter, a -> {
            out.println(line(a));
            out.flush();
        })) {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted");
        }
        return 0;
    }

    static String line(Alert a) {
        return String.format(Locale.ROOT, "%s  %-8s  %-12s %-12s %s", Instant.ofEpochMilli(a.ts()), a.severity().label(), a.ruleId(),
            a.sensorId(), a.message());
    }
}
