package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.junit.jupiter.api.Test;
import org.tuskgrid.server.Home;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.store.StoreTestSupport.Db;

/**
 * The configurations in {@code config/} as shipped: the default one keeps JOBS and ALERTS in SQLite
 * across a restart of the whole cluster; the PostgreSQL and MariaDB ones store the example CUSTOMERS
 * table. Needs PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306 (database test).
 */
class ShippedConfigsIT {
    private static LocalCluster.Builder cluster(Path xml, Path workDir, int nodes) {
        return LocalCluster.builder().nodes(nodes).config(xml).workDir(workDir).namePrefix("ShippedConfigsIT")
            .option(ServerOptions.MEMORY.key(), "128m").option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "3s");
    }

    @Test
    void theDefaultConfigKeepsJobsAndAlertsAcrossAFullClusterRestart() throws Exception {
        // JOBS and ALERTS come from other capabilities; shaped like them here so this holds on its own.
        Path xml = StoreTestSupport.withCaches(Home.defaultConfig(), List.of(StoreTestSupport.cacheXml("JOBS", StoreTestSupport.JOB_FIELDS, 1),
            StoreTestSupport.cacheXml("ALERTS", StoreTestSupport.JOB_FIELDS, 1)));
        Path work = Files.createTempDirectory("tuskgrid-restart-");
        try (LocalCluster c = cluster(xml, work, 2).start()) {
            for (int i = 0; i < 500; i++) {
                c.ignite(0).cache("JOBS").withKeepBinary().put(StoreTestSupport.key(i), StoreTestSupport.job(c.ignite(0), "JOBS", i));
                c.ignite(1).cache("ALERTS").withKeepBinary().put(StoreTestSupport.key(i), StoreTestSupport.job(c.ignite(1), "ALERTS", i));
            }
        }
        assertThat(work.resolve("tuskgrid.db")).exists();
        try (LocalCluster c = cluster(xml, work, 2).start()) {
            for (String t : List.of("JOBS", "ALERTS")) {
                assertThat(c.ignite(1).cache(t).query(new SqlFieldsQuery("SELECT COUNT(*) FROM " + t)).getAll().get(0).get(0))
                    .as(t + " rows after the restart").isEqualTo(500L);
            }
        }
    }

    @Test
    void thePostgresConfigStoresTheExampleCustomersTable() throws Exception {
        customersReachTheDatabase(Home.dir().resolve("config/server-postgres.xml"), Db.POSTGRES);
    }

    @Test
    void theMariaDbConfigStoresTheExampleCustomersTable() throws Exception {
        customersReachTheDatabase(Home.dir().resolve("config/server-mariadb.xml"), Db.MARIADB);
    }

    private static void customersReachTheDatabase(Path xml, Db db) throws Exception {
        db.connect().close();
        long id = System.nanoTime();
        try (LocalCluster c = cluster(xml, Files.createTempDirectory("tuskgrid-shipped-"), 1).start()) {
            c.ignite(0).cache("CUSTOMERS").query(new SqlFieldsQuery(
                "INSERT INTO CUSTOMERS (ID, NAME, EMAIL, COUNTRY, BALANCE, ACTIVE, CREATED) VALUES (?, 'Ana', 'ana@example.org', 'PT', 12.5, true, CURRENT_TIMESTAMP())")
                .setArgs(id)).getAll();
            long deadline = System.nanoTime() + 20_000_000_000L;
            String name = null;
            while (name == null && System.nanoTime() < deadline) {
                try (Connection conn = db.connect(); PreparedStatement ps = conn.prepareStatement("SELECT name FROM customers WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        name = rs.next() ? rs.getString(1) : null;
                    }
                } catch (java.sql.SQLException tableNotYetCreated) {
                    // The store creates the table on its first use.
                }
                Thread.sleep(200);
            }
            assertThat(name).isEqualTo("Ana");
            c.ignite(0).cache("CUSTOMERS").remove(id);
        }
    }
}
