package org.tuskgrid.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.NodeInfo;
import org.tuskgrid.client.TuskGridException;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.tasks.Json;
import org.tuskgrid.testing.CliRun;
import org.tuskgrid.testing.ClusterExtension;

class InProcessClusterIT {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.inProcess(2).attribute(1, "zone", "east");

    @Test
    void clusterReportsBothNodesWithUserAttributesOnly() {
        List<NodeInfo> nodes = cluster.client().cluster().nodes();

        assertThat(nodes).extracting(NodeInfo::name).containsExactly(cluster.cluster().name(0), cluster.cluster().name(1));
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.health()).isEqualTo(NodeInfo.Health.UP);
            assertThat(n.uptime()).isPositive();
            // Starting a node compiles plenty: a JIT time of 0 would mean the figure is not read.
            assertThat(n.jvm("jitCompileMs")).isPositive();
            assertThat(n.jvm("gcCount")).isNotNegative();
        });
        assertThat(nodes.get(0).attributes()).isEmpty();
        assertThat(nodes.get(1).attributes()).isEqualTo(Map.of("zone", "east"));
    }

    @Test
    void statusAsJsonHasRawFiguresForPrograms() throws Exception {
        CliRun r = cluster.cli("status", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();

        JsonNode nodes = Json.MAPPER.readTree(r.out());
        assertThat(nodes).hasSize(2);
        for (JsonNode n : nodes) {
            assertThat(n.get("HEALTH").asText()).isEqualTo("UP");
            assertThat(n.get("ID").asText()).hasSize(36);
            assertThat(n.get("UPTIME_MS").isIntegralNumber()).as(n.toString()).isTrue();
            assertThat(n.get("MEMORY_MAX_BYTES").asLong()).isEqualTo(128L << 20);
            assertThat(n.get("MEMORY_USED_BYTES").asLong()).isBetween(1L, 128L << 20);
            assertThat(n.get("REFUSING_INGEST").asBoolean()).isFalse();
            assertThat(n.get("JOBS_FAILED").isIntegralNumber()).as(n.toString()).isTrue();
        }
        assertThat(nodes.get(1).get("ATTRIBUTES").asText()).isEqualTo("zone=east");
    }

    @Test
    void csvAndJsonExportsStreamEveryRowPageByPage() throws Exception {
        cluster.client().sql("CREATE TABLE IF NOT EXISTS EXPORT_T (id INT PRIMARY KEY, label VARCHAR)");
        cluster.client().sql("MERGE INTO EXPORT_T (id, label) SELECT x, 'row,' || x FROM SYSTEM_RANGE(1, 5000)");

        CliRun csv = cluster.cli("sql", "SELECT id, label FROM EXPORT_T ORDER BY id", "--format", "csv");
        assertThat(csv.code()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines).hasSize(5001).startsWith("ID,LABEL", "1,\"row,1\"").endsWith("5000,\"row,5000\"");

        CliRun json = cluster.cli("sql", "SELECT id, label FROM EXPORT_T ORDER BY id", "--format", "json");
        JsonNode rows = Json.MAPPER.readTree(json.out());
        assertThat(rows).hasSize(5000);
        assertThat(rows.get(4999).get("LABEL").asText()).isEqualTo("row,5000");
        assertThat(Json.MAPPER.readTree(cluster.cli("sql", "SELECT id FROM EXPORT_T WHERE id < 0", "--format", "json").out())).isEmpty();

        CliRun bad = cluster.cli("sql", "SELECT nope FROM EXPORT_T", "--format", "csv");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: Failed to parse query. Column \"NOPE\" not found");
    }

    @Test
    void sqlReturnsRowsWithColumnNames() {
        cluster.client().sql("CREATE TABLE IF NOT EXISTS HARNESS_T (id INT PRIMARY KEY, label VARCHAR)");
        cluster.client().sql("MERGE INTO HARNESS_T (id, label) VALUES (?, ?), (?, ?)", 1, "one", 2, "two");

        var r = cluster.client().sql("SELECT id, label FROM HARNESS_T WHERE id > ? ORDER BY id", 0);

        assertThat(r.columns()).containsExactly("ID", "LABEL");
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows().get(1).getString("label")).isEqualTo("two");
    }

    /** Ignite inlines 10 bytes of a string primary key unless told otherwise; job ids share their first 7 characters. */
    @Test
    void everyIndexOfTuskGridTablesInlinesSixtyFourBytesPrimaryKeysIncluded() {
        List<String> tables = List.of("JOBS", "MEASUREMENTS", "SENSOR_STATS", "WINDOW_AGG", "ALERT_RULES", "ALERTS", "STORE_STATUS");
        var r = cluster.client().sql("SELECT TABLE_NAME, INDEX_NAME, INLINE_SIZE FROM SYS.INDEXES WHERE SCHEMA_NAME = 'PUBLIC' "
            + "AND INDEX_NAME NOT LIKE '%_proxy' AND TABLE_NAME IN ('" + String.join("', '", tables) + "')");

        assertThat(r.rows()).extracting(row -> row.getString("TABLE_NAME")).containsAll(tables);
        assertThat(r.rows()).extracting(row -> row.getString("INDEX_NAME")).contains("_key_PK");
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.getLong("INLINE_SIZE"))
            .as(row.getString("TABLE_NAME") + "." + row.getString("INDEX_NAME")).isEqualTo(64));
    }

    @Test
    void badSqlGivesTheServersMessageOnOneLine() {
        assertThatThrownBy(() -> cluster.client().sql("SELEC 1"))
            .isInstanceOf(TuskGridException.class)
            .hasMessageStartingWith("Failed to parse query. Syntax error in SQL statement \"SELEC[*] 1\"")
            .hasMessageNotContaining("\n");
        assertThat(cluster.client().sql("SELECT 1").scalar()).as("the connection is still usable").isEqualTo(1);
    }

    @Test
    void jdbcThinDriverAnswersOnTheClientPort() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:ignite:thin://" + cluster.cluster().clientAddress(0));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM SYS.NODES")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void cliStatusAndSqlThroughTheClient() {
        String addresses = String.join(",", cluster.addresses());

        CliRun status = CliRun.of("--addresses", addresses, "status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains(cluster.cluster().name(0), cluster.cluster().name(1), "zone=east", "2 server node(s), 2 up");

        CliRun one = CliRun.of("sql", "SELECT 1 AS one", "--addresses", addresses, "--format", "csv");
        assertThat(one.code()).isZero();
        assertThat(one.out()).isEqualTo("ONE\n1\n");

        CliRun bad = CliRun.of("sql", "SELECT * FROM NO_SUCH_TABLE", "--addresses", addresses);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: Failed to parse query. Table \"NO_SUCH_TABLE\" not found");
        assertThat(bad.err().lines()).hasSize(1);
    }

    @Test
    void clustersOnDifferentPortBlocksStayApart() {
        try (LocalCluster other = LocalCluster.builder().nodes(1).namePrefix("other")
                .option(ServerOptions.MEMORY.key(), "64m").start()) {
            assertThat(other.ignite(0).cluster().forServers().nodes()).hasSize(1);
            assertThat(cluster.cluster().ignite(0).cluster().forServers().nodes()).hasSize(2);
        }
    }

}
