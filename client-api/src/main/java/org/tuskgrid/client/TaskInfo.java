package org.tuskgrid.client;

/**
 * A task the cluster can run.
 *
 * @param broadcast whether its jobs run one per node on that node's data instead of being load-balanced
 */
public record TaskInfo(String name, String version, String description, boolean broadcast) {
}
