package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.RuleKind;

class RuleCheckTest {
    private static RuleCheck rule(RuleKind kind, double threshold, Duration cooldown) {
        return RuleCheck.of(AlertRule.builder("r").sensors("s-*").kind(kind).threshold(threshold).cooldown(cooldown).build());
    }

    /** Feeds values through a rule the way the processor does; returns the times it fired at. */
    private static List<Long> fire(RuleCheck r, SensorState s, long[] ts, double[] values) {
        List<Long> fired = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            s.add(ts[i], values[i], 0.2);
            if (r.fires(s, ts[i], values[i]) != null) {
                s.fired("r", ts[i]);
                fired.add(ts[i]);
            }
        }
        return fired;
    }

    @Test
    void anInjectedAnomalyRaisesExactlyOneAlertPerCooldown() {
        RuleCheck r = rule(RuleKind.ZSCORE, 6, Duration.ofSeconds(30));
        Random rnd = new Random(1);
        int n = 2000;
        long[] ts = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i * 25L;
            // Spikes of 50 sd for 5 values at 10 s, and again at 12 s (same cooldown) and at 45 s (next cooldown).
            boolean spike = i >= 400 && i < 405 || i == 480 || i == 1800;
            v[i] = spike ? 70 : 20 + rnd.nextGaussian();
        }
        assertThat(fire(r, new SensorState("s-7", 20), ts, v)).containsExactly(10_000L, 45_000L);
    }

    @Test
    void aboveFiresAgainOnlyAfterTheCooldown() {
        RuleCheck r = rule(RuleKind.ABOVE, 100, Duration.ofSeconds(10));
        long[] ts = {0, 5_000, 9_999, 10_000, 15_000, 20_000};
        double[] v = {150, 150, 150, 150, 50, 101};
        assertThat(fire(r, new SensorState("s-1", 20), ts, v)).containsExactly(0L, 10_000L, 20_000L);
    }

    @Test
    void belowAndTrendsCompareWithTheThreshold() {
        assertThat(fire(rule(RuleKind.BELOW, 0, Duration.ZERO), new SensorState("s-1", 20), new long[] {0, 1000},
            new double[] {1, -1})).containsExactly(1000L);
        long[] ts = {0, 1000, 2000, 3000};
        assertThat(fire(rule(RuleKind.TREND_UP, 1.5, Duration.ofHours(1)), new SensorState("s-1", 20), ts, new double[] {0, 2, 4, 6}))
            .containsExactly(1000L);
        assertThat(fire(rule(RuleKind.TREND_DOWN, 1.5, Duration.ofHours(1)), new SensorState("s-1", 20), ts, new double[] {6, 4, 2, 0}))
            .containsExactly(1000L);
    }

    @Test
    void sensorsOutsideThePatternNeverFire() {
        assertThat(fire(rule(RuleKind.ABOVE, 0, Duration.ZERO), new SensorState("pump-1", 20), new long[] {0}, new double[] {5}))
            .isEmpty();
    }

    @Test
    void noDataFiresWhenTheSensorIsSilentLongerThanTheThresholdInSeconds() {
        RuleCheck r = rule(RuleKind.NO_DATA, 5, Duration.ofSeconds(30));
        SensorState s = new SensorState("s-1", 20);
        s.add(1_000, 1, 0.2);
        assertThat(r.silence(s, 6_000)).isNull();
        assertThat(r.silence(s, 6_001)).contains("no data for 5.0 s");
        assertThat(r.fires(s, 1_000, 1)).isNull();
    }
}
