package org.tuskgrid.cli;

import java.util.ArrayList;
import java.util.List;
import org.tuskgrid.client.JobInfo;
import org.tuskgrid.client.JobStatus;
import org.tuskgrid.client.TuskGridClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tuskgrid jobs}: the latest rows of the job registry. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists the latest jobs from the JOBS registry, newest first.")
final class JobsCommand extends ClientCommand {
    @Option(names = "--status", paramLabel = "STATUS", description = "Only jobs in this status (queued, running, succeeded, failed, cancelled, timed_out).")
    JobStatus status;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N jobs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
        converter = SqlCommand.FormatConverter.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected void checkArguments() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
    }

    @Override
    protected int run(TuskGridClient client) {
        List<JobInfo> jobs = client.tasks().jobs(status, limit);
        JobCommand.print(out(), format, jobs);
        return 0;
    }

    static List<List<?>> rows(List<JobInfo> jobs) {
        List<List<?>> rows = new ArrayList<>();
        for (JobInfo j : jobs) {
            rows.add(java.util.Arrays.asList(j.id(), j.task(), j.status().name(), j.priority(), j.node(), j.attempts(),
                j.submittedAt(), j.durationMs(), j.error(), j.traceId()));
        }
        return rows;
    }
}
