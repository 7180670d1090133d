package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tuskgrid.cli.TuskGridCli;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.IngestResult;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.Row;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.Severity;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.server.ServerOptions;
import org.tuskgrid.testing.ClusterExtension;
import picocli.CommandLine;

/** Analytics end to end on two in-process nodes: the acceptance points of the issue, windows, rules and bad input. */
class AnalyticsIT {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.inProcess(2)
        // A node paused by a busy machine must not be dropped mid-test: these tests are not about failure detection.
        .option(ServerOptions.FAILURE_DETECTION_TIMEOUT.key(), "10s");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        CommandLine cl = TuskGridCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--addresses", String.join(",", cluster.addresses())));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    private TuskGridClient client() {
        return cluster.client();
    }

    private Row stats(String sensor) {
        return client().sql("SELECT * FROM SENSOR_STATS WHERE SENSOR_ID = ?", sensor).rows().get(0);
    }

    private void awaitCount(String sensor, long n) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
            client().sql("SELECT COUNT FROM SENSOR_STATS WHERE SENSOR_ID = ?", sensor).rows().stream().anyMatch(r -> r.getLong("COUNT") == n));
    }

    private static long base() {
        return System.currentTimeMillis() / 60_000 * 60_000 - 600_000;
    }

    @Test
    void csvOfValues1To100GivesTheStatisticsOfTheIssue() throws Exception {
        long t0 = base();
        StringBuilder csv = new StringBuilder("sensor_id,ts,value\n");
        for (int i = 1; i <= 100; i++) {
            csv.append("a,").append(t0 + i).append(',').append(i).append('\n');
        }
        Path f = Files.writeString(dir.resolve("a.csv"), csv);

        assertThat(cli("ingest", "--file", f.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("accepted 100, rejected 0");
        awaitCount("a", 100);
        Row r = stats("a");
        assertThat(r.getLong("COUNT")).isEqualTo(100);
        assertThat(r.getDouble("MIN")).isEqualTo(1);
        assertThat(r.getDouble("MAX")).isEqualTo(100);
        assertThat(r.getDouble("MEAN")).isCloseTo(50.5, within(1e-9));
        assertThat(r.getDouble("STDDEV")).isCloseTo(28.866, within(0.001));
        assertThat(r.getDouble("LAST_VALUE")).isEqualTo(100);
        assertThat(r.getLong("LAST_TS")).isEqualTo(t0 + 100);
        assertThat(r.getDouble("SMA")).isCloseTo(90.5, within(1e-9));
        assertThat(r.getDouble("TREND")).isCloseTo(1000.0, within(1e-6));
        assertThat(r.getDouble("FORECAST")).isCloseTo(101, within(1e-6));
    }

    @Test
    void threeMalformedLinesAmong1000AreRejectedWithTheirLineNumbers() throws Exception {
        long t0 = base();
        StringBuilder csv = new StringBuilder("sensor_id,ts,value\n");
        for (int i = 0; i < 1000; i++) {
            switch (i) {
                case 100 -> csv.append("b,").append(t0 + i).append(",NaN\n");
                case 500 -> csv.append(",").append(t0 + i).append(",1.5\n");
                case 900 -> csv.append("b,yesterday,1.5\n");
                default -> csv.append("b,").append(t0 + i).append(',').append(i % 7).append('\n');
            }
        }
        Path f = Files.writeString(dir.resolve("b.csv"), csv);

        assertThat(cli("ingest", "--file", f.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("accepted 997, rejected 3")
            .contains("line 102: value of sensor 'b' is NaN")
            .contains("line 502: missing sensor id")
            .contains("line 902: timestamp 'yesterday' is neither epoch milliseconds nor ISO-8601");
        awaitCount("b", 997);
    }

    @Test
    void serverSideBulkLoadStreamsAFileAndReportsRejects() throws Exception {
        long t0 = base();
        StringBuilder csv = new StringBuilder("sensor_id,ts,value\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i == 7 ? "" : "bulk-" + i % 10).append(',').append(t0 + i).append(',').append(i % 100).append('\n');
        }
        Path f = Files.writeString(dir.resolve("bulk.csv"), csv);

        assertThat(cli("ingest", "--file", f.toString(), "--server-side")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("line 9: missing sensor id").contains("accepted 19999, rejected 1");
        for (int s = 0; s < 10; s++) {
            awaitCount("bulk-" + s, s == 7 ? 1999 : 2000);
        }

        // A path the server cannot read: the server's one line, not Ignite's job failure around it.
        assertThat(cli("ingest", "--file", dir.resolve("absent.csv").toString(), "--server-side")).isEqualTo(1);
        assertThat(err.toString()).contains("error: bulk load failed: cannot read " + dir.resolve("absent.csv") + " on node ")
            .contains(": no such file").doesNotContain("GridTaskSessionImpl");
    }

    @Test
    void jsonLinesWithIsoTimesAreRead() throws Exception {
        Path f = Files.writeString(dir.resolve("j.jsonl"), """
            {"sensor_id":"j","ts":"2026-01-01T00:00:00Z","value":1.5,"tags":{"site":"lab"}}
            {"sensor_id":"j","ts":"2026-01-01T00:00:01.500","value":2.5}
            {"sensor_id":"j","ts":1767225602000,"value":"oops"}
            """);

        assertThat(cli("ingest", "--file", f.toString())).isZero();

        assertThat(out.toString()).contains("line 3: value 'oops' is not a number").contains("accepted 2, rejected 1");
        awaitCount("j", 2);
        assertThat(client().sql("SELECT TAGS FROM MEASUREMENTS WHERE SENSOR_ID = 'j' AND TS = ?", 1767225600000L).scalar())
            .isEqualTo("site=lab");
        assertThat(stats("j").getLong("LAST_TS")).isEqualTo(1767225601500L);
    }

    @Test
    void statisticsMatchAReferenceComputationOnRandomData() {
        Random rnd = new Random(7);
        long t0 = base();
        List<Measurement> batch = new ArrayList<>();
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < 5000; i++) {
            double v = 1e6 + rnd.nextGaussian() * 3;
            batch.add(Measurement.of("r", t0 + i * 7L, v));
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / batch.size();
        double sq = 0;
        for (Measurement m : batch) {
            sq += (m.value() - mean) * (m.value() - mean);
        }

        assertThat(client().analytics().ingestAndWait(batch).accepted()).isEqualTo(5000);

        awaitCount("r", 5000);
        Row r = stats("r");
        assertThat(r.getDouble("MIN")).isEqualTo(min);
        assertThat(r.getDouble("MAX")).isEqualTo(max);
        assertThat(r.getDouble("MEAN")).isCloseTo(mean, within(Math.abs(mean) * 1e-9));
        assertThat(r.getDouble("STDDEV")).isCloseTo(Math.sqrt(sq / batch.size()), within(Math.sqrt(sq / batch.size()) * 1e-9));
        assertThat(client().sql("SELECT COUNT(*) FROM MEASUREMENTS WHERE SENSOR_ID = 'r'").scalar()).isEqualTo(5000L);
    }

    @Test
    void windowsSplitAtTheirBoundariesAndTakeLateDataOnlyWithinTheGrace() {
        long w = base() / 60_000 * 60_000;
        ingest(Measurement.of("w", w, 1), Measurement.of("w", w + 9_999, 2), Measurement.of("w", w + 10_000, 4));
        awaitCount("w", 3);
        ingest(Measurement.of("w", w + 30_000, 8));
        awaitCount("w", 4);
        // Watermark now w+30s: the window [w+10s, w+20s) closed at w+25s (grace 5s), [w+20s, w+30s) is still open.
        ingest(Measurement.of("w", w + 16_000, 16));
        awaitCount("w", 5);
        ingest(Measurement.of("w", w + 26_000, 32));
        awaitCount("w", 6);

        List<Row> tens = client().sql("SELECT WINDOW_START, COUNT, SUM, MIN, MAX, AVG FROM WINDOW_AGG WHERE SENSOR_ID = 'w' "
            + "AND WINDOW_SIZE_MS = 10000 ORDER BY WINDOW_START").rows();
        assertThat(tens).extracting(r -> r.getLong("WINDOW_START")).containsExactly(w, w + 10_000, w + 20_000, w + 30_000);
        assertThat(tens).extracting(r -> r.getLong("COUNT")).containsExactly(2L, 1L, 1L, 1L);
        assertThat(tens.get(0).getDouble("SUM")).isEqualTo(3);
        assertThat(tens.get(0).getDouble("AVG")).isEqualTo(1.5);
        assertThat(tens.get(1).getDouble("MAX")).isEqualTo(4);
        assertThat(tens.get(2).getDouble("MIN")).isEqualTo(32);
        Row minute = client().sql("SELECT COUNT, SUM FROM WINDOW_AGG WHERE SENSOR_ID = 'w' AND WINDOW_SIZE_MS = 60000").rows().get(0);
        assertThat(minute.getLong("COUNT")).isEqualTo(6);
        assertThat(minute.getDouble("SUM")).isEqualTo(63);
        assertThat(stats("w").getLong("LATE_DROPPED")).isEqualTo(1);
    }

    private long sumOfCounts() {
        return ((Number) client().sql("SELECT SUM(count) FROM SENSOR_STATS").scalar()).longValue();
    }

    private void ingest(Measurement... ms) {
        assertThat(client().analytics().ingestAndWait(List.of(ms)).rejected()).isEmpty();
    }

    @Test
    void zscoreRuleOnSyntheticIngestWithAnAnomalyRaisesOneAlertAndCountsAgree() {
        assertThat(cli("rules", "add", "--id", "spike", "--sensor", "s-*", "--kind", "zscore", "--threshold", "6",
            "--severity", "critical")).as(err.toString()).isZero();

        assertThat(cli("ingest", "--synthetic", "--sensors", "20", "--rate", "2000", "--duration", "5s", "--anomaly", "s-7@3s"))
            .as(err.toString()).isZero();

        assertThat(out.toString()).contains("accepted 10000, rejected 0");
        await().atMost(Duration.ofSeconds(30)).until(() -> sumOfCounts() == ((Number) client().sql("SELECT COUNT(*) FROM MEASUREMENTS").scalar()).longValue());
        List<Row> alerts = client().sql("SELECT SENSOR_ID, SEVERITY, VALUE FROM ALERTS WHERE RULE_ID = 'spike'").rows();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getString("SENSOR_ID")).isEqualTo("s-7");
        assertThat(alerts.get(0).getString("SEVERITY")).isEqualTo("critical");
        assertThat(alerts.get(0).getDouble("VALUE")).isEqualTo(27 + 50.0);
        out.getBuffer().setLength(0);
        assertThat(cli("alerts", "--severity", "error")).isZero();
        assertThat(out.toString()).contains("critical").contains("spike").contains("s-7");
    }

    @Test
    void aboveRuleFiresOncePerCooldownAndTheApiManagesRules() {
        client().analytics().addRule(AlertRule.builder("hot").sensors("oven-?").kind(RuleKind.ABOVE).threshold(100)
            .severity(Severity.ERROR).cooldown(Duration.ofSeconds(10)).build());
        assertThat(client().analytics().rules()).extracting(AlertRule::id).contains("hot");
        long t0 = base();
        List<Measurement> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(Measurement.of("oven-1", t0 + i * 1000L, 150));
        }
        batch.add(Measurement.of("oven-12", t0, 150));
        ingest(batch.toArray(Measurement[]::new));
        awaitCount("oven-1", 25);
        awaitCount("oven-12", 1);

        // 25 s above the threshold with a 10 s cooldown: at 0 s, 10 s and 20 s; oven-12 does not match oven-?.
        assertThat(client().sql("SELECT TS FROM ALERTS WHERE RULE_ID = 'hot' ORDER BY TS").rows()).extracting(r -> r.getLong("TS"))
            .containsExactly(t0, t0 + 10_000, t0 + 20_000);
        assertThat(client().analytics().removeRule("hot")).isTrue();
        assertThat(client().analytics().rules()).extracting(AlertRule::id).doesNotContain("hot");
    }

    @Test
    void noDataRuleFiresOnceForASilentSensor() {
        client().analytics().addRule(AlertRule.builder("silent").sensors("quiet-*").kind(RuleKind.NO_DATA).threshold(2)
            .severity(Severity.WARNING).cooldown(Duration.ofHours(1)).build());
        ingest(Measurement.of("quiet-1", System.currentTimeMillis() - 5_000, 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> !client().sql("SELECT ID FROM ALERTS WHERE RULE_ID = 'silent'").rows().isEmpty());
        List<Row> alerts = client().sql("SELECT SENSOR_ID, MESSAGE FROM ALERTS WHERE RULE_ID = 'silent'").rows();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getString("SENSOR_ID")).isEqualTo("quiet-1");
        assertThat(alerts.get(0).getString("MESSAGE")).contains("quiet-1 sent no data for");
    }

    @Test
    void rulesCommandAddsListsRemovesAndRefusesBadRules() {
        assertThat(cli("rules", "add", "--id", "cold", "--sensor", "freezer-*", "--kind", "below", "--threshold", "-18",
            "--severity", "warning", "--cooldown", "1m")).isZero();
        assertThat(cli("rules", "list")).isZero();
        assertThat(out.toString()).contains("cold").contains("freezer-*").contains("below");

        assertThat(cli("rules", "add", "--id", "x", "--kind", "sideways", "--threshold", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("error: Invalid value for option '--kind': unknown rule kind 'sideways'");
        assertThat(cli("rules", "add", "--id", "x", "--sensor", "pump-[12", "--kind", "above", "--threshold", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("error: bad sensor pattern 'pump-[12'");

        assertThat(cli("rules", "remove", "cold")).isZero();
        assertThat(cli("rules", "remove", "cold")).isEqualTo(1);
        assertThat(err.toString()).contains("error: no rule 'cold'");
    }

    @Test
    void invalidMeasurementsAreRefusedAndTheRestIsStored() {
        long t0 = base();
        IngestResult r = client().analytics().ingestAndWait(List.of(Measurement.of("e", t0, 1), Measurement.of("e", t0 + 1, Double.NaN),
            Measurement.of(" ", t0, 1), Measurement.of("e", t0 + 2, Double.POSITIVE_INFINITY), Measurement.of("e", -5, 1),
            Measurement.of("e|x", t0, 1), Measurement.of("e", t0 + 3, 3)));

        assertThat(r.accepted()).isEqualTo(2);
        assertThat(r.rejected()).extracting(IngestResult.Rejection::index).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.rejected().get(0).reason()).isEqualTo("value of sensor 'e' is NaN (must be a finite number)");
        awaitCount("e", 2);
    }
}
