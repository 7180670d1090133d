package org.tuskgrid.client;

/** A call to the cluster failed; the message says why in one line, fit to show to a user. */
public class TuskGridException extends RuntimeException {
    public TuskGridException(String message) {
        super(message);
    }

    public TuskGridException(String message, Throwable cause) {
        super(message, cause);
    }
}
