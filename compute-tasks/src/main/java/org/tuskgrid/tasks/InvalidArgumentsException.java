package org.tuskgrid.tasks;

/** Arguments a task cannot run with; reported to the caller at once, never retried. */
public class InvalidArgumentsException extends RuntimeException {
    public InvalidArgumentsException(String message) {
        super(message);
    }
}
