package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;
import org.tuskgrid.client.Row;
import org.tuskgrid.client.SqlResult;
import org.tuskgrid.config.ConfigException;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.store.StoreTestSupport.Db;

/**
 * A database that cannot be reached, refuses the user, or has a table that does not fit: the node
 * starts and reports the store unhealthy (naming cache, table and cause), unless the store is required.
 * Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres) for the mismatched table.
 */
class StoreErrorsIT {
    private static final String T = "ERR_" + StoreTestSupport.RUN.toUpperCase();

    private static Path xml(String url, String user, boolean required) throws Exception {
        Path file = StoreTestSupport.nodeXml(Db.POSTGRES, StoreTestSupport.tables(Map.of(T, "write-through"))
            + "<property name=\"required\" value=\"" + required + "\"/>", List.of(StoreTestSupport.cacheXml(T, StoreTestSupport.JOB_FIELDS, 1)));
        String text = Files.readString(file).replace("value=\"" + Db.POSTGRES.url() + "\"", "value=\"" + url + "\"")
            .replace("name=\"user\" value=\"postgres\"", "name=\"user\" value=\"" + user + "\"");
        Files.writeString(file, text);
        return file;
    }

    private static LocalCluster start(Path xml) {
        return LocalCluster.builder().nodes(1).config(xml).namePrefix("StoreErrorsIT")
            .option(ServerOptions.MEMORY.key(), "128m").option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "3s").start();
    }

    /** The node's STORE_STATUS row for the test table, once the store has reported a failure. */
    private static Map<String, Object> unhealthyStatus(Ignite ignite) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<List<?>> rows = ignite.cache(StoreStatusTable.NAME).query(new org.apache.ignite.cache.query.SqlFieldsQuery(
                "SELECT REACHABLE, LAST_ERROR, FAILURES FROM STORE_STATUS WHERE CACHE_NAME = ?").setArgs(T)).getAll();
            if (!rows.isEmpty() && rows.get(0).get(1) != null) {
                return Map.of("reachable", rows.get(0).get(0), "error", rows.get(0).get(1), "failures", rows.get(0).get(2));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no unhealthy STORE_STATUS row for " + T + " within 30 s");
    }

    @Test
    void unreachableDatabaseAtStartLeavesTheNodeUpWithTheStoreUnhealthy() throws Exception {
        try (LocalCluster c = start(xml("jdbc:postgresql://127.0.0.1:1/test", "postgres", false))) {
            Map<String, Object> s = unhealthyStatus(c.ignite(0));
            assertThat(s.get("reachable")).isEqualTo(false);
            assertThat((String) s.get("error")).containsIgnoringCase("connect");
            // A write-through write fails with one line naming the store; the node stays up.
            // Ignite puts the store's exception among the suppressed ones of its own.
            assertThatThrownBy(() -> c.ignite(0).cache(T).withKeepBinary().put("k", StoreTestSupport.job(c.ignite(0), T, 1)))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m).startsWith("store " + T + " (table " + T.toLowerCase() + "): ")));
            assertThat(c.ignite(0).cluster().nodes()).hasSize(1);
        }
    }

    private static List<String> messages(Throwable e) {
        List<String> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && out.size() < 100) {
            Throwable t = todo.pop();
            out.add(String.valueOf(t.getMessage()));
            if (t.getCause() != null && t.getCause() != t) {
                todo.push(t.getCause());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        return out;
    }

    @Test
    void wrongCredentialsAreReportedAsTheCause() throws Exception {
        try (LocalCluster c = start(xml(Db.POSTGRES.url(), "no_such_user_" + StoreTestSupport.RUN, false))) {
            Map<String, Object> s = unhealthyStatus(c.ignite(0));
            assertThat((String) s.get("error")).contains("no_such_user_" + StoreTestSupport.RUN);
        }
    }

    @Test
    void aTableWhoseColumnsDoNotMatchIsNamedWithTheMissingColumns() throws Exception {
        try (Connection conn = Db.POSTGRES.connect(); Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE " + T.toLowerCase() + " (id VARCHAR(255) PRIMARY KEY, name TEXT)");
        }
        try (LocalCluster c = start(xml(Db.POSTGRES.url(), "postgres", false))) {
            Map<String, Object> s = unhealthyStatus(c.ignite(0));
            assertThat((String) s.get("error")).contains("table " + T.toLowerCase()).contains("attempts").contains("created");
            assertThat(s.get("reachable")).isEqualTo(true);
        }
    }

    @Test
    void aTableSettingThatCannotBeUsedStopsTheNodeEvenWhenTheStoreIsNotRequired() throws Exception {
        Path file = xml(Db.POSTGRES.url(), "postgres", false);
        Files.writeString(file, Files.readString(file).replace("value=\"write-through\"", "value=\"write-behnd\""));
        assertThatThrownBy(() -> start(file)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("store " + T + ": unknown store mode 'write-behnd'").hasMessageNotContaining("\n");
    }

    @Test
    void aRequiredStoreThatCannotReachItsDatabaseStopsTheNodeWithOneLine() throws Exception {
        Path file = xml("jdbc:postgresql://127.0.0.1:1/test", "postgres", true);
        assertThatThrownBy(() -> start(file)).isInstanceOf(ConfigException.class)
            .hasMessageContaining("store " + T).hasMessageContaining("required").hasMessageNotContaining("\n");
    }
}
