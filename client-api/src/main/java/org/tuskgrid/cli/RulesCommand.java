package org.tuskgrid.cli;

import java.time.Duration;
import java.util.List;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./tuskgrid rules add|list|remove}: the alert rules. */
@Command(name = "rules", mixinStandardHelpOptions = true,
    description = {"Manages alert rules: 'rules add --id ID --sensor PATTERN --kind KIND --threshold X --severity S [--cooldown 30s]',",
        "'rules list', 'rules remove ID'. KIND: above, below, zscore, trend-up, trend-down (per second), no-data (seconds).",
        "PATTERN is a glob over sensor ids (* ? [a-z]). A rule fires at most once per sensor per cooldown."})
final class RulesCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "add|list|remove", description = "What to do.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The rule to remove.")
    String removeId;

    @Option(names = "--id", description = "Rule id (add).")
    String id;

    @Option(names = "--sensor", defaultValue = "*", paramLabel = "PATTERN", description = "Sensor-id glob (default: ${DEFAULT-VALUE}).")
    String sensor;

    @Option(names = "--kind", paramLabel = "KIND", description = "above|below|zscore|trend-up|trend-down|no-data.")
    RuleKind kind;

    @Option(names = "--threshold", paramLabel = "X", description = "The threshold (no-data: seconds).")
    Double threshold;

    @Option(names = "--severity", defaultValue = "warning", paramLabel = "S", description = "info|warning|error|critical (default: ${DEFAULT-VALUE}).")
    Severity severity;

    @Option(names = "--cooldown", defaultValue = "30s", paramLabel = "DURATION", description = "At most one alert per sensor per cooldown (default: ${DEFAULT-VALUE}).")
    Duration cooldown;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = SqlCommand.FormatConverter.class, description = "Output format of 'list' (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected void checkArguments() {
        switch (action) {
            case "add" -> {
                if (threshold == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "rules add needs --threshold");
                }
            }
            case "list" -> {
            }
            case "remove" -> {
                if (removeId == null && id == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "rules remove needs the rule id");
                }
            }
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown action '" + action + "'; use add, list or remove");
        }
    }

    @Override
    protected int run(TuskGridClient client) {
        switch (action) {
            case "add" -> {
                AlertRule r = AlertRule.builder(id).sensors(sensor).kind(kind).threshold(threshold)
                    .severity(severity).cooldown(cooldown).build();
                client.analytics().addRule(r);
                out().println("rule " + r);
            }
            case "list" -> {
                List<List<?>> rows = client.analytics().rules().stream().<List<?>>map(r -> List.of(r.id(), r.sensorPattern(),
                    r.kind().label(), r.threshold(), r.severity().label(), Durations.format(r.cooldown()))).toList();
                format.print(out(), List.of("ID", "SENSOR", "KIND", "THRESHOLD", "SEVERITY", "COOLDOWN"), rows);
            }
            case "remove" -> {
                String which = removeId != null ? removeId : id;
                if (!client.analytics().removeRule(which)) {
                    throw new IllegalArgumentException("no rule '" + which + "'");
                }
                out().println("rule " + which + " removed");
            }
            default -> throw new IllegalStateException("checked in checkArguments: " + action);
        }
        out().flush();
        return 0;
    }
}
