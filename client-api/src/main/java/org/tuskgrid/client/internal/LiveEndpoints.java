package org.tuskgrid.client.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.ClientAddressFinder;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.ClientConfiguration;

/**
 * The thin client's addresses: the server nodes the cluster has now, asked of the cluster each time a node's answer
 * shows Ignite's client that the topology changed.
 *
 * <p>Why not Ignite's own discovery: in 2.17 it keeps every channel that is still connected. A node that froze (SIGSTOP,
 * a paused VM, a long GC pause) keeps its connections open after the cluster dropped it, so the client went on sending
 * it queries and cache calls, which waited for the request timeout (5 minutes by default). With an address finder,
 * Ignite closes the channels whose address the finder no longer returns; the requests waiting on them fail as a lost
 * connection, and the retry policy sends them to a live node. The heartbeats (every second) bring the topology change
 * from the live nodes, even to a client that has nothing else to send them.
 *
 * <p>The question is asked over short-lived connections of its own, one per known address, at once, and the first
 * answer wins (the other probes are cancelled): never over the client's channels, because Ignite calls the finder while
 * it holds its channel lock, and one of those channels may be the frozen node's. A frozen node's connection gives up
 * after {@link #PROBE_TIMEOUT_MS}.
 *
 * <p>An address the user gave whose host has never been a node's (a load balancer, a Kubernetes ClusterIP service) is
 * always kept: a frozen node behind it is not noticed here. A name that resolves to nodes (a headless service) is
 * replaced by their own addresses.
 */
final class LiveEndpoints implements ClientAddressFinder {
    /** How long one probe connection may take to answer (its handshake included). */
    static final int PROBE_TIMEOUT_MS = 2_000;
    /** How long the finder waits for the first answer before it keeps the addresses it had. */
    private static final long ASK_MS = PROBE_TIMEOUT_MS + 1_000;
    /** Ignite's port range for an address without a port. */
    private static final int DEFAULT_PORT = 10800;
    private static final int DEFAULT_PORT_RANGE = 100;

    /** A server node as the cluster describes it: its thin-client port and the hosts it is known by. */
    record Server(int port, List<String> hosts) {
        static Server of(ClusterNode node) {
            Object port = node.attribute("clientListenerPort");
            if (!(port instanceof Integer p)) {
                return null; // no thin-client connector
            }
            List<String> hosts = new ArrayList<>(node.addresses());
            hosts.addAll(node.hostNames());
            return new Server(p, hosts);
        }
    }

    private final List<String> seeds;
    private final Function<String, Set<String>> aliases;
    /** Asks one address for the cluster's servers (throws when it does not answer). */
    private final Function<String, List<Server>> probe;
    private final ThreadPoolExecutor probes;
    /** Hosts that have been a node's: an address the user gave on one of them stands for the live nodes there. */
    private final Set<String> nodeHosts = ConcurrentHashMap.newKeySet();
    /** What the finder answered last, or learnt since: the first addresses to ask. */
    private final AtomicReference<String[]> last = new AtomicReference<>();

    /**
     * @param seeds the addresses the user gave ({@code host}, {@code host:port} or {@code host:port1..port2})
     * @param connection what every connection to a node needs (the probes' addresses and timeouts are set here)
     */
    LiveEndpoints(List<String> seeds, UnaryOperator<ClientConfiguration> connection) {
        this(seeds, LiveEndpoints::resolve, address -> probe(connection, address));
    }

