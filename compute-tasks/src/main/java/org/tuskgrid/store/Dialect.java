package org.tuskgrid.store;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What differs between the supported databases: column types, identifier quoting, the upsert statement, driver tuning. */
enum Dialect {
    POSTGRESQL("jdbc:postgresql:", '"'),
    MARIADB("jdbc:mariadb:", '`'),
    MYSQL("jdbc:mysql:", '`'),
    SQLITE("jdbc:sqlite:", '"');

    private final String urlPrefix;
    private final char quote;

    Dialect(String urlPrefix, char quote) {
        this.urlPrefix = urlPrefix;
        this.quote = quote;
    }

    /** @throws IllegalArgumentException when the URL names no supported database */
    static Dialect of(String jdbcUrl) {
        for (Dialect d : values()) {
            if (jdbcUrl.startsWith(d.urlPrefix)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported JDBC URL " + jdbcUrl
            + " (expected jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: or jdbc:sqlite:)");
    }

    /**
     * The URL to open connections with. The MariaDB driver TuskGrid ships takes {@code jdbc:mysql:} URLs only with
     * {@code permitMysqlScheme}; without MySQL's own Connector/J on the classpath (GPL, so not shipped) a
     * {@code jdbc:mysql:} URL goes to the MariaDB driver with that flag, which speaks MySQL's protocol.
     */
    String driverUrl(String url) {
        if (this != MYSQL || url.contains("permitMysqlScheme") || mysqlConnectorPresent()) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    private static boolean mysqlConnectorPresent() {
        try {
            Class.forName("com.mysql.cj.jdbc.Driver", false, Dialect.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    String quote(String identifier) {
        return quote + identifier + quote;
    }

    boolean isMySqlFamily() {
        return this == MARIADB || this == MYSQL;
    }

    /** Driver settings that make batches fast: one multi-row statement per batch instead of a round trip per row. */
    Map<String, String> driverProperties() {
        return switch (this) {
            case POSTGRESQL -> Map.of("reWriteBatchedInserts", "true");
            case MYSQL -> Map.of("rewriteBatchedStatements", "true");
            case MARIADB -> Map.of();
            case SQLITE -> Map.of("journal_mode", "WAL", "busy_timeout", "30000", "synchronous", "NORMAL");
        };
    }

    String sqlType(ColumnType t, boolean key) {
        return switch (t) {
            case STRING -> key ? "VARCHAR(255)" : isMySqlFamily() ? "LONGTEXT" : "TEXT";
            case LONG -> this == SQLITE ? "INTEGER" : "BIGINT";
            case INT -> "INTEGER";
            case SHORT -> "SMALLINT";
            case DOUBLE -> this == POSTGRESQL ? "DOUBLE PRECISION" : this == SQLITE ? "REAL" : "DOUBLE";
            case FLOAT -> this == SQLITE ? "REAL" : isMySqlFamily() ? "FLOAT" : "REAL";
            case BOOLEAN -> this == SQLITE ? "INTEGER" : "BOOLEAN";
            case DECIMAL -> "DECIMAL(38,10)";
            case TIMESTAMP -> this == POSTGRESQL ? "TIMESTAMP" : isMySqlFamily() ? "DATETIME(6)" : "INTEGER";
            case DATE -> this == SQLITE ? "INTEGER" : "DATE";
            case UUID_TYPE -> "VARCHAR(36)";
            case BYTES -> this == POSTGRESQL ? "BYTEA" : isMySqlFamily() ? "LONGBLOB" : "BLOB";
        };
    }

    /** INSERT of every column that updates the row when the key exists: idempotent, so replays are harmless. */
    String upsert(String table, String keyColumn, List<String> columns) {
        String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        String params = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        List<String> others = columns.stream().filter(c -> !c.equals(keyColumn)).toList();
        String insert = "INSERT INTO " + quote(table) + " (" + cols + ") VALUES (" + params + ")";
        if (isMySqlFamily()) {
            String set = others.isEmpty() ? quote(keyColumn) + " = " + quote(keyColumn)
                : others.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")").collect(Collectors.joining(", "));
            return insert + " ON DUPLICATE KEY UPDATE " + set;
        }
        String conflict = " ON CONFLICT (" + quote(keyColumn) + ")";
        if (others.isEmpty()) {
            return insert + conflict + " DO NOTHING";
        }
        return insert + conflict + " DO UPDATE SET "
            + others.stream().map(c -> quote(c) + " = excluded." + quote(c)).collect(Collectors.joining(", "));
    }
}
