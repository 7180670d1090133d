package org.tuskgrid.cli;

import java.util.concurrent.Callable;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.TuskGridClient;
import picocli.CommandLine;

/** A command that talks to the cluster through the thin client. */
public abstract class ClientCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    private TuskGridCli root;

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        checkArguments();
        try (TuskGridClient client = TuskGridClient.connect(settings())) {
            return run(client);
        }
    }

    private ClientSettings settings() {
        String addresses = root == null ? null : root.addresses;
        return addresses == null ? ClientSettings.fromEnvironment() : ClientSettings.builder().addresses(addresses).build();
    }

    /** Checks what picocli cannot before anything connects; throws {@link CommandLine.ParameterException} (exit 2). */
    protected void checkArguments() {
    }

    protected abstract int run(TuskGridClient client);

    protected java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
