package org.tuskgrid.server.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.server.Home;
import org.tuskgrid.server.ServerNode;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.tasks.Json;

/**
 * A cluster of server nodes on this machine, on a {@link PortBlock} and work directory of its own:
 * used by the demo, the benchmarks and the test harness. Nodes run either inside this JVM (fast,
 * for everything that is not about a process dying) or as separate JVMs started through the same
 * {@code tuskgrid server} main, which {@link #kill(int)} ends with SIGKILL.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Builder spec;
    private final PortBlock ports;
    private final Node[] nodes;

    private LocalCluster(Builder spec) {
        this.spec = spec;
        this.ports = PortBlock.allocate();
        this.nodes = new Node[spec.nodes];
    }

    public static Builder builder() {
        return new Builder();
    }

    private LocalCluster startAll() {
        try {
            Files.createDirectories(spec.workDir);
            // Forked nodes boot side by side; in-process ones one after another (Ignition.start blocks).
            for (int i = 0; i < nodes.length; i++) {
                launch(i);
            }
            awaitTopology(nodes.length);
            return this;
        } catch (RuntimeException | IOException e) {
            close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Node name of node {@code i}: {@code <prefix>-<i>}. */
    public String name(int i) {
        return spec.namePrefix + "-" + i;
    }

    /** Thin-client addresses of all nodes, {@code 127.0.0.1:port}, for a client that fails over between them. */
    public List<String> clientAddresses() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            out.add(clientAddress(i));
        }
        return out;
    }

    public String clientAddress(int i) {
        return "127.0.0.1:" + ports.clientPort(i);
    }

    public int size() {
        return nodes.length;
    }

    public Path workDir() {
        return spec.workDir;
    }

    /** The log file of a forked node. */
    public Path log(int i) {
        return spec.workDir.resolve(name(i) + ".log");
    }

    /** The Ignite instance of an in-process node. */
    public Ignite ignite(int i) {
        if (nodes[i] == null || nodes[i].inProcess == null) {
            throw new IllegalStateException("node " + i + " is not running in this JVM");
        }
        return nodes[i].inProcess.ignite();
    }

    /** Ends node {@code i} at once: SIGKILL for a forked node, a cancelling stop for an in-process one. */
    public void kill(int i) {
        Node n = nodes[i];
        if (n == null) {
            return;
        }
        nodes[i] = null;
        if (n.process != null) {
            n.process.destroyForcibly();
            waitFor(n.process, Duration.ofSeconds(30));
        } else {
            n.inProcess.close();
        }
    }

    /** Stops node {@code i} cleanly (SIGTERM for a forked node) and waits for it. */
    public void stop(int i) {
        Node n = nodes[i];
        if (n == null) {
            return;
        }
        nodes[i] = null;
        if (n.process != null) {
            n.process.destroy();
            if (!waitFor(n.process, Duration.ofSeconds(30))) {
                n.process.destroyForcibly();
                waitFor(n.process, Duration.ofSeconds(10));
            }
        } else {
            n.inProcess.close();
        }
    }

    /** Starts node {@code i} again (after a kill or stop) with the same name, ports and work directory. */
    public void restart(int i) {
        if (nodes[i] != null) {
            throw new IllegalStateException("node " + i + " is running");
        }
        launch(i);
        awaitTopology((int) Stream.of(nodes).filter(n -> n != null).count());
    }

    public boolean isAlive(int i) {
        Node n = nodes[i];
        return n != null && (n.process == null || n.process.isAlive());
    }

    /** The OS process of a forked node. */
    public Process process(int i) {
        if (nodes[i] == null || nodes[i].process == null) {
            throw new IllegalStateException("node " + i + " is not a running forked node");
        }
        return nodes[i].process;
    }

    private void launch(int i) {
        Map<String, String> options = new LinkedHashMap<>(ports.options(i));
        options.put(ServerOptions.WORK_DIR.key(), spec.workDir.toString());
        options.putAll(spec.options);
        Map<String, String> attrs = spec.attributes.getOrDefault(i, Map.of());
        spec.progress.accept("starting node " + name(i) + (spec.forked ? " (separate JVM)" : "") + " on thin-client port "
            + ports.clientPort(i));
        if (spec.forked) {
            nodes[i] = new Node(fork(i, options, attrs), null);
        } else {
            options.put(ServerOptions.NODE_NAME.key(), name(i));
            nodes[i] = new Node(null, ServerNode.start(spec.config, options, attrs));
        }
    }

    private Process fork(int i, Map<String, String> options, Map<String, String> attrs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(inheritedJvmFlags());
        cmd.add("-Xms" + spec.heap);
        cmd.add("-Xmx" + spec.heap);
        if (spec.fastStart) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        cmd.add("-D" + Home.PROPERTY + "=" + Home.dir());
        options.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.tuskgrid.cli.TuskGridCli");
        cmd.add("server");
        cmd.add("--config=" + spec.config);
        cmd.add("--name=" + name(i));
        cmd.add("--log-format=json");
        attrs.forEach((k, v) -> cmd.add("--attr=" + k + "=" + v));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile()));
            pb.environment().remove("TUSKGRID_NODE_NAME");
            return pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM for node " + name(i) + ": " + e.getMessage(), e);
        }
    }

    /** The flags this JVM got from config/jvm.properties (via ./tuskgrid or the build), passed on to the nodes it forks. */
    static List<String> inheritedJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Djava.net.preferIPv4Stack")
                || a.startsWith("-DIGNITE_"))
            .collect(Collectors.toList());
    }

    /**
     * Waits until {@code expected} server nodes see each other and each has started all its capabilities,
     * failing early with the log of a node that died.
     */
    private void awaitTopology(int expected) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no node answered yet";
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null && nodes[i].process != null && !nodes[i].process.isAlive()) {
                    // What stops a node (a bad setting, a port taken) is in its log: the tail is the message, not our stack.
                    throw new TuskGridException("node " + name(i) + " exited with code " + nodes[i].process.exitValue()
                        + " while starting; last lines of " + log(i) + ":\n" + readableTail(log(i), 15));
                }
            }
            List<String> live = new ArrayList<>();
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null) {
                    live.add(clientAddress(i));
                }
            }
            try (TuskGridClient c = TuskGridClient.connect(ClientSettings.builder().addresses(live).requestTimeout(Duration.ofSeconds(5)).build())) {
                List<NodeInfo> servers = c.cluster().nodes();
                long up = servers.stream().filter(n -> n.health() == NodeInfo.Health.UP).count();
                if (servers.size() == expected && up == expected) {
                    spec.progress.accept(expected + " node(s) up");
                    return;
                }
                last = servers.size() + " of " + expected + " nodes in the topology, " + up + " of them ready";
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            sleep(200);
        }
        throw new IllegalStateException("cluster did not form within " + START_TIMEOUT.toSeconds() + " s (" + last + ")");
    }

    /** The last lines of a node's log, each JSON event as {@code LEVEL Logger: message (error)} on one line. */
    static String readableTail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream().map(LocalCluster::readable)
                .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** One log line for a person: a JSON event as {@code LEVEL Logger: message (error)}, anything else as it is. */
    private static String readable(String line) {
        if (!line.startsWith("{")) {
            return line;
        }
        try {
            JsonNode e = Json.MAPPER.readTree(line);
            String logger = e.path("logger").asText("");
            StringBuilder out = new StringBuilder(e.path("level").asText("?")).append(' ')
                .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ").append(e.path("message").asText(""));
            if (e.hasNonNull("error")) {
                out.append(" (").append(e.get("error").asText()).append(": ").append(e.path("errorMessage").asText("")).append(')');
            }
            String one = out.toString().replaceAll("\\s+", " ");
            return one.length() > 400 ? one.substring(0, 400) + "…" : one;
        } catch (IOException e) {
            return line;
        }
    }

    private static boolean waitFor(Process p, Duration d) {
        try {
            return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Stops every node (forked ones with SIGTERM, in parallel), frees the ports, and deletes the work directory if it made it,
     * unless a forked node had exited on its own: then the directory (logs included) is kept and the progress says why the
     * node went, as far as its log tells.
     */
    @Override
    public void close() {
        List<String> exited = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null && nodes[i].process != null && !nodes[i].process.isAlive()) {
                exited.add("node " + name(i) + " had exited on its own (exit code " + nodes[i].process.exitValue() + "); "
                    + lastError(log(i)));
            }
        }
        exited.forEach(spec.progress);
        for (Node n : nodes) {
            if (n != null && n.process != null) {
                n.process.destroy();
            }
        }
        for (int i = nodes.length - 1; i >= 0; i--) {
            stop(i);
        }
        ports.close();
        if (spec.tempWorkDir && exited.isEmpty()) {
            deleteTree(spec.workDir);
        } else if (!exited.isEmpty()) {
            spec.progress.accept("logs kept in " + spec.workDir);
        }
    }

    /** How the command line starts the one line it prints for an error a user can fix (TuskGridCli). */
    private static final String CLI_ERROR = "error: ";

    /**
     * The message of the last ERROR line of a node's JSON log (a halt's reason is logged just before it), or of
     * the last {@code error: } line the launcher printed (a setting that stopped the node), cut to one line.
     */
    static String lastError(Path log) {
        String found;
        try (Stream<String> lines = Files.lines(log)) {
            found = lines.filter(l -> l.contains("\"level\":\"ERROR\"") || l.startsWith(CLI_ERROR)).reduce((earlier, later) -> later).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return "no log to tell why (" + e.getMessage() + ")";
        }
        if (found == null) {
            return "its log has no ERROR line (killed from outside?)";
        }
        if (found.startsWith(CLI_ERROR)) {
            return "last error: " + found.substring(CLI_ERROR.length());
        }
        try {
            String msg = Json.MAPPER.readTree(found).path("message").asText(found);
            return "last error: " + (msg.length() > 500 ? msg.substring(0, 500) + "…" : msg).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "last error: " + found;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is not worth failing a stop for
        }
    }

    private record Node(Process process, ServerNode inProcess) {
    }

    /** What cluster to start. */
    public static final class Builder {
        private int nodes = 2;
        private boolean forked;
        private boolean fastStart = true;
        private String heap = "1g";
        private Path config = Home.defaultConfig();
        private Path workDir;
        /** The work directory is a temp one made at start: deleted at close (nobody asked to keep the logs). */
        private boolean tempWorkDir;
        private String namePrefix = "node";
        private final Map<String, String> options = new HashMap<>();
        private final Map<Integer, Map<String, String>> attributes = new HashMap<>();
        private Consumer<String> progress = s -> { };

        public Builder nodes(int n) {
            this.nodes = n;
            return this;
        }

        /** Separate JVMs (true) or nodes inside this JVM (false, the default). */
        public Builder forked(boolean forked) {
            this.forked = forked;
            return this;
        }

        /** Forked nodes with the C1 compiler only: ~40% faster start, slower steady state (not for benchmarks). */
        public Builder fastStart(boolean fastStart) {
            this.fastStart = fastStart;
            return this;
        }

        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder config(Path config) {
            this.config = config;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder namePrefix(String prefix) {
            this.namePrefix = prefix;
            return this;
        }

        /** A node option for every node, e.g. {@code tuskgrid.failure.detection.timeout=3s}. */
        public Builder option(String key, String value) {
            options.put(key, value);
            return this;
        }

        public Builder attribute(int node, String key, String value) {
            attributes.computeIfAbsent(node, k -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** Where progress lines go (starting node..., N nodes up). */
        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public LocalCluster start() {
            if (workDir == null) {
                try {
                    workDir = Files.createTempDirectory("tuskgrid-cluster-");
                    tempWorkDir = true;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new LocalCluster(this).startAll();
        }
    }
}
