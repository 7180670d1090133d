package org.tuskgrid.server.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.tuskgrid.server.ServerOptions;

/**
 * A block of ports reserved for one local cluster (a test class, the demo, a benchmark), so that
 * clusters started side by side on one machine never join each other or fight over ports. The
 * reservation is a file lock under the temp directory, held until {@link #close()} or process exit;
 * the blocks lie below Linux's ephemeral range (32768+) and away from Ignite's defaults.
 *
 * <p>Layout from {@link #base()}: discovery +0, communication +{@value #COMMUNICATION_OFFSET},
 * thin client +{@value #CLIENT_OFFSET}, each with {@value #RANGE} ports.
 */
public final class PortBlock implements AutoCloseable {
    static final int FIRST = 20_000;
    static final int SIZE = 100;
    static final int BLOCKS = 120;
    static final int RANGE = 20;
    static final int COMMUNICATION_OFFSET = 30;
    static final int CLIENT_OFFSET = 60;

    private final int base;
    private final FileChannel channel;
    private final FileLock lock;

    private PortBlock(int base, FileChannel channel, FileLock lock) {
        this.base = base;
        this.channel = channel;
        this.lock = lock;
    }

    /** Reserves a free block, starting the search at a random one. */
    public static PortBlock allocate() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tuskgrid-ports");
        int start = ThreadLocalRandom.current().nextInt(BLOCKS);
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < BLOCKS; i++) {
                int base = FIRST + ((start + i) % BLOCKS) * SIZE;
                FileChannel ch = FileChannel.open(dir.resolve(base + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null && free(base) && free(base + COMMUNICATION_OFFSET) && free(base + CLIENT_OFFSET)) {
                    return new PortBlock(base, ch, lock);
                }
                if (lock != null) {
                    lock.release();
                }
                ch.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reserve ports under " + dir + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("no free block of " + SIZE + " ports between " + FIRST + " and " + (FIRST + BLOCKS * SIZE));
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int base() {
        return base;
    }

    /** Thin-client port of node {@code i} of this block. */
    public int clientPort(int i) {
        return base + CLIENT_OFFSET + i;
    }

    /**
     * The options that put node {@code i} (0-based, below {@value #RANGE}) in this block on 127.0.0.1, on
     * ports of its own, so a restarted node comes back on the same ones.
     */
    public Map<String, String> options(int i) {
        if (i < 0 || i >= RANGE) {
            throw new IllegalArgumentException("a port block holds nodes 0.." + (RANGE - 1) + ", not " + i);
        }
        return Map.of(
            ServerOptions.LOCAL_ADDRESS.key(), "127.0.0.1",
            ServerOptions.DISCOVERY_ADDRESSES.key(), "127.0.0.1:" + base + ".." + (base + RANGE - 1),
            ServerOptions.DISCOVERY_PORT.key(), String.valueOf(base + i),
            ServerOptions.COMMUNICATION_PORT.key(), String.valueOf(base + COMMUNICATION_OFFSET + i),
            ServerOptions.CLIENT_PORT.key(), String.valueOf(clientPort(i)),
            ServerOptions.PORT_RANGE.key(), "1");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // released with the process anyway
        }
    }
}
