package org.tuskgrid.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@link TuskGridClient#sql}: column names (as the server reports them, upper case
 * unless quoted) and rows. Immutable.
 */
public final class SqlResult {
    private final List<String> columns;
    private final List<Row> rows;

    public SqlResult(List<String> columns, List<List<?>> values) {
        this.columns = List.copyOf(columns);
        List<Row> list = new ArrayList<>(values.size());
        for (List<?> v : values) {
            list.add(new Row(this.columns, v));
        }
        this.rows = List.copyOf(list);
    }

    public List<String> columns() {
        return columns;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The first column of the first row, for queries like {@code SELECT COUNT(*)}; null when there is no row. */
    public Object scalar() {
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
