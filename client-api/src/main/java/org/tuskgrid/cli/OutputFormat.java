package org.tuskgrid.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the CLI prints rows: an aligned table for people, CSV or JSON for programs. */
public enum OutputFormat {
    TABLE, CSV, JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .findAndRegisterModules()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Prints {@code rows} under {@code columns}; nulls print as {@code NULL} (table), empty (CSV) or null (JSON). */
    public void print(PrintWriter out, List<String> columns, List<? extends List<?>> rows) {
        if (this == TABLE) {
            table(out, columns, rows);
        } else {
            RowStream s = stream(out, columns);
            rows.forEach(s::row);
            s.end();
        }
        out.flush();
    }

    /** Prints rows as they come, for CSV and JSON (a table needs every row first, to size its columns). */
    public RowStream stream(PrintWriter out, List<String> columns) {
        if (this == TABLE) {
            throw new IllegalStateException("a table is printed whole");
        }
        return new RowStream(this, out, columns);
    }

    /** CSV or JSON output of one result, row by row. */
    public static final class RowStream {
        private final OutputFormat format;
        private final PrintWriter out;
        private final List<String> columns;
        private boolean first = true;

        private RowStream(OutputFormat format, PrintWriter out, List<String> columns) {
            this.format = format;
            this.out = out;
            this.columns = columns;
            out.print(format == CSV ? csvLine(columns) + System.lineSeparator() : "[");
        }

        public void row(List<?> row) {
            if (format == CSV) {
                out.println(csvLine(row));
            } else {
                out.print((first ? "" : ",") + jsonObject(columns, row));
            }
            first = false;
        }

        public void end() {
            if (format == JSON) {
                out.println("]");
            }
            out.flush();
        }
    }

    private static void table(PrintWriter out, List<String> columns, List<? extends List<?>> rows) {
        int[] width = new int[columns.size()];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).length();
        }
        for (List<?> row : rows) {
            String[] c = new String[width.length];
            for (int i = 0; i < width.length; i++) {
                c[i] = row.get(i) == null ? "NULL" : String.valueOf(row.get(i)).replace('\n', ' ');
                width[i] = Math.max(width[i], c[i].length());
            }
            cells.add(c);
        }
        out.println(line(columns.toArray(String[]::new), width, rows.isEmpty() ? null : rows.get(0)));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (int r = 0; r < cells.size(); r++) {
            out.println(line(cells.get(r), width, rows.get(r)));
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /** Numbers align right, everything else left. */
    private static String line(String[] cells, int[] width, List<?> sample) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean number = sample != null && sample.get(i) instanceof Number;
            String fmt = "%" + (number ? "" : "-") + width[i] + "s";
            sb.append(i == 0 ? "" : " | ").append(String.format(fmt, cells[i]));
        }
        return sb.toString().stripTrailing();
    }

    private static String csvLine(List<?> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            String s = v == null ? "" : String.valueOf(v);
            if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
                s = '"' + s.replace("\"", "\"\"") + '"';
            }
            sb.append(i == 0 ? "" : ",").append(s);
        }
        return sb.toString();
    }

    private static String jsonObject(List<String> columns, List<?> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object v = row.get(i);
            m.put(columns.get(i), v instanceof Number || v instanceof Boolean || v == null ? v : String.valueOf(v));
        }
        try {
            return MAPPER.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
