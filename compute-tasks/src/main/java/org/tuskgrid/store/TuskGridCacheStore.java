package org.tuskgrid.store;

import java.io.Serializable;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import org.apache.ignite.Ignite;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.store.CacheStore;
import org.apache.ignite.cache.store.CacheStoreAdapter;
import org.apache.ignite.lang.IgniteBiInClosure;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * The cache store Ignite calls for a stored cache. Reads go to the database; writes go to it directly
 * (write-through) or are recorded in the node's {@link WriteBehindQueue} (write-behind). Errors reach
 * the caller as one line naming cache, table and cause; logging is left to {@link StoreHealth}.
 */
final class TuskGridCacheStore extends CacheStoreAdapter<Object, Object> {
    private static final int LOAD_PARALLELISM = 4;

    @IgniteInstanceResource
    private Ignite ignite;

    private final String cacheName;
    private StoredCache stored;

    TuskGridCacheStore(String cacheName) {
        this.cacheName = cacheName;
    }

    /** Creates the store on each node; it finds that node's settings by the Ignite instance it is injected into. */
    static final class Factory implements javax.cache.configuration.Factory<CacheStore<Object, Object>>, Serializable {
        private static final long serialVersionUID = 1L;
        private final String cacheName;

        Factory(String cacheName) {
            this.cacheName = cacheName;
        }

        @Override
        public CacheStore<Object, Object> create() {
            return new TuskGridCacheStore(cacheName);
        }
    }

    private StoredCache stored() {
        if (stored == null) {
            stored = StoreRuntime.of(ignite.name()).cache(cacheName);
        }
        return stored;
    }

    @Override
    public Object load(Object key) {
        StoredCache s = stored();
        try {
            return s.table().load(ignite.binary(), key);
        } catch (SQLException e) {
            s.health().problem(e);
            throw new CacheLoaderException(s.health().what() + ": " + StoreHealth.oneLine(e), e);
        }
    }

    @Override
    public Map<Object, Object> loadAll(Iterable<?> keys) {
        StoredCache s = stored();
        try {
            return new LinkedHashMap<>(s.table().loadAll(ignite.binary(), keys));
        } catch (SQLException e) {
            s.health().problem(e);
            throw new CacheLoaderException(s.health().what() + ": " + StoreHealth.oneLine(e), e);
        }
    }

    @Override
    public void loadCache(IgniteBiInClosure<Object, Object> clo, Object... args) {
        StoredCache s = stored();
        try {
            s.table().loadEverything(ignite.binary(), clo::apply, LOAD_PARALLELISM);
        } catch (SQLException e) {
            s.health().problem(e);
            throw new CacheLoaderException(s.health().what() + ": " + StoreHealth.oneLine(e), e);
        }
    }

    @Override
    public void write(Cache.Entry<?, ?> entry) {
        writeAll(java.util.List.of(entry));
    }

    @Override
    public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
        StoredCache s = stored();
        if (s.queue() != null) {
            for (Cache.Entry<?, ?> e : entries) {
                s.queue().add(ignite, e.getKey(), e.getValue());
            }
            return;
        }
        Map<Object, BinaryObject> rows = new LinkedHashMap<>();
        for (Cache.Entry<?, ?> e : entries) {
            rows.put(e.getKey(), (BinaryObject) e.getValue());
        }
        try {
            s.table().upsert(rows);
            s.health().success(rows.size());
        } catch (SQLException e) {
            s.health().failure(e, "0");
            throw new CacheWriterException(s.health().what() + ": " + StoreHealth.oneLine(e), e);
        }
    }

    @Override
    public void delete(Object key) {
        deleteAll(java.util.List.of(key));
    }

    @Override
    public void deleteAll(Collection<?> keys) {
        StoredCache s = stored();
        if (s.queue() != null) {
            for (Object k : keys) {
                s.queue().add(ignite, k, null);
            }
            return;
        }
        try {
            s.table().delete(keys);
            s.health().success(keys.size());
        } catch (SQLException e) {
            s.health().failure(e, "0");
            throw new CacheWriterException(s.health().what() + ": " + StoreHealth.oneLine(e), e);
        }
    }
}
