package org.tuskgrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line without a cluster: errors a user meets first. */
class TuskGridCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = TuskGridCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void noReachableNodeIsOneLineNamingTheAddressesTried() throws Exception {
        String a = "127.0.0.1:" + closedPort();
        String b = "127.0.0.1:" + closedPort();

        int code = run("status", "--addresses", a + "," + b);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("error: no TuskGrid node reachable at " + a + ", " + b);
    }

    @Test
    void addressesComeFromTheFlagBeforeOrAfterTheCommand() throws Exception {
        String a = "127.0.0.1:" + closedPort();
        assertThat(run("--addresses", a, "sql", "SELECT 1")).isEqualTo(1);
        assertThat(err.toString()).contains(a);
    }

    @Test
    void badFlagValueIsAUsageError() {
        assertThat(run("sql", "SELECT 1", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("'xml' is not a format; use table, csv or json").contains("--help");
    }

    @Test
    void badAddressIsRejectedBeforeConnecting() {
        assertThat(run("status", "--addresses", "localhost:http")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: Invalid value for option '--addresses': not an address: 'localhost:http'");
    }

    @Test
    void optionValuesThatDoNotParseAreUsageErrorsBeforeConnecting() throws Exception {
        String nowhere = "--addresses=127.0.0.1:" + closedPort();
        assertThat(run(nowhere, "submit", "echo", "--timeout", "abc")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: Invalid value for option '--timeout': not a duration: 'abc' (examples: 500ms, 30s, 5m, 1h)");
        assertThat(run(nowhere, "jobs", "--status", "done")).isEqualTo(2);
        assertThat(err.toString()).contains("error: Invalid value for option '--status': status must be one of queued");
        assertThat(run(nowhere, "alerts", "--severity", "loud")).isEqualTo(2);
        assertThat(run(nowhere, "submit", "echo", "--max-retries", "1000")).isEqualTo(2);
        assertThat(err.toString()).contains("error: max retries must be from 0 to 100, not 1000");
        assertThat(run(nowhere, "submit", "echo", "--wait", "0s")).isEqualTo(2);
        assertThat(run(nowhere, "jobs", "--limit", "0")).isEqualTo(2);
        assertThat(run(nowhere, "alerts", "--limit", "-1")).isEqualTo(2);
        assertThat(run(nowhere, "rules", "add", "--id", "r", "--kind", "above")).isEqualTo(2);
        assertThat(err.toString()).contains("error: rules add needs --threshold");
        assertThat(run(nowhere, "ingest", "--synthetic", "--anomaly", "s-1@soon")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --anomaly offset: not a duration: 'soon'");
        assertThat(run(nowhere, "ingest", "--file", "/no/such/readings.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --file /no/such/readings.csv: no such file");
        assertThat(err.toString()).doesNotContain("no TuskGrid node reachable");
    }

    @Test
    void helpListsTheClientCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("status", "sql");
    }
}
