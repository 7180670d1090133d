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
    void saysSoWhenTheLogHasNoErrorOrIsMissing() throws Exception {
        Path log = dir.resolve("n.log");
        Files.writeString(log, "{\"level\":\"INFO\",\"message\":\"up\"}\n");

        assertThat(LocalCluster.lastError(log)).contains("no ERROR line");
        assertThat(LocalCluster.lastError(dir.resolve("missing.log"))).startsWith("no log to tell why");
    }
}