    LiveEndpoints(List<String> seeds, Function<String, Set<String>> aliases, Function<String, List<Server>> probe) {
        this.seeds = List.copyOf(seeds);
        this.aliases = aliases;
        this.probe = probe;
        this.probes = new ThreadPoolExecutor(16, 16, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tuskgrid-client-probe");
            t.setDaemon(true);
            return t;
        });
        probes.allowCoreThreadTimeOut(true);
    }

    /**
     * At start, the given addresses, as Ignite's own discovery starts (asking over probe connections first cost every CLI
     * command 0.1 to 0.2 s; {@link #learnFrom} asks over the client's own connection instead). Later, the live servers,
     * or what it had when none answers.
     */
    @Override
    public String[] getAddresses() {
        if (last.get() == null) {
            last.compareAndSet(null, seeds.toArray(String[]::new));
            return last.get();
        }
        List<Server> servers = ask();
        if (servers != null && !servers.isEmpty()) {
            last.set(endpoints(servers));
        }
        return last.get();
    }

    /**
     * Asks the newly started client, in the background, for the cluster's servers, so that one given a single node's
     * address can still find the others when that node dies: they become the first addresses to ask. A topology change
     * that the finder answered meanwhile wins.
     */
    void learnFrom(IgniteClient client) {
        String[] given = last.get();
        probes.execute(() -> {
            try {
                List<Server> servers = servers(client);
                if (!servers.isEmpty()) {
                    last.compareAndSet(given, endpoints(servers));
                }
            } catch (RuntimeException e) {
                // the next topology change asks the cluster anyway
            }
        });
    }

    private void remember(Collection<Server> servers) {
        servers.forEach(s -> s.hosts().forEach(h -> nodeHosts.add(h.toLowerCase(Locale.ROOT))));
    }

    /**
     * One {@code host:port} per live server, and the given addresses that are not on a node's host. A server is
     * reached by the host the user gave for it when there is one (so the client keeps using the connection it has;
     * see {@link #seedHostOf}), else by its first IPv4 address outside loopback, else by its first host name.
     * Sorted: Ignite compares the arrays to see whether anything changed. Remembers the servers' hosts.
     */
    String[] endpoints(Collection<Server> servers) {
        remember(servers);
        Set<String> out = new TreeSet<>();
        for (Server s : servers) {
            String host = seedHostOf(s);
            if (host == null) {
                host = s.hosts().stream().filter(LiveEndpoints::isRoutableIpv4).findFirst()
                    .orElse(s.hosts().stream().filter(h -> !h.contains(":")).findFirst().orElse(null));
            }
            if (host != null) {
                out.add(host + ":" + s.port());
            }
        }
        for (String seed : seeds) {
            if (aliases.apply(host(seed)).stream().noneMatch(nodeHosts::contains)) {
                out.add(seed);
            }
        }
        return out.toArray(String[]::new);
    }

    /**
     * The host the user gave for this server when it is one of its own; for a name that resolves to it, the address it
     * resolves to (a Kubernetes headless service resolves to every node: each is reached at its own address).
     */
    private String seedHostOf(Server s) {
        Set<String> known = new LinkedHashSet<>();
        s.hosts().forEach(h -> known.add(h.toLowerCase(Locale.ROOT)));
        for (String seed : seeds) {
            String host = host(seed);
            if (known.contains(host)) {
                return host;
            }
        }
        for (String seed : seeds) {
            for (String alias : aliases.apply(host(seed))) {
                if (known.contains(alias)) {
                    return alias;
                }
            }
        }
        return null;
    }

    /** The server list from the first address that answers within {@link #ASK_MS}, or null. */
    private List<Server> ask() {
        Set<String> candidates = new LinkedHashSet<>();
        String[] had = last.get();
        for (String a : had == null ? new String[0] : had) {
            candidates.addAll(expand(a)); // the live nodes first, then the given addresses
        }
        seeds.forEach(s -> candidates.addAll(expand(s)));
        CompletionService<List<Server>> answers = new ExecutorCompletionService<>(probes);
        List<Future<List<Server>>> asked = new ArrayList<>();
        candidates.forEach(a -> asked.add(answers.submit(() -> probe.apply(a))));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ASK_MS);
        try {
            for (int i = 0; i < candidates.size(); i++) {
                Future<List<Server>> f = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (f == null) {
                    return null;
                }
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    // refused, or no answer: the next address
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // An address without a port stands for 101 of them: the probes still queued would hold the threads of the next ask.
            asked.forEach(f -> f.cancel(true));
        }
        return null;
    }

    private static List<Server> probe(UnaryOperator<ClientConfiguration> connection, String address) {
        ClientConfiguration cfg = connection.apply(new ClientConfiguration())
            .setAddresses(address)
            .setTimeout(PROBE_TIMEOUT_MS)
            .setPartitionAwarenessEnabled(false)
            .setClusterDiscoveryEnabled(false)
            .setHeartbeatEnabled(false)
            .setAddressesFinder(null);
        try (IgniteClient c = Ignition.startClient(cfg)) {
            return servers(c);
        }
    }

    private static List<Server> servers(IgniteClient client) {
        List<Server> servers = new ArrayList<>();
        for (ClusterNode n : client.cluster().forServers().nodes()) {
            Server s = Server.of(n);
            if (s != null) {
                servers.add(s);
            }
        }
        return servers;
    }

    void close() {
        probes.shutdownNow();
    }

    private static String host(String address) {
        int colon = address.indexOf(':');
        return (colon < 0 ? address : address.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** {@code host:port1..port2} as one address per port, the way Ignite reads it. */
    static List<String> expand(String address) {
        int colon = address.indexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        String ports = colon < 0 ? DEFAULT_PORT + ".." + (DEFAULT_PORT + DEFAULT_PORT_RANGE) : address.substring(colon + 1);
        int dots = ports.indexOf("..");
        int from = Integer.parseInt(dots < 0 ? ports : ports.substring(0, dots));
        int to = dots < 0 ? from : Integer.parseInt(ports.substring(dots + 2));
        List<String> out = new ArrayList<>();
        for (int p = from; p <= to; p++) {
            out.add(host + ":" + p);
        }
        return out;
    }

    private static boolean isRoutableIpv4(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !host.startsWith("127.") && !host.startsWith("169.254.");
    }

    /** The host as written and, for a name, the addresses it resolves to now. */
    private static Set<String> resolve(String host) {
        Set<String> out = new LinkedHashSet<>();
        out.add(host);
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                out.add(a.getHostAddress().toLowerCase(Locale.ROOT));
            }
        } catch (UnknownHostException e) {
            // a name that does not resolve matches no node
        }
        return out;
    }
}
