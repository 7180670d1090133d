package org.tuskgrid.server.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.server.ServerOptions;

/** What demo, bench and tests show when a forked node cannot start: one readable error, not the node's raw log. */
class LocalClusterStartIT {
    @Test
    void aNodeStoppedByABadSettingFailsTheStartWithItsLogAsReadableLines() {
        LocalCluster.Builder cluster = LocalCluster.builder().nodes(1).forked(true).namePrefix("LocalClusterStartIT")
            .option(ServerOptions.MEMORY.key(), "128m").heap("256m")
            .option("tuskgrid.analytics.refuse.above", "200");

        assertThatThrownBy(cluster::start)
            .isInstanceOf(TuskGridException.class)
            .hasMessageStartingWith("node LocalClusterStartIT-0 exited with code 2 while starting; last lines of ")
            .hasMessageContaining("\nerror: -Dtuskgrid.analytics.refuse.above=200 is not valid: expected an integer from 50 to 98")
            .satisfies(e -> assertThat(e.getMessage().lines().skip(1))
                .as("one readable line per log event, not raw JSON")
                .isNotEmpty()
                .noneMatch(l -> l.startsWith("{")));
    }
}
