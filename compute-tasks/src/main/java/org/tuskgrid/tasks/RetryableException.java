package org.tuskgrid.tasks;

/** A failure that another attempt may not meet (a busy service, a lost connection): the job is retried after backoff. */
public class RetryableException extends RuntimeException {
    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
