package org.tuskgrid.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * A cache's SQL fields as database columns, derived from its one {@link QueryEntity}: the key field
 * becomes the primary key, every other field a column of the same name in lower case, so no table
 * needs a hand-written mapping.
 *
 * @param cache     cache (and grid table) name
 * @param table     database table name
 * @param valueType binary type name of the cache values
 * @param key       the key column
 * @param values    the other columns, in the entity's field order
 */
record TableMapping(String cache, String table, String valueType, Column key, List<Column> values) {

    /** One column: the grid's field name, the database's column name, its type. */
    record Column(String field, String name, ColumnType type) {
    }

    /** @throws IllegalArgumentException naming the cache and what it lacks */
    static TableMapping of(CacheConfiguration<?, ?> cfg) {
        Collection<QueryEntity> entities = cfg.getQueryEntities();
        if (entities == null || entities.size() != 1) {
            throw new IllegalArgumentException("cache " + cfg.getName() + " needs exactly one QueryEntity to be stored, it has "
                + (entities == null ? 0 : entities.size()));
        }
        QueryEntity e = entities.iterator().next();
        String keyField = e.getKeyFieldName();
        if (keyField == null || !e.getFields().containsKey(keyField)) {
            throw new IllegalArgumentException("cache " + cfg.getName() + " needs a single-column key (QueryEntity keyFieldName)");
        }
        Column key = null;
        List<Column> values = new ArrayList<>();
        for (Map.Entry<String, String> f : e.getFields().entrySet()) {
            ColumnType type;
            try {
                type = ColumnType.of(f.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("cache " + cfg.getName() + ", field " + f.getKey() + ": " + ex.getMessage());
            }
            Column c = new Column(f.getKey(), f.getKey().toLowerCase(Locale.ROOT), type);
            if (f.getKey().equals(keyField)) {
                key = c;
            } else {
                values.add(c);
            }
        }
        String table = e.getTableName() != null ? e.getTableName() : cfg.getName();
        return new TableMapping(cfg.getName(), table.toLowerCase(Locale.ROOT), e.findValueType(), key, List.copyOf(values));
    }

    /** Key column first, then the others. */
    List<Column> columns() {
        List<Column> all = new ArrayList<>(values.size() + 1);
        all.add(key);
        all.addAll(values);
        return all;
    }

    List<String> columnNames() {
        return columns().stream().map(Column::name).toList();
    }

    String createTable(Dialect d) {
        StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(d.quote(table)).append(" (");
        for (Column c : columns()) {
            sb.append(d.quote(c.name())).append(' ').append(d.sqlType(c.type(), c == key));
            if (c == key) {
                sb.append(" PRIMARY KEY");
            }
            sb.append(", ");
        }
        sb.setLength(sb.length() - 2);
        return sb.append(')').toString();
    }

    String upsert(Dialect d) {
        return d.upsert(table, key.name(), columnNames());
    }

    String select(Dialect d) {
        return "SELECT " + String.join(", ", columnNames().stream().map(d::quote).toList()) + " FROM " + d.quote(table);
    }

    String selectByKey(Dialect d) {
        return select(d) + " WHERE " + d.quote(key.name()) + " = ?";
    }

    String delete(Dialect d) {
        return "DELETE FROM " + d.quote(table) + " WHERE " + d.quote(key.name()) + " = ?";
    }
}
