package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.time.Duration;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
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
        Path work = Files.createTempDirectory("tuskgrid-restart-");
        long jobs;
        long alerts;
        try (LocalCluster c = cluster(Home.defaultConfig(), work, 2).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build())) {
            for (int i = 0; i < 20; i++) {
                client.tasks().run("echo", "{\"i\":" + i + "}", TaskOptions.defaults(), Duration.ofMinutes(1));
            }
            client.analytics().addRule(AlertRule.builder("hot").sensors("t-*").kind(RuleKind.ABOVE).threshold(10)
                .severity(Severity.WARNING).cooldown(Duration.ofMillis(1)).build());
            List<Measurement> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                batch.add(Measurement.of("t-" + (i % 3), 1_000_000L + i * 1000L, 50));
            }
            client.analytics().ingest(batch).join();
            long deadline = System.nanoTime() + 20_000_000_000L;
            do {
                jobs = count(client, "SELECT COUNT(*) FROM JOBS WHERE STATUS = 'SUCCEEDED'");
                alerts = count(client, "SELECT COUNT(*) FROM ALERTS");
            } while ((jobs < 20 || alerts < 30) && System.nanoTime() < deadline && sleep());
            assertThat(jobs).isEqualTo(20);
            assertThat(alerts).isEqualTo(30);
        } // a clean stop: write-behind flushes first
        assertThat(work.resolve("tuskgrid.db")).exists();
        try (LocalCluster c = cluster(Home.defaultConfig(), work, 2).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build())) {
            assertThat(count(client, "SELECT COUNT(*) FROM JOBS WHERE STATUS = 'SUCCEEDED'")).as("JOBS after a full restart").isEqualTo(jobs);
            assertThat(count(client, "SELECT COUNT(*) FROM ALERTS")).as("ALERTS after a full restart").isEqualTo(alerts);
        }
    }

    private static long count(TuskGridClient client, String sql) {
        return ((Number) client.sql(sql).scalar()).longValue();
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
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
