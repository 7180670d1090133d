package org.tuskgrid.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** One row of a {@link SqlResult}; values are looked up by position or by column name (case-insensitive). */
public final class Row {
    private final List<String> columns;
    private final List<Object> values;

    Row(List<String> columns, List<?> values) {
        this.columns = columns;
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public Object get(int index) {
        return values.get(index);
    }

    /** @throws IllegalArgumentException naming the columns there are when {@code column} is not one of them */
    public Object get(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(column)) {
                return values.get(i);
            }
        }
        throw new IllegalArgumentException("no column '" + column + "' in " + columns);
    }

    /** A number column as long (SQL integers arrive as Integer, Long, BigDecimal... depending on the query). */
    public long getLong(String column) {
        return ((Number) get(column)).longValue();
    }

    public double getDouble(String column) {
        return ((Number) get(column)).doubleValue();
    }

    public String getString(String column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    public List<Object> values() {
        return values;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(columns.get(i).toLowerCase(Locale.ROOT)).append('=').append(values.get(i));
        }
        return sb.append('}').toString();
    }
}
