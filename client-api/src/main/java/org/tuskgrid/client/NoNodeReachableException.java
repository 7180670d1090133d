package org.tuskgrid.client;

import java.util.List;

/** None of the configured addresses answered. */
public class NoNodeReachableException extends TuskGridException {
    private final List<String> addresses;

    public NoNodeReachableException(List<String> addresses, Throwable cause) {
        super("no TuskGrid node reachable at " + String.join(", ", addresses)
            + " (start one with './tuskgrid server', or point --addresses / TUSKGRID_ADDRESSES at a running node)", cause);
        this.addresses = List.copyOf(addresses);
    }

    /** The addresses that were tried. */
    public List<String> addresses() {
        return addresses;
    }
}
