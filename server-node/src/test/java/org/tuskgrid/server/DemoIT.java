package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tuskgrid.testing.CliRun;

/** {@code ./tuskgrid demo}: the README's main command. */
class DemoIT {
    @Test
    void demoFormsAClusterRunsPiAndSqlAndExitsZero() {
        CliRun run = CliRun.of("demo", "--samples", "4000000");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 node(s) up", "montecarlo-pi: 4,000,000 samples split across {\"demo-0\":2000000,\"demo-1\":2000000}",
            "start order: [low, low, CRITICAL", "all 6 jobs SUCCEEDED", "Summary: 2 nodes formed a cluster");
        assertThat(run.out()).containsPattern("pi ~ 3\\.1[3-5]");
        assertThat(run.out()).containsPattern("JP\\s+\\|\\s+2 \\| 56253000");
        assertThat(run.out()).contains("ALERT critical [spike] s-3 = ", "FROM WINDOW_AGG", "analytics raised: 's-3 = ");
    }
}
