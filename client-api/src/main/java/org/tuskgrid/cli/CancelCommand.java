package org.tuskgrid.cli;

import org.tuskgrid.client.TuskGridClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./tuskgrid cancel ID}. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a job by id; its running code is interrupted.")
final class CancelCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Job id.")
    String id;

    @Override
    protected int run(TuskGridClient client) {
        out().println(id + " " + client.tasks().cancel(id));
        out().flush();
        return 0;
    }
}
