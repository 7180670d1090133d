package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.CliRun;
import org.tuskgrid.testing.ClusterExtension;

/** {@code ./tuskgrid load TABLE} and the store part of {@code ./tuskgrid status}. Needs PostgreSQL on 127.0.0.1:5432 (database test). */
class StoreCliIT {
    private static final String T = "CLI_" + StoreTestSupport.RUN.toUpperCase();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.inProcess(2).config(StoreTestSupport.nodeXml(Db.POSTGRES,
        StoreTestSupport.tables(Map.of(T, "write-behind")), List.of(StoreTestSupport.cacheXml(T, StoreTestSupport.JOB_FIELDS, 1))));

    @Test
    void loadBringsRowsInsertedByHandIntoTheGrid() throws Exception {
        // The store creates its table when the node starts; wait for it, then insert behind the grid's back.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (StoreTestSupport.count(Db.POSTGRES, T) < 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        StoreTestSupport.insertIntoDb(Db.POSTGRES, T, 0, 20_000);
        assertThat(cluster.client().sql("SELECT COUNT(*) FROM " + T).scalar()).isEqualTo(0L);

        CliRun r = cluster.cli("load", T.toLowerCase());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("loaded " + T + ": 20,000 rows in the grid");
        assertThat(cluster.client().sql("SELECT COUNT(*) FROM " + T).scalar()).isEqualTo(20_000L);
        assertThat(cluster.client().sql("SELECT NAME FROM " + T + " WHERE ID = ?", StoreTestSupport.key(77)).scalar())
            .isEqualTo(StoreTestSupport.expected(77).get("NAME"));
    }

    @Test
    void loadNamesAMissingTableInOneLine() {
        CliRun r = cluster.cli("load", "NO_SUCH_TABLE");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: no table NO_SUCH_TABLE on this cluster");
    }

    @Test
    void ddlPrintsTheCreateTable() {
        CliRun r = cluster.cli("load", "--ddl", T);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("CREATE TABLE IF NOT EXISTS \"" + T.toLowerCase() + "\" (\"id\" VARCHAR(255) PRIMARY KEY");
    }

    @Test
    void statusShowsEachStoreOnEachNode() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        CliRun r = cluster.cli("status", "--stores", "--format=csv");
        while (r.out().lines().filter(l -> l.contains(T)).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(300);
            r = cluster.cli("status", "--stores", "--format=csv");
        }
        assertThat(r.out().lines().findFirst().orElseThrow())
            .isEqualTo("NODE,CACHE_NAME,DB_TABLE,MODE,PENDING,DIRTY_PARTITIONS,FLUSHED_PER_SEC,FLUSHED,FAILURES,REACHABLE,LAST_ERROR");
        assertThat(r.out().lines().filter(l -> l.contains(T) && l.contains("write-behind") && l.contains(",true,"))).hasSize(2);
        CliRun all = cluster.cli("status");
        assertThat(all.out()).contains("HEALTH").contains(T.toLowerCase());
    }
}
