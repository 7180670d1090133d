package org.tuskgrid.client;

/** A live subscription to alerts; {@link #close()} ends it. */
public interface AlertSubscription extends AutoCloseable {
    /** How many alerts the listener got so far. */
    long delivered();

    @Override
    void close();
}
