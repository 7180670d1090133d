package org.tuskgrid.client;

import java.util.List;
import java.util.function.Consumer;

/** The alerts the rules raise (table {@code ALERTS}): listing and live subscription. */
public interface AlertsClient {
    /** The latest {@code limit} alerts (by raise time) that pass the filter, oldest first. */
    List<Alert> recent(AlertFilter filter, int limit);

    /**
     * Calls {@code listener} for every new alert that passes the filter, in the order they were raised, on a
     * thread of its own. When the node serving the subscription goes away it re-subscribes on another node
     * and delivers the alerts raised in between: none is lost and none is delivered twice.
     */
    AlertSubscription subscribe(AlertFilter filter, Consumer<Alert> listener);
}
