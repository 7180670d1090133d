package org.tuskgrid.client;

/**
 * The cluster refused measurements because a node's memory is nearly full (above
 * {@code tuskgrid.analytics.refuse.above} percent of its data region). Nothing of the refused batch was stored;
 * the batches that completed before it were. Ingesting again succeeds once old measurements are deleted
 * (retention) or nodes with more memory join: the message names the node and the setting.
 */
public class IngestRefusedException extends TuskGridException {
    public IngestRefusedException(String message) {
        super(message);
    }
}
