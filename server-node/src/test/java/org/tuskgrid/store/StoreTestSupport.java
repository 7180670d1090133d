package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.ignite.Ignite;
import org.apache.ignite.binary.BinaryObject;
import org.tuskgrid.server.Home;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;

/** Databases, node XML with a store bean and tables shaped like TuskGrid's, and JDBC checks for the store tests. */
final class StoreTestSupport {
    private StoreTestSupport() {
    }

    /** A run id that makes table names unique, so runs and parallel builds never share a table. */
    static final String RUN = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(1296), 36);

    /** The databases the tests use, with what a test needs running. */
    enum Db {
        POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "",
            "PostgreSQL on 127.0.0.1:5432 (database test, user postgres, trust auth; .ci/run starts it)"),
        MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "",
            "MariaDB on 127.0.0.1:3306 (database test, user root, no password; .ci/run starts it)"),
        /**
         * The MariaDB server through a {@code jdbc:mysql:} URL, as a MySQL user configures it. Its own database, so that its
         * tables never meet MariaDbStoreIT's of the same run.
         */
        MYSQL("jdbc:mysql://127.0.0.1:3306/tuskgrid_mysql", "root", "",
            "MariaDB on 127.0.0.1:3306 (user root, no password, allowed to create database tuskgrid_mysql; .ci/run starts it)"),
        SQLITE(null, "", "", "nothing (embedded SQLite file)");

        private final String url;
        final String user;
        final String password;
        final String needs;
        private String sqliteUrl;

        Db(String url, String user, String password, String needs) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.needs = needs;
        }

        private boolean created;

        synchronized String url() {
            if (this == MYSQL && !created) {
                try (Connection c = MARIADB.connect(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE IF NOT EXISTS tuskgrid_mysql");
                    created = true;
                } catch (SQLException e) {
                    fail("this test needs " + needs + ": " + e.getMessage());
                }
            }
            if (url != null) {
                return url;
            }
            if (sqliteUrl == null) {
                try {
                    sqliteUrl = "jdbc:sqlite:" + Files.createTempDirectory("tuskgrid-sqlite-").resolve("store.db");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sqliteUrl;
        }

        Connection connect() {
            try {
                // The test's own checks go through the MariaDB driver; the nodes get the jdbc:mysql: URL.
                String u = this == MYSQL ? "jdbc:mariadb:" + url().substring("jdbc:mysql:".length()) : url();
                return DriverManager.getConnection(u, user, password);
            } catch (SQLException e) {
                return fail("this test needs " + needs + ": " + e.getMessage());
            }
        }
    }

    /** Every SQL type TuskGrid tables use (JOBS, ALERTS, MEASUREMENTS): strings, longs, ints, doubles, booleans, timestamps. */
    static final Map<String, String> JOB_FIELDS = fields();

    private static Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ID", "java.lang.String");
        f.put("NAME", "java.lang.String");
        f.put("ATTEMPTS", "java.lang.Long");
        f.put("PRIORITY", "java.lang.Integer");
        f.put("PROGRESS", "java.lang.Double");
        f.put("DONE", "java.lang.Boolean");
        f.put("CREATED", "java.sql.Timestamp");
        f.put("NOTE", "java.lang.String");
        return f;
    }

    static String cacheXml(String name, Map<String, String> fields, int backups) {
        return cacheXml(name, fields, backups, 1024);
    }

    /** A cache with this many partitions (few keep partition rewrites cheap in a test). */
    static String cacheXml(String name, Map<String, String> fields, int backups, int partitions) {
        StringBuilder f = new StringBuilder();
        fields.forEach((k, v) -> f.append("<entry key=\"").append(k).append("\" value=\"").append(v).append("\"/>\n"));
        String keyField = fields.keySet().iterator().next();
        return """
            <bean class="org.apache.ignite.configuration.CacheConfiguration">
              <property name="name" value="%1$s"/>
              <property name="sqlSchema" value="PUBLIC"/>
              <property name="backups" value="%4$d"/>
              <property name="affinity"><bean class="org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction">
                <property name="partitions" value="%6$d"/></bean></property>
              <property name="queryEntities"><list>
                <bean class="org.apache.ignite.cache.QueryEntity">
                  <property name="keyType" value="%5$s"/>
                  <property name="valueType" value="%1$s_TYPE"/>
                  <property name="tableName" value="%1$s"/>
                  <property name="keyFieldName" value="%2$s"/>
                  <property name="fields"><map>%3$s</map></property>
                </bean>
              </list></property>
            </bean>
            """.formatted(name, keyField, f, backups, fields.get(keyField), partitions);
    }

    /** config/server.xml with these caches and a StoreSettings bean with these properties, in a temp file. */
    static Path nodeXml(Db db, String storeProperties, List<String> caches) {
        try {
            String xml = Files.readString(Home.defaultConfig());
            // Whatever store the default config has is replaced by this test's.
            xml = xml.replaceAll("(?s)<bean id=\"tuskgrid.store\".*?</bean>\\s*(?=</beans>)", "");
            int end = xml.lastIndexOf("</bean>");
            String cacheList = "<property name=\"cacheConfiguration\"><list>\n" + String.join("\n", caches) + "</list></property>\n";
            String store = """
                <bean class="org.tuskgrid.store.StoreSettings">
                  <property name="url" value="%s"/>
                  <property name="user" value="%s"/>
                  <property name="password" value="%s"/>
                  %s
                </bean>
                """.formatted(db.url(), db.user, db.password, storeProperties);
            xml = xml.substring(0, end) + cacheList + "</bean>\n" + store + xml.substring(end + "</bean>".length());
            Path file = Files.createTempFile("tuskgrid-store-", ".xml");
            Files.writeString(file, xml);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shipped node XML with these caches added and its own store bean kept. */
    static Path withCaches(Path shipped, List<String> caches) {
        try {
            String xml = Files.readString(shipped);
            int end = xml.indexOf("    </bean>\n\n    <!--");
            String cacheList = "<property name=\"cacheConfiguration\"><list>\n" + String.join("\n", caches) + "</list></property>\n";
            Path file = Files.createTempFile("tuskgrid-shipped-", ".xml");
            Files.writeString(file, xml.substring(0, end) + cacheList + xml.substring(end));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tables(Map<String, String> cacheToMode) {
        StringBuilder sb = new StringBuilder("<property name=\"tables\"><map>");
        cacheToMode.forEach((c, m) -> sb.append("<entry key=\"").append(c).append("\" value=\"").append(m).append("\"/>"));
        return sb.append("</map></property>").toString();
    }

    /**
     * In-process nodes named {@code name} with one PostgreSQL write-behind table (backups 1) flushing every 10 minutes
     * at most, plus {@code storeProperties}.
     */
    static LocalCluster postgresWriteBehind(String name, int nodes, String table, String storeProperties) {
        return LocalCluster.builder().nodes(nodes).namePrefix(name)
            .config(nodeXml(Db.POSTGRES, tables(Map.of(table, "write-behind")) + "<property name=\"flushInterval\" value=\"10m\"/>"
                + storeProperties, List.of(cacheXml(table, JOB_FIELDS, 1))))
            .option(ServerOptions.MEMORY.key(), "128m").option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "3s").start();
    }

    /** Rows 0..n-1 of {@link #job} put through node 0 in one {@code putAll}. */
    static void putJobs(LocalCluster c, String table, int n) {
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            rows.put(key(i), job(c.ignite(0), table, i));
        }
        c.ignite(0).cache(table).withKeepBinary().putAll(rows);
    }

    /** A job-shaped row for key {@code i}. */
    static BinaryObject job(Ignite ignite, String cache, int i) {
        return jobBinary(ignite.binary(), cache, i);
    }

    static BinaryObject jobBinary(org.apache.ignite.IgniteBinary binary, String cache, int i) {
        return binary.builder(cache + "_TYPE")
            .setField("NAME", "job-" + i + "-é✓", String.class)
            .setField("ATTEMPTS", 10_000_000_000L + i, Long.class)
            .setField("PRIORITY", i % 7, Integer.class)
            .setField("PROGRESS", i / 3.0, Double.class)
            .setField("DONE", i % 2 == 0, Boolean.class)
            .setField("CREATED", new Timestamp(1_700_000_000_000L + i * 1000L + 123), Timestamp.class)
            .setField("NOTE", i % 3 == 0 ? null : "note " + i, String.class)
            .build();
    }

    static String key(int i) {
        return "job-" + i;
    }

    static long count(Db db, String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table.toLowerCase(Locale.ROOT))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (e.getMessage().contains("exist") || e.getMessage().contains("no such table")) {
                return -1;
            }
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the table holds {@code expected} rows. */
    static long awaitCount(Db db, String table, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = -1;
        while (System.nanoTime() < deadline) {
            n = count(db, table);
            if (n == expected) {
                return n;
            }
            Thread.sleep(200);
        }
        return n;
    }

    /** Asserts the database row of key {@code i} holds exactly what {@link #job} wrote. */
    static Map<String, Object> dbRow(Db db, String table, String key) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
            "SELECT name, attempts, priority, progress, done, created, note FROM " + table.toLowerCase(Locale.ROOT) + " WHERE id = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("NAME", rs.getString(1));
                m.put("ATTEMPTS", rs.getLong(2));
                m.put("PRIORITY", rs.getInt(3));
                m.put("PROGRESS", rs.getDouble(4));
                m.put("DONE", rs.getBoolean(5));
                m.put("CREATED", rs.getTimestamp(6));
                m.put("NOTE", rs.getString(7));
                return m;
            }
        }
    }

    static Map<String, Object> expected(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NAME", "job-" + i + "-é✓");
        m.put("ATTEMPTS", 10_000_000_000L + i);
        m.put("PRIORITY", i % 7);
        m.put("PROGRESS", i / 3.0);
        m.put("DONE", i % 2 == 0);
        m.put("CREATED", new Timestamp(1_700_000_000_000L + i * 1000L + 123));
        m.put("NOTE", i % 3 == 0 ? null : "note " + i);
        return m;
    }

    /** Inserts job rows straight into the database (creating nothing: the store created the table). */
    static void insertIntoDb(Db db, String table, int from, int to) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.toLowerCase(Locale.ROOT)
            + " (id, name, attempts, priority, progress, done, created, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = from; i < to; i++) {
                Map<String, Object> m = expected(i);
                ps.setString(1, key(i));
                ps.setString(2, (String) m.get("NAME"));
                ps.setLong(3, (Long) m.get("ATTEMPTS"));
                ps.setInt(4, (Integer) m.get("PRIORITY"));
                ps.setDouble(5, (Double) m.get("PROGRESS"));
                ps.setBoolean(6, (Boolean) m.get("DONE"));
                ps.setTimestamp(7, (Timestamp) m.get("CREATED"));
                ps.setString(8, (String) m.get("NOTE"));
                ps.addBatch();
                if ((i - from) % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }
}
