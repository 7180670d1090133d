package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuskgrid.cli.TuskGridCli;
import picocli.CommandLine;

/** {@code tuskgrid server} with a configuration it cannot use: one line, non-zero exit, no node. */
class ServerCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = TuskGridCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void missingConfigFile() {
        int code = run("server", "--config", dir.resolve("missing.xml").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: " + dir.resolve("missing.xml") + ": no such file" + System.lineSeparator());
    }

    @Test
    void brokenConfigFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("broken.xml"), "<beans><bean class=\"x\"></beans>");
        int code = run("server", "--config", bad.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + bad + ": line 1: ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void badLogFormat() {
        int code = run("server", "--log-format", "xml");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--log-format must be json or text");
    }

    @Test
    void helpListsEveryCommand() {
        StringWriter out = new StringWriter();
        CommandLine cl = TuskGridCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString()).contains("server", "demo", "status", "sql");
    }
}
