package org.tuskgrid.server.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.tuskgrid.config.ConfigException;
import org.tuskgrid.server.Home;
import org.tuskgrid.server.ServerNode;
import org.tuskgrid.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tuskgrid server}: runs one server node in the foreground until SIGTERM/SIGINT. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Starts one server node and runs it until Ctrl-C / SIGTERM.",
        "Nodes started on one machine with no flags form one cluster.",
        "Settings: --config XML, and TUSKGRID_* environment variables (see README, Configuration)."})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Spring XML node configuration (default: config/server.xml).")
    String config;

    @Option(names = "--name", paramLabel = "NAME", description = "Node name and consistent id (default: node-0, node-1, ...).")
    String name;

    @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "Node attribute for capability routing; repeatable.")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--log-format", paramLabel = "json|text", defaultValue = "${env:TUSKGRID_LOG_FORMAT:-json}",
        description = "Log line format on stdout (default: json, or $TUSKGRID_LOG_FORMAT).")
    String logFormat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!List.of("json", "text").contains(logFormat)) {
            err.println("error: --log-format must be json or text, not '" + logFormat + "'");
            err.flush();
            return 2;
        }
        var configFile = config == null ? Home.defaultConfig() : Home.resolve(config);
        Map<String, String> overrides = new LinkedHashMap<>();
        if (name != null) {
            overrides.put(ServerOptions.NODE_NAME.key(), name);
            System.setProperty("tuskgrid.node.name", name);
        }
        // Logging is set up here, before anything logs, because the format is a flag of this command.
        System.setProperty("log4j2.configurationFile",
            Home.dir().resolve(logFormat.equals("json") ? "config/log4j2.xml" : "config/log4j2-text.xml").toString());
        System.setProperty("tuskgrid.log.target", "SYSTEM_OUT");
        System.setProperty("tuskgrid.log.level", System.getenv().getOrDefault("TUSKGRID_LOG_LEVEL", "info"));
        Logger log = LogManager.getLogger(ServerCommand.class);

        // Registered before the start, so a signal that arrives mid-start still ends in a clean stop.
        CompletableFuture<ServerNode> started = new CompletableFuture<>();
        AtomicBoolean signalled = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signalled.set(true);
            ServerNode n = started.handle((node, e) -> node).join();
            if (n != null) {
                log.info("Stopping node {} (signal)", n.name());
                n.close();
                log.info("Node {} stopped", n.name());
            }
            stopped.countDown();
            LogManager.shutdown();
        }, "tuskgrid-shutdown"));

        ServerNode node;
        try {
            node = ServerNode.start(configFile, overrides, attributes);
            started.complete(node);
        } catch (ConfigException e) {
            started.complete(null);
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            started.complete(null);
            err.println("error: node did not start from " + configFile + ": " + rootMessage(e));
            err.flush();
            return 1;
        }
        System.setProperty("tuskgrid.node.name", node.name());
        System.setProperty("tuskgrid.node.id", node.ignite().cluster().localNode().id().toString());
        ((LoggerContext) LogManager.getContext(false)).reconfigure();

        Ignition.addListener((igniteName, state) -> {
            if (node.name().equals(igniteName) && state != IgniteState.STARTED) {
                stopped.countDown();
            }
        });
        log.info("Node {} is up: thin clients and JDBC at port {}, {} server node(s) in the cluster", node.name(),
            node.ignite().cluster().localNode().<Object>attribute("clientListenerPort"),
            node.ignite().cluster().forServers().nodes().size());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!signalled.get()) {
            // Ignite's failure handler stopped the node (segmentation, a critical error): say so in the exit code.
            log.error("Node {} stopped without a signal; see the log above for the reason", node.name());
            return 1;
        }
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().replaceAll("\\s+", " ");
    }
}
