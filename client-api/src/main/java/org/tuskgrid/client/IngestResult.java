package org.tuskgrid.client;

import java.util.List;

/**
 * What happened to a batch: how many measurements were stored and which were refused, and why.
 *
 * @param accepted measurements stored
 * @param rejected refused measurements, by their position in the batch (0-based)
 */
public record IngestResult(long accepted, List<Rejection> rejected) {
    public IngestResult {
        rejected = List.copyOf(rejected);
    }

    /** A refused measurement: its 0-based position in the batch and the reason. */
    public record Rejection(int index, String reason) {
    }
}
