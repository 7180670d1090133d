package org.tuskgrid.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One node's JIT compile time per wall time over a sliding window, from samples of its cumulative compile
 * time ({@code jitCompileMs} in its status). The baseline of a window is the newest sample at least a
 * window old, so irregular sampling still measures over at least the window.
 */
final class CompileShare {
    private final long windowMs;
    private final Deque<long[]> samples = new ArrayDeque<>();

    CompileShare(long windowMs) {
        this.windowMs = windowMs;
    }

    /**
     * Adds a sample and answers the share since the window's baseline: seconds of compilation per second,
     * NaN until a window's worth of samples exists or when the node cannot tell ({@code jitMs < 0}).
     */
    double add(long nowMs, long jitMs) {
        if (jitMs < 0) {
            return Double.NaN;
        }
        samples.addLast(new long[] {nowMs, jitMs});
        while (samples.size() > 2 && nowMs - second()[0] >= windowMs) {
            samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        if (nowMs - first[0] < windowMs) {
            return Double.NaN;
        }
        return (double) (jitMs - first[1]) / (nowMs - first[0]);
    }

    private long[] second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
