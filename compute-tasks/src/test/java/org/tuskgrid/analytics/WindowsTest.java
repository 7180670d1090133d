package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {
    private final Windows windows = new Windows(List.of(Duration.ofSeconds(10), Duration.ofMinutes(1)), Duration.ofSeconds(5));

    @Test
    void windowsAreAlignedToTheEpochAndHalfOpen() {
        assertThat(windows.of(120_000, 0)).containsExactly(new Windows.Window(10_000, 120_000), new Windows.Window(60_000, 120_000));
        assertThat(windows.of(129_999, 0)).containsExactly(new Windows.Window(10_000, 120_000), new Windows.Window(60_000, 120_000));
        assertThat(windows.of(130_000, 0)).containsExactly(new Windows.Window(10_000, 130_000), new Windows.Window(60_000, 120_000));
        assertThat(windows.of(179_999, 0)).contains(new Windows.Window(60_000, 120_000));
        assertThat(windows.of(180_000, 0)).contains(new Windows.Window(60_000, 180_000));
    }

    @Test
    void lateDataCountsUntilTheWindowEndPlusGrace() {
        // The 10 s window [120 s, 130 s) takes values while the latest time seen is before 135 s.
        assertThat(windows.of(125_000, 134_999)).contains(new Windows.Window(10_000, 120_000));
        assertThat(windows.of(125_000, 135_000)).doesNotContain(new Windows.Window(10_000, 120_000))
            .containsExactly(new Windows.Window(60_000, 120_000));
        assertThat(windows.of(125_000, 185_000)).isEmpty();
    }

    @Test
    void keysStartWithTheSensorSoRowsShareItsPartition() {
        assertThat(new Windows.Window(10_000, 120_000).key("pump-1")).isEqualTo("pump-1|10000|120000");
    }
}
