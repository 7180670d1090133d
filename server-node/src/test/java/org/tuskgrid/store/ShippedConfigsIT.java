package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.time.Duration;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.tuskgrid.client.Alert;
import org.tuskgrid.client.AlertFilter;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.AlertSubscription;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.TaskOptions;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.jobs.internal.JobsExtension;
import org.junit.jupiter.api.Test;
import org.tuskgrid.server.Home;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.store.StoreTestSupport.Db;

/**
 * The configurations in {@code config/} as shipped: the default one keeps JOBS and ALERTS in SQLite
 * across a restart of the whole cluster; the PostgreSQL and MariaDB ones store the example CUSTOMERS
 * table. Needs PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306 (database test), and the right to stop and
 * start that PostgreSQL with pg_ctlcluster for a few seconds (as {@link WriteBehindOutageIT}).
 */
class ShippedConfigsIT {
    private static LocalCluster.Builder cluster(Path xml, Path workDir, int nodes) {
        return LocalCluster.builder().nodes(nodes).config(xml).workDir(workDir).namePrefix("ShippedConfigsIT")
            .option(ServerOptions.MEMORY.key(), "128m").option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "3s");
    }

    @Test
    void theDefaultConfigKeepsJobsRulesAndAlertsAcrossAFullClusterRestart() throws Exception {
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

            // Rules come back from SQLite without an ID field in their values (the key is the ID column): listed and firing.
            assertThat(client.analytics().rules()).extracting(AlertRule::id, AlertRule::sensorPattern).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hot", "t-*"));
            client.analytics().ingest(List.of(Measurement.of("t-9", 2_000_000L, 50))).join();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> count(client, "SELECT COUNT(*) FROM ALERTS WHERE SENSOR_ID = 't-9' AND RULE_ID = 'hot'") == 1);
        }
    }

    @Test
    void finishedJobsPastTheirRetentionLeaveTheGridAndSqlite() throws Exception {
        Path work = Files.createTempDirectory("tuskgrid-retention-");
        try (LocalCluster c = cluster(Home.defaultConfig(), work, 1).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build())) {
            for (int i = 0; i < 5; i++) {
                client.tasks().run("echo", "{}", TaskOptions.defaults(), Duration.ofMinutes(1));
            }
        } // 24 h retention: the rows stay, and reach SQLite at the clean stop
        assertThat(sqliteJobs(work)).isEqualTo(5);
        // Restarted with a 2 s retention: the rows come back from SQLite (older than that), then go from both.
        try (LocalCluster c = cluster(Home.defaultConfig(), work, 1).option(JobsExtension.RETENTION.key(), "2s").start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(client, "SELECT COUNT(*) FROM JOBS") == 0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sqliteJobs(work) == 0);
        }
    }

    private static long sqliteJobs(Path work) throws java.sql.SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("tuskgrid.db"));
             ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM jobs")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void alertsLoadedFromTheDatabaseReachSubscribersWithTheirIds() throws Exception {
        Path work = Files.createTempDirectory("tuskgrid-load-alerts-");
        try (LocalCluster c = cluster(Home.defaultConfig(), work, 1).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build());
             IgniteClient plain = Ignition.startClient(new ClientConfiguration().setAddresses(c.clientAddresses().toArray(String[]::new)))) {
            List<Alert> got = new CopyOnWriteArrayList<>();
            try (AlertSubscription sub = client.alerts().subscribe(AlertFilter.all(), got::add)) {
                // A row written behind the grid's back, as a node finds it when it loads ALERTS at start: the key column
                // ID is not part of the loaded value.
                try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("tuskgrid.db"));
                     PreparedStatement ps = db.prepareStatement("INSERT INTO alerts (id, rule_id, sensor_id, severity, ts, value, message, "
                         + "acknowledged, raised_at) VALUES ('by-hand|1|r', 'r', 's-1', 'critical', 1, 99.5, 'entered by hand', 0, ?)")) {
                    ps.setLong(1, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                plain.compute().execute(StoreTableTask.class.getName(), "load:ALERTS");

                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
                assertThat(got).extracting(Alert::id, Alert::sensorId, Alert::severity)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("by-hand|1|r", "s-1", Severity.CRITICAL));
            }
        }
    }

    private static long count(TuskGridClient client, String sql) {
        return ((Number) client.sql(sql).scalar()).longValue();
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    private static final Path POSTGRES_XML = Home.dir().resolve("config/server-postgres.xml");

    /** Adds a rule on a node of the PostgreSQL config, which is then stopped: the rule is only in PostgreSQL. */
    private static void ruleOnlyInPostgres(String id) throws Exception {
        Db.POSTGRES.connect().close();
        try (LocalCluster c = cluster(POSTGRES_XML, Files.createTempDirectory("tuskgrid-rules-"), 1).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build())) {
            client.analytics().addRule(AlertRule.builder(id).sensors("r-*").kind(RuleKind.BELOW).threshold(-5).build());
        }
    }

    @Test
    void thePostgresConfigLoadsAlertRulesWhenTheClusterStartsAgain() throws Exception {
        String id = "restart-" + StoreTestSupport.RUN;
        ruleOnlyInPostgres(id);
        try (LocalCluster c = cluster(POSTGRES_XML, Files.createTempDirectory("tuskgrid-rules-"), 1).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build())) {
            assertThat(client.analytics().rules()).extracting(AlertRule::id).as("rules after a full restart").contains(id);
            assertThat(client.analytics().removeRule(id)).isTrue();
        }
    }

    /** Stops the machine's PostgreSQL for a few seconds (pg_ctlcluster, as WriteBehindOutageIT). */
    @Test
    void alertRulesOfAClusterStartedWhileThePostgresIsDownAreLoadedOnceItIsBack() throws Exception {
        String id = "outage-" + StoreTestSupport.RUN;
        ruleOnlyInPostgres(id);
        Postgres.stop();
        try (LocalCluster c = cluster(POSTGRES_XML, Files.createTempDirectory("tuskgrid-rules-"), 1).start();
             TuskGridClient client = TuskGridClient.connect(ClientSettings.builder().addresses(c.clientAddresses()).build())) {
            assertThat(client.analytics().rules()).as("no database, no rules yet").isEmpty();
            Postgres.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> client.analytics().rules().stream().anyMatch(r -> r.id().equals(id)));
            assertThat(client.analytics().removeRule(id)).isTrue();
        } finally {
            Postgres.start();
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
