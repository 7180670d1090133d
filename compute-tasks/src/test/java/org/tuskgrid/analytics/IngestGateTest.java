package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestGateTest {
    private static final long MB = 1 << 20;

    @Test
    void refusingStartsAtTheLimit() {
        assertThat(IngestGate.refuse(false, 434 * MB, 512 * MB, 85)).isFalse(); // 84.8%
        assertThat(IngestGate.refuse(false, 436 * MB, 512 * MB, 85)).isTrue(); // 85.2%
    }

    @Test
    void refusingEndsFivePointsLowerSoThatANodeNearTheLimitDoesNotFlap() {
        assertThat(IngestGate.refuse(true, 420 * MB, 512 * MB, 85)).isTrue(); // 82%
        assertThat(IngestGate.refuse(true, 410 * MB, 512 * MB, 85)).isTrue(); // 80.1%
        assertThat(IngestGate.refuse(true, 409 * MB, 512 * MB, 85)).isFalse(); // 79.9%
    }
}
