package org.tuskgrid.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastErrorTest {
    @TempDir
    Path dir;

    @Test
    void namesTheMessageOfTheLastErrorLineOnOneLine() throws Exception {
        Path log = dir.resolve("n.log");
        Files.writeString(log, """
            {"time":"t","level":"ERROR","message":"an earlier error"}
            {"time":"t","level":"ERROR","message":"JVM will be halted immediately due to the failure:\\n  ^-- Out of memory in data region"}
            {"time":"t","level":"WARN","message":"Client disconnected abruptly"}
            """);

        assertThat(LocalCluster.lastError(log))
            .isEqualTo("last error: JVM will be halted immediately due to the failure: ^-- Out of memory in data region");
    }

    @Test
    void namesTheLineTheLauncherPrintedWhenASettingStoppedTheNode() throws Exception {
        Path log = dir.resolve("n.log");
        Files.writeString(log, "{\"level\":\"INFO\",\"message\":\"starting\"}\nerror: TUSKGRID_X=1 is not valid: expected 2\n");

        assertThat(LocalCluster.lastError(log)).isEqualTo("last error: TUSKGRID_X=1 is not valid: expected 2");
    }

    @Test
    void saysSoWhenTheLogHasNoErrorOrIsMissing() throws Exception {
        Path log = dir.resolve("n.log");
        Files.writeString(log, "{\"level\":\"INFO\",\"message\":\"up\"}\n");

        assertThat(LocalCluster.lastError(log)).contains("no ERROR line");
        assertThat(LocalCluster.lastError(dir.resolve("missing.log"))).startsWith("no log to tell why");
    }

    @Test
    void aStartFailureShowsTheLogTailWithOneReadableLinePerEvent() throws Exception {
        Path log = dir.resolve("n.log");
        Files.writeString(log, """
            {"time":"t","level":"INFO","logger":"org.tuskgrid.server.ServerNode","message":"starting"}
            error: config/missing.xml not found
            {"time":"t","level":"ERROR","logger":"org.apache.ignite.internal.IgniteKernal","message":"Failed to start:\\n  port taken","error":"java.net.BindException","errorMessage":"Address already in use"}
            """);

        assertThat(LocalCluster.readableTail(log, 2)).isEqualTo("""
            error: config/missing.xml not found
            ERROR IgniteKernal: Failed to start: port taken (java.net.BindException: Address already in use)""");
        assertThat(LocalCluster.readableTail(dir.resolve("missing.log"), 2)).startsWith("(no log: ");
    }
}
