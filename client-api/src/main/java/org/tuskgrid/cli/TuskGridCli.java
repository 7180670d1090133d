package org.tuskgrid.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code ./tuskgrid}: the command line of TuskGrid. */
@Command(name = "tuskgrid", mixinStandardHelpOptions = true, version = "TuskGrid 0.1.0 on Apache Ignite 2.17.0",
    description = "Grid computing on Apache Ignite: server nodes, tasks, SQL and analytics.",
    subcommands = {StatusCommand.class, SqlCommand.class, TasksCommand.class, SubmitCommand.class, JobsCommand.class,
        JobCommand.class, CancelCommand.class, IngestCommand.class, RulesCommand.class, AlertsCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Addresses come from --addresses, else TUSKGRID_ADDRESSES, else 127.0.0.1:10800..10809 (the ports local nodes take).",
        "Run './tuskgrid COMMAND --help' for a command's options."})
public final class TuskGridCli implements Runnable {

    @Option(names = "--addresses", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT[,...]", converter = OptionTypes.Addresses.class,
        description = "Nodes to connect to (default: $TUSKGRID_ADDRESSES or 127.0.0.1:10800..10809).")
    String addresses;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The root command with every command available on this classpath. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TuskGridCli());
        for (CliExtension ext : ServiceLoader.load(CliExtension.class)) {
            ext.commands().forEach(cl::addSubcommand);
        }
        OptionTypes.register(cl);
        cl.setExecutionExceptionHandler(TuskGridCli::onError);
        cl.setParameterExceptionHandler(TuskGridCli::onBadArguments);
        return cl;
    }

    /**
     * Errors users cause or can fix get one line on stderr: exit 1 when the cluster said no or was not reached, 2 for a
     * configuration that cannot be used (as for bad arguments). Anything else is a bug and shows its trace.
     */
    private static int onError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof TuskGridException || e instanceof ConfigException || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return e instanceof ConfigException ? 2 : 1;
        }
        err.println("error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 2;
    }

    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + e.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return 2;
    }
}
