package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each running statistic against a straightforward computation over all the values at once. */
class SensorStateTest {
    private static final int N = 20;
    private static final double ALPHA = 0.2;

    private final List<long[]> times = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();
    private final SensorState state = new SensorState("s", N);

    private void feed(int count, long seed) {
        Random rnd = new Random(seed);
        long t = 1_700_000_000_000L;
        for (int i = 0; i < count; i++) {
            t += 1 + rnd.nextInt(500);
            double v = 1e4 + rnd.nextGaussian() * 5 + i * 0.01;
            times.add(new long[] {t});
            values.add(v);
            state.add(t, v, ALPHA);
        }
    }

    private static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-9));
    }

    @Test
    void countMinMaxAreExact() {
        feed(10_000, 1);
        assertThat(state.count()).isEqualTo(values.size());
        assertThat(state.min()).isEqualTo(values.stream().mapToDouble(d -> d).min().orElseThrow());
        assertThat(state.max()).isEqualTo(values.stream().mapToDouble(d -> d).max().orElseThrow());
    }

    @Test
    void meanAndPopulationStddevMatchTheTwoPassFormulaTo1e9() {
        feed(10_000, 2);
        double mean = values.stream().mapToDouble(d -> d).sum() / values.size();
        double sq = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        assertRelative(state.mean(), mean);
        assertRelative(state.stddev(), Math.sqrt(sq / values.size()));
    }

    @Test
    void oneToHundredGivesTheIssuesFigures() {
        for (int i = 1; i <= 100; i++) {
            state.add(i, i, ALPHA);
        }
        assertThat(state.mean()).isEqualTo(50.5);
        assertThat(state.stddev()).isCloseTo(28.866, within(0.001));
    }

    @Test
    void lastValueIsTheOneWithTheLatestTimeEvenWhenItArrivedEarlier() {
        state.add(2000, 5, ALPHA);
        state.add(1000, 7, ALPHA);
        assertThat(state.lastValue()).isEqualTo(5);
        assertThat(state.lastTs()).isEqualTo(2000);
        assertThat(state.watermark()).isEqualTo(2000);
    }

    @Test
    void ewmaFollowsItsRecurrence() {
        feed(500, 3);
        double e = values.get(0);
        for (int i = 1; i < values.size(); i++) {
            e = ALPHA * values.get(i) + (1 - ALPHA) * e;
        }
        assertRelative(state.ewma(), e);
    }

    @Test
    void smaTrendAndForecastUseTheLastNValues() {
        feed(500, 4);
        int from = values.size() - N;
        double sum = 0;
        for (int i = from; i < values.size(); i++) {
            sum += values.get(i);
        }
        assertRelative(state.sma(), sum / N);
        // Least squares on (seconds, value) over the last N, the textbook formula (times from the first, for precision).
        long origin = times.get(from)[0];
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i < values.size(); i++) {
            double x = (times.get(i)[0] - origin) / 1000.0;
            double y = values.get(i);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (N * sxy - sx * sy) / (N * sxx - sx * sx);
        double intercept = (sy - slope * sx) / N;
        assertThat(state.trend()).isCloseTo(slope, within(Math.abs(slope) * 1e-6 + 1e-9));
        long first = times.get(from)[0];
        long last = times.get(values.size() - 1)[0];
        double next = (last - origin + (last - first) / (double) (N - 1)) / 1000.0;
        assertThat(state.forecast()).isCloseTo(intercept + slope * next, within(1e-6));
    }

    @Test
    void zscoreIsTakenAgainstTheStatisticsBeforeTheValue() {
        feed(1000, 5);
        double mean = state.mean();
        double sd = state.stddev();
        state.add(Long.MAX_VALUE / 2, mean + 10 * sd, ALPHA);
        assertThat(state.zscore()).isCloseTo(10, within(1e-9));
    }

    @Test
    void rulesRememberWhenTheyLastFired() {
        assertThat(state.lastFired("r")).isEqualTo(Long.MIN_VALUE);
        state.fired("r", 10);
        state.fired("q", 20);
        state.fired("r", 30);
        assertThat(state.lastFired("r")).isEqualTo(30);
        assertThat(state.lastFired("q")).isEqualTo(20);
    }
}
