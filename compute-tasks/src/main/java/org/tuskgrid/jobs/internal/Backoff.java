package org.tuskgrid.jobs.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: {@code base * 2^retry}, at most {@value #MAX_MS} ms, times a random factor in [0.8, 1.2). */
final class Backoff {
    static final long MAX_MS = 30_000;
    static final double JITTER = 0.2;

    private Backoff() {
    }

    /** Delay before retry number {@code retry} (0 for the first retry). */
    static long delayMs(long baseMs, int retry) {
        double exp = Math.min((double) MAX_MS, baseMs * Math.pow(2, Math.min(retry, 30)));
        return Math.round(exp * (1 - JITTER + 2 * JITTER * ThreadLocalRandom.current().nextDouble()));
    }
}
