package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.cli.TuskGridCli;
import org.tuskgrid.store.StoreTestSupport.Db;
import org.tuskgrid.testing.ClusterExtension;
import picocli.CommandLine;

/** {@code ./tuskgrid load TABLE} and the store part of {@code ./tuskgrid status}. Needs PostgreSQL on 127.0.0.1:5432 (database test). */
class StoreCliIT {
    private static final String T = "CLI_" + StoreTestSupport.RUN.toUpperCase();

    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.inProcess(2).config(StoreTestSupport.nodeXml(Db.POSTGRES,
        StoreTestSupport.tables(Map.of(T, "write-behind")), List.of(StoreTestSupport.cacheXml(T, StoreTestSupport.JOB_FIELDS, 1))));

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TuskGridCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "--addresses=" + String.join(",", cluster.addresses());
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    @Test
    void loadBringsRowsInsertedByHandIntoTheGrid() throws Exception {
        // The store creates its table when the node starts; wait for it, then insert behind the grid's back.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (StoreTestSupport.count(Db.POSTGRES, T) < 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        StoreTestSupport.insertIntoDb(Db.POSTGRES, T, 0, 20_000);
        assertThat(cluster.client().sql("SELECT COUNT(*) FROM " + T).scalar()).isEqualTo(0L);

        Run r = cli("load", T.toLowerCase());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("loaded " + T + ": 20,000 rows in the grid");
        assertThat(cluster.client().sql("SELECT COUNT(*) FROM " + T).scalar()).isEqualTo(20_000L);
        assertThat(cluster.client().sql("SELECT NAME FROM " + T + " WHERE ID = ?", StoreTestSupport.key(77)).scalar())
            .isEqualTo(StoreTestSupport.expected(77).get("NAME"));
    }

    @Test
    void loadNamesAMissingTableInOneLine() {
        Run r = cli("load", "NO_SUCH_TABLE");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: no table NO_SUCH_TABLE on this cluster");
    }

    @Test
    void ddlPrintsTheCreateTable() {
        Run r = cli("load", "--ddl", T);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("CREATE TABLE IF NOT EXISTS \"" + T.toLowerCase() + "\" (\"id\" VARCHAR(255) PRIMARY KEY");
    }

    @Test
    void statusShowsEachStoreOnEachNode() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        Run r = cli("status", "--stores", "--format=csv");
        while (r.out().lines().filter(l -> l.contains(T)).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(300);
            r = cli("status", "--stores", "--format=csv");
        }
        assertThat(r.out().lines().findFirst().orElseThrow())
            .isEqualTo("NODE,CACHE_NAME,DB_TABLE,MODE,PENDING,DIRTY_PARTITIONS,FLUSHED_PER_SEC,FLUSHED,FAILURES,REACHABLE,LAST_ERROR");
        assertThat(r.out().lines().filter(l -> l.contains(T) && l.contains("write-behind") && l.contains(",true,"))).hasSize(2);
        Run all = cli("status");
        assertThat(all.out()).contains("HEALTH").contains(T.toLowerCase());
    }
}
