package org.tuskgrid.node;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.tuskgrid.config.ConfigOption;

/** What a {@link NodeExtension} knows about the node it extends. */
public final class NodeContext {
    private final IgniteConfiguration config;
    private final List<Object> beans;
    private final Path workDir;
    private final Map<String, String> overrides;

    public NodeContext(IgniteConfiguration config, List<Object> beans, Path workDir, Map<String, String> overrides) {
        this.config = config;
        this.beans = List.copyOf(beans);
        this.workDir = workDir;
        this.overrides = Map.copyOf(overrides);
    }

    /** The Ignite configuration, still changeable in {@link NodeExtension#configure}. */
    public IgniteConfiguration config() {
        return config;
    }

    /** Adds a cache (a table) to the node's static caches, after those of the XML. */
    @SuppressWarnings("rawtypes")
    public void addCache(CacheConfiguration<?, ?> cache) {
        CacheConfiguration[] old = config.getCacheConfiguration() == null ? new CacheConfiguration[0] : config.getCacheConfiguration();
        CacheConfiguration[] all = Arrays.copyOf(old, old.length + 1);
        all[old.length] = cache;
        config.setCacheConfiguration(all);
    }

    /** Makes Ignite record these events, so that extensions can listen to them locally. */
    public void addEventTypes(int... types) {
        int[] old = config.getIncludeEventTypes() == null ? new int[0] : config.getIncludeEventTypes();
        int[] all = Arrays.copyOf(old, old.length + types.length);
        System.arraycopy(types, 0, all, old.length, types.length);
        config.setIncludeEventTypes(all);
    }

    /** The node name (also its consistent id). */
    public String nodeName() {
        return config.getIgniteInstanceName();
    }

    /** The node's own work directory, kept across restarts of a node with the same name. */
    public Path workDir() {
        return workDir;
    }

    /** A bean of this type declared in the node's Spring XML next to the IgniteConfiguration, if any. */
    public <T> Optional<T> bean(Class<T> type) {
        return beans.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** An option's value: node overrides, then {@code -D}, then the environment, then its default. */
    public <T> T option(ConfigOption<T> option) {
        return option.resolve(overrides, System.getenv());
    }
}
