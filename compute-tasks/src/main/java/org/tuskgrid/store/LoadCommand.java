package org.tuskgrid.store;

import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.client.IgniteClient;
import org.tuskgrid.cli.ClientCommand;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.client.internal.ThinTuskGridClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./tuskgrid load TABLE}: bulk-loads a stored table from its database into the grid, with progress. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Loads a table from its database into the grid (every node its own part), printing progress.")
final class LoadCommand extends ClientCommand {
    @Parameters(paramLabel = "TABLE", description = "The table (cache) name, e.g. ALERTS.")
    String table;

    @Option(names = "--ddl", description = "Print the CREATE TABLE the store uses for TABLE instead of loading.")
    boolean ddl;

    @Override
    protected int run(TuskGridClient client) {
        IgniteClient ignite = ((ThinTuskGridClient) client).ignite();
        String name = table.toUpperCase(Locale.ROOT);
        if (!ignite.cacheNames().contains(name)) {
            throw new TuskGridException("no table " + name + " on this cluster");
        }
        Future<String> f = ignite.compute().executeAsync2(StoreTableTask.class.getName(), (ddl ? "ddl:" : "load:") + name);
        long t0 = System.nanoTime();
        long before = ddl ? 0 : ignite.cache(name).size();
        try {
            while (true) {
                try {
                    String result = f.get(1, TimeUnit.SECONDS);
                    if (ddl) {
                        out().println(result + ";");
                    } else {
                        double s = (System.nanoTime() - t0) / 1e9;
                        long rows = Long.parseLong(result);
                        out().printf(Locale.ROOT, "loaded %s: %,d row%s in the grid (%,d new) in %.1f s%n", name, rows, rows == 1 ? "" : "s", rows - before, s);
                    }
                    out().flush();
                    return 0;
                } catch (TimeoutException stillLoading) {
                    spec.commandLine().getErr().printf(Locale.ROOT, "loading %s: %,d rows in the grid...%n", name, ignite.cache(name).size());
                    spec.commandLine().getErr().flush();
                }
            }
        } catch (ExecutionException e) {
            throw new TuskGridException(e.getCause() == null ? e.toString() : rootMessage(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuskGridException("interrupted", e);
        }
    }

    private static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? e.toString() : msg.replaceAll("\\s+", " ").trim();
    }
}
