package org.tuskgrid.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.apache.ignite.IgniteBinary;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.binary.BinaryObjectBuilder;
import org.apache.ignite.binary.BinaryField;
import org.apache.ignite.binary.BinaryType;

/** The SQL one cache's table needs: schema check and creation, batched upserts and deletes, key and bulk reads. */
final class JdbcTable {
    private static final int FETCH_SIZE = 10_000;

    private final TableMapping mapping;
    private final Dialect dialect;
    private final DataSource ds;
    private final int batchSize;
    private final String upsertSql;
    private final String deleteSql;
    private final String selectByKeySql;

    JdbcTable(TableMapping mapping, Dialect dialect, DataSource ds, int batchSize) {
        this.mapping = mapping;
        this.dialect = dialect;
        this.ds = ds;
        this.batchSize = batchSize;
        this.upsertSql = mapping.upsert(dialect);
        this.deleteSql = mapping.delete(dialect);
        this.selectByKeySql = mapping.selectByKey(dialect);
    }

    TableMapping mapping() {
        return mapping;
    }

    String ddl() {
        return mapping.createTable(dialect);
    }

    /**
     * Creates the table when it is missing (if allowed) and checks that it has every column the cache has.
     *
     * @throws SQLException when the database cannot be reached or the table does not fit, with a message saying which
     */
    void ensureSchema(boolean create) throws SQLException {
        try (Connection c = ds.getConnection()) {
            Set<String> actual = columns(c);
            if (actual.isEmpty()) {
                if (!create) {
                    throw new SQLException("table " + mapping.table() + " does not exist (and createTables is off)", "42P01");
                }
                try (Statement s = c.createStatement()) {
                    s.execute(ddl());
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                actual = columns(c);
            }
            List<String> missing = new ArrayList<>();
            for (String col : mapping.columnNames()) {
                if (!actual.contains(col)) {
                    missing.add(col);
                }
            }
            if (!missing.isEmpty()) {
                throw new SQLException("table " + mapping.table() + " has no column(s) " + String.join(", ", missing)
                    + " (it has " + String.join(", ", actual) + ")", "42703");
            }
        }
    }

    private Set<String> columns(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = dialect.isMySqlFamily() ? c.getCatalog() : null;
        String schema = dialect == Dialect.POSTGRESQL ? c.getSchema() : null;
        Set<String> out = new HashSet<>();
        try (ResultSet rs = md.getColumns(catalog, schema, mapping.table(), null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Upserts the rows in batches, one transaction per batch. */
    void upsert(Map<Object, BinaryObject> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<TableMapping.Column> values = mapping.values();
        // A BinaryField resolves the field once for the type instead of by name for every row.
        BinaryType type = rows.values().iterator().next().type();
        BinaryField[] fields = new BinaryField[values.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = type.field(values.get(i).field());
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
                int n = 0;
                for (Map.Entry<Object, BinaryObject> e : rows.entrySet()) {
                    mapping.key().type().bind(ps, 1, e.getKey());
                    BinaryObject v = e.getValue();
                    for (int i = 0; i < values.size(); i++) {
                        values.get(i).type().bind(ps, i + 2, fields[i].value(v));
                    }
                    ps.addBatch();
                    if (++n % batchSize == 0) {
                        ps.executeBatch();
                    }
                }
                if (n % batchSize != 0) {
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    void delete(Collection<?> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
                for (Object k : keys) {
                    mapping.key().type().bind(ps, 1, k);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the original error is the one to report.
        }
    }

    /** The row of one key as the cache's value, or null. */
    BinaryObject load(IgniteBinary binary, Object key) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(selectByKeySql)) {
            mapping.key().type().bind(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? value(binary, rs) : null;
            }
        }
    }

    Map<Object, BinaryObject> loadAll(IgniteBinary binary, Iterable<?> keys) throws SQLException {
        Map<Object, BinaryObject> out = new HashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(selectByKeySql)) {
            for (Object key : keys) {
                mapping.key().type().bind(ps, 1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(key, value(binary, rs));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Streams every row to {@code sink}. A numeric key is split into {@code parallelism} ranges read on
     * parallel connections; other keys are read in one stream.
     *
     * @return rows read
     */
    long loadEverything(IgniteBinary binary, BiConsumer<Object, BinaryObject> sink, int parallelism) throws SQLException {
        AtomicLong count = new AtomicLong();
        ColumnType kt = mapping.key().type();
        boolean numeric = kt == ColumnType.LONG || kt == ColumnType.INT || kt == ColumnType.SHORT;
        long[] bounds = numeric && parallelism > 1 ? keyBounds() : null;
        if (bounds == null) {
            stream(binary, sink, mapping.select(dialect), null, count);
            return count.get();
        }
        long min = bounds[0];
        long max = bounds[1];
        long step = Math.max(1, (max - min) / parallelism + 1);
        String rangeSql = mapping.select(dialect) + " WHERE " + dialect.quote(mapping.key().name()) + " >= ? AND "
            + dialect.quote(mapping.key().name()) + " < ?";
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "tuskgrid-load-" + mapping.cache());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (long lo = min; lo <= max; lo += step) {
                long[] range = {lo, lo + step > max ? max + 1 : lo + step};
                parts.add(pool.submit(() -> {
                    stream(binary, sink, rangeSql, range, count);
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading " + mapping.table(), e);
        } finally {
            pool.shutdownNow();
        }
        return count.get();
    }

    private long[] keyBounds() throws SQLException {
        String k = dialect.quote(mapping.key().name());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + dialect.quote(mapping.table()))) {
            rs.next();
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
        }
    }

    private void stream(IgniteBinary binary, BiConsumer<Object, BinaryObject> sink, String sql, long[] range, AtomicLong count)
        throws SQLException {
        try (Connection c = ds.getConnection()) {
            // PostgreSQL streams a result set only inside a transaction; otherwise it buffers every row in memory.
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(FETCH_SIZE);
                if (range != null) {
                    ps.setLong(1, range[0]);
                    ps.setLong(2, range[1]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(mapping.key().type().read(rs, 1), value(binary, rs));
                        count.incrementAndGet();
                    }
                }
            } finally {
                c.commit();
            }
        }
    }

    /**
     * Builds one value with every column in the table's field order, so that this node knows that binary
     * schema. Seen here: values written by a thin client whose schema one node never received (Ignite then
     * waits 30 s per read and fails with "Cannot find metadata for object with compact footer"); building
     * the same schema on the node registers it cluster-wide.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void registerValueSchema(IgniteBinary binary) {
        BinaryObjectBuilder b = binary.builder(mapping.valueType());
        for (TableMapping.Column col : mapping.values()) {
            b.setField(col.field(), null, (Class) col.type().javaClass);
        }
        b.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private BinaryObject value(IgniteBinary binary, ResultSet rs) throws SQLException {
        BinaryObjectBuilder b = binary.builder(mapping.valueType());
        List<TableMapping.Column> values = mapping.values();
        for (int i = 0; i < values.size(); i++) {
            TableMapping.Column col = values.get(i);
            b.setField(col.field(), col.type().read(rs, i + 2), (Class) col.type().javaClass);
        }
        return b.build();
    }
}
