package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuskgrid.config.ConfigException;

class NodeWorkDirTest {
    @TempDir
    Path root;

    @Test
    void unnamedNodesTakeTheFirstFreeSlotAndGetItBackAfterRestart() {
        try (NodeWorkDir a = NodeWorkDir.acquire(root, null); NodeWorkDir b = NodeWorkDir.acquire(root, null)) {
            assertThat(a.name()).isEqualTo("node-0");
            assertThat(b.name()).isEqualTo("node-1");
            assertThat(b.dir()).isEqualTo(root.resolve("node-1"));
        }
        try (NodeWorkDir again = NodeWorkDir.acquire(root, null)) {
            assertThat(again.name()).isEqualTo("node-0");
        }
    }

    @Test
    void aNameInUseIsRefusedWithAHint() {
        try (NodeWorkDir a = NodeWorkDir.acquire(root, "east")) {
            assertThatThrownBy(() -> NodeWorkDir.acquire(root, "east"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a node named 'east' is already running")
                .hasMessageContaining("--name");
        }
    }

    @Test
    void namesThatAreNotPathSafeAreRefused() {
        assertThatThrownBy(() -> NodeWorkDir.acquire(root, "../etc"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("may only use letters");
    }
}
