package org.tuskgrid.bench;

import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.server.local.LocalCluster;

/**
 * What every workload runs on: 2 server nodes in separate JVMs with the full JIT (no fast start), a
 * TuskGrid client and a plain Ignite thin client on the same nodes, so both sides meet the same cluster.
 */
final class BenchCluster implements AutoCloseable {
    private final LocalCluster cluster;
    private final TuskGridClient client;
    private final IgniteClient plain;

    /** @param memory data region size and heap per node, e.g. {@code 1g} */
    BenchCluster(BenchReport report, BenchOptions options, String memory) {
        LocalCluster.Builder builder = LocalCluster.builder();
        if (options.config != null) {
            builder.config(options.config.toAbsolutePath());
        }
        cluster = builder.nodes(2).forked(true).fastStart(false).namePrefix("bench")
            .option(org.tuskgrid.server.ServerOptions.MEMORY.key(), memory).heap(memory).progress(report::progress).start();
        try {
            client = TuskGridClient.connect(ClientSettings.builder().addresses(cluster.clientAddresses()).build());
            // The same socket buffers as TuskGrid's client (the OS's), so that the baseline does not stall on loopback.
            plain = Ignition.startClient(new ClientConfiguration().setAddresses(cluster.clientAddresses().toArray(String[]::new))
                .setSendBufferSize(0).setReceiveBufferSize(0));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    TuskGridClient client() {
        return client;
    }

    IgniteClient plain() {
        return plain;
    }

    @Override
    public void close() {
        try {
            plain.close();
            client.close();
        } finally {
            cluster.close();
        }
    }
}
