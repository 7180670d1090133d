package org.tuskgrid.bench;

import java.io.IOException;
import java.io.PrintWriter;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.tuskgrid.client.ClientSettings;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.server.Home;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.server.local.LocalCluster;
import org.tuskgrid.store.StoreTableTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Rows per second reaching PostgreSQL through TuskGrid's write-behind and write-through stores,
 * next to a raw JDBC batched upsert of the same rows in the same run (the database's own limit for
 * this work), plus {@code loadCache} from PostgreSQL into the grid and, for scale, the same puts into a
 * table without a store. Needs PostgreSQL (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user postgres).
 */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "Rows/s reaching PostgreSQL through write-behind and write-through vs a raw JDBC batched upsert; loadCache rows/s.")
final class StoreBench implements Callable<Integer> {
    /** Table names of this run: two runs side by side (or a killed earlier one) never share a table. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final String wbCache = "BENCH_WB_" + run.toUpperCase(Locale.ROOT);
    private final String wtCache = "BENCH_WT_" + run.toUpperCase(Locale.ROOT);
    private final String loadCache = "BENCH_LOAD_" + run.toUpperCase(Locale.ROOT);
    /** The same puts into a table without a store: the grid's own ingest rate, the ceiling of both store modes here. */
    private final String gridOnly = "BENCH_GRID_" + run.toUpperCase(Locale.ROOT);
    private static final int RAW_BATCH = 2000;
    /** Warm-up ends when the JIT is quiet, or at this many rounds (each round adds its rows to the grid's memory). */
    private static final int MAX_WARMUP_ROUNDS = 8;

    @Mixin
    BenchOptions options;

