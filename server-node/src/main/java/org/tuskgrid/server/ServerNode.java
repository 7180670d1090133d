package org.tuskgrid.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCheckedException;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.logger.log4j2.Log4J2Logger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.tuskgrid.config.ConfigException;
import org.tuskgrid.node.NodeContext;
import org.tuskgrid.node.NodeExtension;
import org.tuskgrid.node.NodeStatus;

/**
 * One running Ignite server node started from a TuskGrid configuration: the same code path for
 * {@code ./tuskgrid server}, the nodes the demo and benchmarks fork, and the nodes tests start
 * inside their own JVM.
 */
public final class ServerNode implements AutoCloseable {
    private final Ignite ignite;
    private final NodeWorkDir workDir;
    private final List<NodeExtension> extensions;

    private ServerNode(Ignite ignite, NodeWorkDir workDir, List<NodeExtension> extensions) {
        this.ignite = ignite;
        this.workDir = workDir;
        this.extensions = extensions;
    }

    /** The node extensions on the classpath, a fresh instance of each, in their order. */
    public static List<NodeExtension> extensions() {
        List<NodeExtension> list = new ArrayList<>();
        ServiceLoader.load(NodeExtension.class).forEach(list::add);
        list.sort(Comparator.comparingInt(NodeExtension::order));
        return list;
    }

    /**
     * Loads {@code configFile}, applies the options, name and attributes, and starts the node.
     *
     * @param overrides  option values that win over system properties and the environment
     * @param attributes node attributes (capabilities) added to those the XML sets
     * @throws ConfigException when the configuration cannot be used
     */
    public static ServerNode start(Path configFile, Map<String, String> overrides, Map<String, String> attributes) {
        quietIgniteStartup();
        ServerOptions options = ServerOptions.resolve(overrides);
        NodeConfigLoader.Loaded loaded = NodeConfigLoader.loadAll(configFile, options);
        IgniteConfiguration cfg = loaded.ignite();
        NodeWorkDir workDir = NodeWorkDir.acquire(Path.of(options.get(ServerOptions.WORK_DIR)), options.get(ServerOptions.NODE_NAME));
        try {
            cfg.setIgniteInstanceName(workDir.name());
            cfg.setConsistentId(workDir.name());
            cfg.setWorkDirectory(workDir.dir().toString());
            Map<String, Object> attrs = new HashMap<>(cfg.getUserAttributes() == null ? Map.of() : cfg.getUserAttributes());
            attrs.putAll(attributes);
            // Ignite puts its own attributes in the same flat namespace; this list tells the user's apart.
            attrs.put(NodeStatus.USER_ATTRIBUTES, String.join(",", new java.util.TreeSet<>(attrs.keySet())));
            cfg.setUserAttributes(attrs);
            if (cfg.getGridLogger() == null) {
                cfg.setGridLogger(igniteLogger());
            }
            NodeContext ctx = new NodeContext(cfg, loaded.beans(), workDir.dir(), overrides);
            List<NodeExtension> extensions = extensions();
            for (NodeExtension e : extensions) {
                e.configure(ctx);
            }
            Ignite ignite = Ignition.start(cfg);
            try {
                for (NodeExtension e : extensions) {
                    e.started(ignite, ctx);
                }
                ignite.cluster().nodeLocalMap().put(NodeStatus.READY, true);
            } catch (RuntimeException e) {
                Ignition.stop(ignite.name(), true);
                throw e;
            }
            return new ServerNode(ignite, workDir, extensions);
        } catch (RuntimeException e) {
            workDir.close();
            throw e;
        }
    }

    /**
     * Ignite's start-up extras that only add noise: the ASCII logo, the update check (no internet), perf
     * tips, its own shutdown hook (ours stops the node), and H2's Java-object serialization (no TuskGrid
     * table stores Java objects; left on, it warns at every start).
     */
    private static void quietIgniteStartup() {
        System.setProperty("IGNITE_NO_ASCII", "true");
        System.setProperty("IGNITE_UPDATE_NOTIFIER", "false");
        System.setProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true");
        System.setProperty("IGNITE_NO_SHUTDOWN_HOOK", "true");
        System.setProperty("h2.serializeJavaObject", "false");
    }

    /** Ignite logs through the log4j2 configuration this JVM already uses, so its lines look like ours. */
    private static Log4J2Logger igniteLogger() {
        ConfigurationSource source = ((LoggerContext) LogManager.getContext(false)).getConfiguration().getConfigurationSource();
        try {
            return source == null || source.getURL() == null ? new Log4J2Logger(Home.dir().resolve("config/log4j2.xml").toFile())
                : new Log4J2Logger(source.getURL());
        } catch (IgniteCheckedException e) {
            throw new ConfigException("cannot set up logging: " + e.getMessage(), e);
        }
    }

    public Ignite ignite() {
        return ignite;
    }

    public String name() {
        return workDir.name();
    }

    public Path workDir() {
        return workDir.dir();
    }

    /** Stops the node, cancelling running jobs (they fail over to the other nodes), and frees its work directory. */
    @Override
    public void close() {
        try {
            for (int i = extensions.size() - 1; i >= 0; i--) {
                try {
                    extensions.get(i).stopping(ignite);
                } catch (RuntimeException e) {
                    // One extension failing to flush must not keep the node (and the others) from stopping.
                    LogManager.getLogger(ServerNode.class).error("{} failed while stopping: {}",
                        extensions.get(i).getClass().getSimpleName(), e.toString(), e);
                }
            }
            Ignition.stop(ignite.name(), true);
        } finally {
            workDir.close();
        }
    }
}
