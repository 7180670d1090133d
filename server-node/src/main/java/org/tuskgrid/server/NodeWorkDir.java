package org.tuskgrid.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tuskgrid.config.ConfigException;

/**
 * A node's own work directory, {@code <work root>/<node name>}, held with a file lock while the node
 * runs. The lock is what lets nodes started with no {@code --name} pick names on their own
 * ({@code node-0}, {@code node-1}, ...) and get the same directory back after a restart.
 */
public final class NodeWorkDir implements AutoCloseable {
    private static final String LOCK_FILE = "node.lock";
    private static final int MAX_SLOTS = 1000;

    private final String name;
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private NodeWorkDir(String name, Path dir, FileChannel channel, FileLock lock) {
        this.name = name;
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code root/name}, or with a null name the first free {@code root/node-N}.
     *
     * @throws ConfigException when the named directory is held by a running node
     */
    public static NodeWorkDir acquire(Path root, String name) {
        if (name != null) {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new ConfigException("node name '" + name + "' may only use letters, digits, '.', '_' and '-'");
            }
            NodeWorkDir d = tryLock(root, name);
            if (d == null) {
                throw new ConfigException("a node named '" + name + "' is already running with work directory "
                    + root.resolve(name) + "; choose another --name");
            }
            return d;
        }
        for (int i = 0; i < MAX_SLOTS; i++) {
            NodeWorkDir d = tryLock(root, "node-" + i);
            if (d != null) {
                return d;
            }
        }
        throw new ConfigException("no free work directory among " + root + "/node-0.." + (MAX_SLOTS - 1));
    }

    private static NodeWorkDir tryLock(Path root, String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another node in this same JVM
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            return new NodeWorkDir(name, dir, ch, lock);
        } catch (IOException e) {
            throw new ConfigException("cannot use work directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process is letting go of the directory anyway
        }
    }
}
