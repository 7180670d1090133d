package org.tuskgrid.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {
    @RepeatedTest(20)
    void doublesPerRetryWithinTwentyPercentAndStopsAtThirtySeconds() {
        for (int retry = 0; retry < 6; retry++) {
            long nominal = 100L << retry;
            assertThat(Backoff.delayMs(100, retry)).isBetween(Math.round(nominal * 0.8), Math.round(nominal * 1.2));
        }
        assertThat(Backoff.delayMs(1000, 20)).isBetween(24_000L, 36_000L);
    }
}
