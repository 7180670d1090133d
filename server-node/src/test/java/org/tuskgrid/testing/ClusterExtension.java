package org.tuskgrid.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;

/**
 * Starts real TuskGrid server nodes for a test class, from the same configuration code as
 * {@code ./tuskgrid server}, on a port block and work directory of their own:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClusterExtension cluster = ClusterExtension.inProcess(2);          // fast: nodes in the test JVM
 * @RegisterExtension
 * static final ClusterExtension cluster = ClusterExtension.forked(2)              // separate JVMs, for kill -9
 *     .attribute(1, "zone", "east");
 * }</pre>
 *
 * Failure detection is 3 s (a hung node is dropped fast) and memory small, so tests stay quick.
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final LocalCluster.Builder builder;
    private LocalCluster cluster;
    private TuskGridClient client;

    private ClusterExtension(int nodes, boolean forked) {
        this.builder = LocalCluster.builder().nodes(nodes).forked(forked)
            .option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "3s")
            .option(ServerOptions.MEMORY.key(), "128m")
            .heap("512m");
    }

    /** Nodes inside the test JVM. */
    public static ClusterExtension inProcess(int nodes) {
        return new ClusterExtension(nodes, false);
    }

    /** Nodes in separate JVMs started through {@code tuskgrid server}; {@link LocalCluster#kill(int)} is a real SIGKILL. */
    public static ClusterExtension forked(int nodes) {
        return new ClusterExtension(nodes, true);
    }

    public ClusterExtension attribute(int node, String key, String value) {
        builder.attribute(node, key, value);
        return this;
    }

    /** A node XML other than {@code config/server.xml}. */
    public ClusterExtension config(java.nio.file.Path xml) {
        builder.config(xml);
        return this;
    }

    public ClusterExtension option(String key, String value) {
        builder.option(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = builder.namePrefix(context.getRequiredTestClass().getSimpleName()).start();
    }

    public LocalCluster cluster() {
        return cluster;
    }

    public List<String> addresses() {
        return cluster.clientAddresses();
    }

    /** {@code ./tuskgrid --addresses=<this cluster> ARGS}, run in this JVM. */
    public CliRun cli(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--addresses=" + String.join(",", addresses());
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    /** A client connected to every node (it fails over between them), closed after the class. */
    public synchronized TuskGridClient client() {
        if (client == null) {
            client = TuskGridClient.connect(ClientSettings.builder().addresses(addresses()).build());
        }
        return client;
    }

    /** SIGSTOP: the node stops answering but keeps its sockets open, like a frozen VM or a long GC pause. */
    public void freeze(int node) {
        long pid = cluster.process(node).pid();
        try {
            if (new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor() != 0) {
                throw new AssertionError("kill -STOP " + pid + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
