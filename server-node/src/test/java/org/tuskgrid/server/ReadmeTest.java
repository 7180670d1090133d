package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tuskgrid.cli.TuskGridCli;
import org.tuskgrid.config.ConfigOption;
import org.tuskgrid.node.NodeExtension;

/** The README is the settings' and commands' documentation: it must name every one of them. */
class ReadmeTest {
    private final String readme = read();

    private static String read() {
        try {
            return Files.readString(Home.dir().resolve("README.md"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        List<ConfigOption<?>> all = new ArrayList<>(ServerOptions.ALL);
        for (NodeExtension e : ServerNode.extensions()) {
            all.addAll(e.options());
        }
        for (ConfigOption<?> o : all) {
            assertThat(readme).as(o.key()).contains("`" + o.envName() + "`");
        }
    }

    @Test
    void everyCommandIsInTheReadme() {
        for (String command : TuskGridCli.commandLine().getSubcommands().keySet()) {
            if (!command.equals("help")) {
                assertThat(readme).as(command).containsPattern("\\| `" + command + "[ `]");
            }
        }
    }
}
