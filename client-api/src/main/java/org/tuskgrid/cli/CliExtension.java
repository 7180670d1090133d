package org.tuskgrid.cli;

import java.util.Map;

/**
 * Adds commands to {@code ./tuskgrid} from another module (found with {@link java.util.ServiceLoader}):
 * the server module adds {@code server} and {@code demo}, the benchmarks module adds {@code bench}.
 * The client-only command line then simply has fewer commands.
 */
public interface CliExtension {
    /** Command name to picocli command object (an instance of a {@code @Command} class). */
    Map<String, Object> commands();
}
