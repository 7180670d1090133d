package org.tuskgrid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CompileShareTest {
    @Test
    void isUnknownUntilAWindowOfSamplesExists() {
        CompileShare share = new CompileShare(5_000);

        assertThat(share.add(0, 100)).isNaN();
        assertThat(share.add(4_000, 900)).isNaN();
        assertThat(share.add(5_000, 1_100)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void measuresOverTheLastWindowOnly() {
        CompileShare share = new CompileShare(5_000);
        // Busy for 10 s (0.8 s of compilation per s), then quiet (0.02 s per s).
        long jit = 0;
        for (long t = 0; t <= 10_000; t += 1_000) {
            share.add(t, jit);
            jit += 800;
        }
        jit -= 800;
        double last = Double.NaN;
        for (long t = 11_000; t <= 16_000; t += 1_000) {
            jit += 20;
            last = share.add(t, jit);
        }

        assertThat(last).as("the busy phase has left the window").isCloseTo(0.02, within(1e-9));
    }

    @Test
    void keepsAtLeastAWindowWhenSamplesAreIrregular() {
        CompileShare share = new CompileShare(5_000);
        share.add(0, 0);
        share.add(1_000, 1_000);
        share.add(7_000, 1_600);

        // The baseline is the newest sample at least 5 s old (t = 1 s), not one that would shorten the window.
        assertThat(share.add(8_000, 1_700)).isCloseTo(700 / 7_000.0, within(1e-9));
    }

    @Test
    void aNodeThatCannotTellIsNeverQuiet() {
        CompileShare share = new CompileShare(5_000);

        assertThat(share.add(0, -1)).isNaN();
        assertThat(share.add(10_000, -1)).isNaN();
    }
}