    @Option(names = "--rows", defaultValue = "200000", description = "Rows per measured round and side (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test", description = "PostgreSQL JDBC URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", defaultValue = "postgres", description = "PostgreSQL user (default: ${DEFAULT-VALUE}).")
    String user;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchReport report = new BenchReport(out);
        try (Connection db = connect()) {
            resetTables(db);
            Path xml = nodeXml();
            try (LocalCluster cluster = LocalCluster.builder().nodes(2).forked(true).fastStart(false).namePrefix("bench").config(xml)
                    .option(ServerOptions.MEMORY.key(), "2g").heap("2g").progress(report::progress)
                    .option("tuskgrid.jdbc.url", url).option("tuskgrid.jdbc.user", user).start();
                 IgniteClient client = Ignition.startClient(new ClientConfiguration()
                     .setAddresses(cluster.clientAddresses().toArray(String[]::new)).setTimeout(600_000))) {
                Side raw = new Side();
                Side wb = new Side();
                Side wt = new Side();
                Side grid = new Side();
                long next = 0;
                // A fifth of a round left the JIT cold: the first measured round ran at half the speed of the second. One round
                // still left C2 at 10-35% of a core per node through the measured ones, so rounds go on until it is quiet.
                try (TuskGridClient status = TuskGridClient.connect(ClientSettings.builder().addresses(cluster.clientAddresses()).build());
                     JitQuiet jit = JitQuiet.watch(status, report, Duration.ZERO)) {
                    int warmups = 0;
                    do {
                        report.progress("warm-up round " + (++warmups) + " (" + rows + " rows each side, not measured)");
                        next = round(db, client, next, rows, new Side(), new Side(), new Side(), new Side());
                    } while (!jit.settled() && warmups < MAX_WARMUP_ROUNDS);
                    report.progress("warmed up in " + warmups + " round(s)" + (jit.quiet() ? ", JIT quiet" : ", JIT still busy"));
                }
                for (int r = 0; r < 2; r++) {
                    report.progress("round " + (r + 1) + " of 2: " + rows + " rows each through raw JDBC, write-behind, write-through");
                    next = round(db, client, next, rows, raw, wb, wt, grid);
                }
                report.progress("loadCache of " + next + " rows from PostgreSQL into the grid");
                long t0 = System.nanoTime();
                String loaded = client.compute().execute(StoreTableTask.class.getName(), "load:" + loadCache);
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                double loadRate = Long.parseLong(loaded) / loadSeconds;

                report.header("rows/s");
                report.row("write-behind → PostgreSQL", wb.result(), raw.result(), "rows/s");
                report.row("write-through → PostgreSQL", wt.result(), raw.result(), "rows/s");
                report.row("grid puts alone (no store)", grid.result(), raw.result(), "rows/s");
                out.printf(Locale.ROOT, "%-34s %12s  (%s rows in %.1f s)%n", "loadCache PostgreSQL → grid",
                    String.format(Locale.ROOT, "%,.0f", loadRate), loaded, loadSeconds);
                out.flush();
                if (options.json) {
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put("nodes", 2);
                    extra.put("rows", 2L * rows);
                    extra.put("write_through", Math.round(wt.result().opsPerSecond()));
                    extra.put("write_through_ratio", Math.round(wt.result().opsPerSecond() / raw.result().opsPerSecond() * 1000) / 1000.0);
                    extra.put("load_cache", Math.round(loadRate));
                    extra.put("grid_puts_without_store", Math.round(grid.result().opsPerSecond()));
                    report.json("store-write-behind", wb.result(), raw.result(), "rows/s", extra);
                }
            } finally {
                dropTables(db);
            }
        }
        return 0;
    }

    /** One side's rows, time and batch latencies over the measured rounds. */
    private static final class Side {
        final Histogram latency = Measurement.histogram();
        long rows;
        double seconds;

        void add(long n, double s, long[] batchMicros) {
            rows += n;
            seconds += s;
            for (long v : batchMicros) {
                latency.recordValue(Math.max(1, Math.min(v, latency.getHighestTrackableValue())));
            }
        }

        Measurement result() {
            return new Measurement(rows, seconds, latency);
        }
    }

    private static String table(String cache) {
        return cache.toLowerCase(Locale.ROOT);
    }

    private long round(Connection db, IgniteClient client, long first, int n, Side raw, Side wb, Side wt, Side grid) throws Exception {
        long t0 = System.nanoTime();
        long[] rawLatency = rawUpsert(db, first, n);
        raw.add(n, (System.nanoTime() - t0) / 1e9, rawLatency);

        storedRound(db, client, wbCache, first, n, wb);
        storedRound(db, client, wtCache, first, n, wt);

        t0 = System.nanoTime();
        long[] lat = client.compute().execute(StoreBenchLoadTask.class.getName(), gridOnly + ":" + first + ":" + n);
        grid.add(n, (System.nanoTime() - t0) / 1e9, lat);
        return first + n;
    }

    /** The baseline: the same rows as one client's batched INSERT … ON CONFLICT DO UPDATE, reWriteBatchedInserts on. */
    private long[] rawUpsert(Connection db, long first, int n) throws SQLException {
        long[] latencies = new long[(n + RAW_BATCH - 1) / RAW_BATCH];
        int b = 0;
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO " + table(loadCache) + " (id, sensor_id, ts, val, ok) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET sensor_id = excluded.sensor_id, ts = excluded.ts, val = excluded.val, ok = excluded.ok")) {
            for (long i = first; i < first + n; i += RAW_BATCH) {
                long t0 = System.nanoTime();
                for (long k = i; k < Math.min(first + n, i + RAW_BATCH); k++) {
                    ps.setLong(1, k);
                    ps.setString(2, "sensor-" + (k % 1000));
                    ps.setTimestamp(3, new Timestamp(1_700_000_000_000L + k));
                    ps.setDouble(4, k * 0.5);
                    ps.setBoolean(5, k % 10 != 0);
                    ps.addBatch();
                }
                ps.executeBatch();
                db.commit();
                latencies[b++] = (System.nanoTime() - t0) / 1000;
            }
        }
        return latencies;
    }

    /**
     * Puts rows {@code first..first+n} into a stored table and times them until the nodes' stores report every row
     * committed to PostgreSQL; then checks PostgreSQL's own count, untimed. Polling {@code COUNT(*)} instead took
     * 20 ms of database CPU per poll on a 600k-row table, which the baseline side did not pay.
     */
    private static void storedRound(Connection db, IgniteClient client, String cache, long first, int n, Side side) throws Exception {
        long before = flushed(client, cache);
        long t0 = System.nanoTime();
        long[] lat = client.compute().execute(StoreBenchLoadTask.class.getName(), cache + ":" + first + ":" + n);
        long deadline = t0 + 600_000_000_000L;
        while (flushed(client, cache) < before + n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(cache + ": " + n + " rows not flushed to PostgreSQL within 10 minutes");
            }
            Thread.sleep(10);
        }
        side.add(n, (System.nanoTime() - t0) / 1e9, lat);
        long inDb = count(db, table(cache));
        if (inDb < first + n) {
            throw new IllegalStateException(cache + ": the stores reported " + n + " rows written, but PostgreSQL holds " + inDb
                + " of the " + (first + n) + " expected");
        }
    }

    private static long flushed(IgniteClient client, String cache) throws InterruptedException {
        return Long.parseLong(client.compute().execute(StoreTableTask.class.getName(), "flushed:" + cache));
    }

    private static long count(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            long n = rs.getLong(1);
            db.commit();
            return n;
        }
    }

    private Connection connect() {
        try {
            Connection c = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true", user, "");
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new IllegalArgumentException("bench store needs PostgreSQL at " + url + " (user " + user + "): " + e.getMessage());
        }
    }

    private void resetTables(Connection db) throws SQLException {
        dropTables(db);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE " + table(loadCache) + " (id BIGINT PRIMARY KEY, sensor_id TEXT, ts TIMESTAMP, val DOUBLE PRECISION, ok BOOLEAN)");
        }
        db.commit();
    }

    private void dropTables(Connection db) throws SQLException {
        db.rollback();
        try (Statement s = db.createStatement()) {
            for (String c : new String[] {wbCache, wtCache, loadCache}) {
                s.execute("DROP TABLE IF EXISTS " + table(c));
            }
        }
        db.commit();
    }

    /** config/server.xml with the three bench tables, stored in PostgreSQL (the URL comes as TUSKGRID_JDBC_URL's option). */
    private Path nodeXml() throws IOException {
        String xml = Files.readString(Home.defaultConfig());
        xml = xml.replaceAll("(?s)\\s*<!--[^>]*Database layer.*?-->\\s*<bean id=\"tuskgrid.store\".*?</bean>", "");
        int end = xml.lastIndexOf("</bean>");
        StringBuilder caches = new StringBuilder("<property name=\"cacheConfiguration\"><list>");
        for (String name : new String[] {wbCache, wtCache, loadCache, gridOnly}) {
            caches.append("""
                <bean class="org.apache.ignite.configuration.CacheConfiguration">
                  <property name="name" value="%1$s"/><property name="sqlSchema" value="PUBLIC"/><property name="backups" value="1"/>
                  <property name="queryEntities"><list><bean class="org.apache.ignite.cache.QueryEntity">
                    <property name="keyType" value="java.lang.Long"/><property name="valueType" value="%1$s_TYPE"/>
                    <property name="tableName" value="%1$s"/><property name="keyFieldName" value="ID"/>
                    <property name="fields"><map>
                      <entry key="ID" value="java.lang.Long"/><entry key="SENSOR_ID" value="java.lang.String"/>
                      <entry key="TS" value="java.sql.Timestamp"/><entry key="VAL" value="java.lang.Double"/><entry key="OK" value="java.lang.Boolean"/>
                    </map></property>
                  </bean></list></property>
                </bean>
                """.formatted(name));
        }
        caches.append("</list></property>");
        String store = """
            <bean class="org.tuskgrid.store.StoreSettings">
              <property name="tables"><map>
                <entry key="%s" value="write-behind"/><entry key="%s" value="write-through"/><entry key="%s" value="read-through"/>
              </map></property>
            </bean>
            """.formatted(wbCache, wtCache, loadCache);
        xml = xml.substring(0, end) + caches + "</bean>\n" + store + xml.substring(end + "</bean>".length());
        Path file = Files.createTempFile("tuskgrid-bench-store-", ".xml");
        Files.writeString(file, xml);
        file.toFile().deleteOnExit();
        return file;
    }
}
