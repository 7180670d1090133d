package org.tuskgrid.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.tuskgrid.cli.TuskGridCli;
import picocli.CommandLine;

/**
 * One run of {@code ./tuskgrid} in this JVM: its exit code and what it printed (line ends as {@code \n}).
 * {@link ClusterExtension#cli} runs it against a test cluster.
 */
public record CliRun(int code, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TuskGridCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString().replace(System.lineSeparator(), "\n"), err.toString().replace(System.lineSeparator(), "\n"));
    }
}
