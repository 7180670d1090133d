package org.tuskgrid.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tuskgrid.config.ConfigOption;

/**
 * Every setting of a server node that is not Ignite's own XML: the one source of their names,
 * defaults, rules and docs (the README table is checked against this list by a test). In
 * {@code config/*.xml} they are Spring placeholders such as {@code ${tuskgrid.client.port}}.
 */
public final class ServerOptions {
    public static final ConfigOption<String> NODE_NAME = ConfigOption.string("tuskgrid.node.name", null,
        "Node name and consistent id (also --name). Default: node-0, node-1, ... the first whose work directory is free.");
    public static final ConfigOption<String> LOCAL_ADDRESS = ConfigOption.string("tuskgrid.local.address", "127.0.0.1",
        "Address the node binds and advertises (discovery, communication, thin clients).");
    public static final ConfigOption<String> DISCOVERY_ADDRESSES = ConfigOption.string("tuskgrid.discovery.addresses", null,
        "Comma-separated host:port[..port] list to find other nodes. Default: the local address with the discovery port range.");
    public static final ConfigOption<Integer> DISCOVERY_PORT = ConfigOption.integer("tuskgrid.discovery.port", 47500, 1024, 65000,
        "First discovery port; a node takes the first free one of the range.");
    public static final ConfigOption<Integer> COMMUNICATION_PORT = ConfigOption.integer("tuskgrid.communication.port", 47100, 1024, 65000,
        "First communication port.");
    public static final ConfigOption<Integer> CLIENT_PORT = ConfigOption.integer("tuskgrid.client.port", 10800, 1024, 65000,
        "First thin-client (and JDBC/ODBC) port.");
    public static final ConfigOption<Integer> PORT_RANGE = ConfigOption.integer("tuskgrid.port.range", 10, 1, 100,
        "How many ports above each first port a node may take, so several nodes share a machine.");
    public static final ConfigOption<String> WORK_DIR = ConfigOption.string("tuskgrid.work.dir", null,
        "Directory holding each node's work directory (<dir>/<node name>). Default: work/ in the TuskGrid home.");
    public static final ConfigOption<Long> MEMORY = ConfigOption.size("tuskgrid.memory", "512m", 64L << 20,
        "Off-heap memory for data (the default data region's maximum).");
    public static final ConfigOption<Duration> FAILURE_DETECTION_TIMEOUT = ConfigOption.duration(
        "tuskgrid.failure.detection.timeout", "10s", "How long a silent node may stay silent before it is dropped from the cluster.");
    public static final ConfigOption<Integer> CLIENT_COMPUTE_TASKS = ConfigOption.integer("tuskgrid.client.compute.tasks", 1024, 1, 1_000_000,
        "Compute tasks one thin-client connection may have running at once (Ignite rejects, not queues, the excess).");

    /** All options, in documentation order. */
    public static final List<ConfigOption<?>> ALL = List.of(NODE_NAME, LOCAL_ADDRESS, DISCOVERY_ADDRESSES, DISCOVERY_PORT,
        COMMUNICATION_PORT, CLIENT_PORT, PORT_RANGE, WORK_DIR, MEMORY, FAILURE_DETECTION_TIMEOUT, CLIENT_COMPUTE_TASKS);

    private final Map<ConfigOption<?>, Object> values;

    private ServerOptions(Map<ConfigOption<?>, Object> values) {
        this.values = values;
    }

    /**
     * Resolves every option: {@code overrides} (keys as {@link ConfigOption#key()}), then system properties,
     * then the environment, then defaults.
     *
     * @throws org.tuskgrid.config.ConfigException naming the first invalid value
     */
    public static ServerOptions resolve(Map<String, String> overrides) {
        Map<ConfigOption<?>, Object> values = new HashMap<>();
        Map<String, String> env = System.getenv();
        for (ConfigOption<?> o : ALL) {
            values.put(o, o.resolve(overrides, env));
        }
        if (values.get(DISCOVERY_ADDRESSES) == null) {
            int first = (Integer) values.get(DISCOVERY_PORT);
            values.put(DISCOVERY_ADDRESSES, values.get(LOCAL_ADDRESS) + ":" + first + ".." + (first + (Integer) values.get(PORT_RANGE) - 1));
        }
        if (values.get(WORK_DIR) == null) {
            values.put(WORK_DIR, Home.dir().resolve("work").toString());
        }
        return new ServerOptions(values);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        return (T) values.get(option);
    }

    /** The values as Spring placeholders see them: durations in milliseconds, sizes in bytes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Map<String, Object> placeholders() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConfigOption o : ALL) {
            Object v = values.get(o);
            if (v != null) {
                out.put(o.key(), o.placeholderText(v));
            }
        }
        return out;
    }
}
