package org.tuskgrid.cli;

import java.io.PrintWriter;
import java.util.List;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./tuskgrid job ID}: one registry row. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Shows one job of the JOBS registry.")
final class JobCommand extends ClientCommand {
    static final List<String> COLUMNS = List.of("ID", "TASK", "STATUS", "PRIORITY", "NODE", "ATTEMPTS", "SUBMITTED_AT",
        "DURATION_MS", "ERROR", "TRACE_ID");

    @Parameters(index = "0", paramLabel = "ID", description = "Job id (from submit --async or ./tuskgrid jobs).")
    String id;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = SqlCommand.FormatConverter.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected int run(TuskGridClient client) {
        JobInfo job = client.tasks().job(id).orElseThrow(() -> new TuskGridException("no job '" + id + "' in the registry"));
        print(out(), format, List.of(job));
        return 0;
    }

    static void print(PrintWriter out, OutputFormat format, List<JobInfo> jobs) {
        format.print(out, COLUMNS, JobsCommand.rows(jobs));
    }
}
