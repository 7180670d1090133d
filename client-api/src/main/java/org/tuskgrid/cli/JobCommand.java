package org.tuskgrid.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./tuskgrid job ID}: one registry row, every column. */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "Shows one job of the JOBS registry with all its columns, its result included (e.g. of a submit --async).")
final class JobCommand extends ClientCommand {
    static final List<String> COLUMNS = List.of("ID", "TASK", "STATUS", "PRIORITY", "NODE", "ATTEMPTS", "SUBMITTED_AT",
        "DURATION_MS", "ERROR", "TRACE_ID");

    @Parameters(index = "0", paramLabel = "ID", description = "Job id (from submit --async or ./tuskgrid jobs).")
    String id;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = SqlCommand.FormatConverter.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    /** Every column, for one job. */
    private static final List<String> DETAIL = List.of("ID", "TASK", "STATUS", "PRIORITY", "NODE", "ATTEMPTS", "SUBMITTED_AT",
        "STARTED_AT", "FINISHED_AT", "DURATION_MS", "ERROR", "TRACE_ID", "ATTEMPT_TIMES", "RESULT");

    @Override
    protected int run(TuskGridClient client) {
        JobInfo j = client.tasks().job(id).orElseThrow(() -> new TuskGridException("no job '" + id + "' in the registry"));
        List<Object> values = Arrays.asList(j.id(), j.task(), j.status().name(), j.priority(), j.node(), j.attempts(),
            j.submittedAt(), j.startedAt(), j.finishedAt(), j.durationMs(), j.error(), j.traceId(),
            j.attemptTimes().stream().map(String::valueOf).collect(Collectors.joining(",")), j.result());
        if (format != OutputFormat.TABLE) {
            format.print(out(), DETAIL, List.of(values));
            return 0;
        }
        // One column per line: a row this wide does not fit a terminal.
        PrintWriter out = out();
        for (int i = 0; i < DETAIL.size(); i++) {
            out.printf("%-13s  %s%n", DETAIL.get(i), values.get(i) == null ? "NULL" : values.get(i));
        }
        out.flush();
        return 0;
    }

    static void print(PrintWriter out, OutputFormat format, List<JobInfo> jobs) {
        format.print(out, COLUMNS, JobsCommand.rows(jobs));
    }
}
