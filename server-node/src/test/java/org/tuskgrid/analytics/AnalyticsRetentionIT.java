package org.tuskgrid.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tuskgrid.client.AlertRule;
import org.tuskgrid.client.Measurement;
import org.tuskgrid.client.RuleKind;
import org.tuskgrid.client.TuskGridClient;
import org.tuskgrid.testing.ClusterExtension;

/**
 * Retention on one in-process node: measurements and ended windows go by event time, alerts by the time they were
 * raised, each after its own period, and the statistics keep counting what was deleted.
 */
class AnalyticsRetentionIT {
    @RegisterExtension
    static final ClusterExtension cluster = ClusterExtension.inProcess(1)
        .option(AnalyticsOptions.WINDOWS.key(), "1s")
        .option(AnalyticsOptions.RETENTION.key(), "3s")
        .option(AnalyticsOptions.ALERT_RETENTION.key(), "12s");

    private long count(String sql) {
        return ((Number) cluster.client().sql(sql).scalar()).longValue();
    }

    @Test
    void measurementsWindowsAndAlertsLeaveAfterTheirRetentionAndStatisticsKeepCounting() {
        TuskGridClient client = cluster.client();
        client.analytics().addRule(AlertRule.builder("hot").sensors("boiler").kind(RuleKind.ABOVE).threshold(100).build());
        long now = System.currentTimeMillis();
        List<Measurement> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(Measurement.of("boiler", now - 1000 + i * 10L, i == 49 ? 150 : 20));
        }
        assertThat(client.analytics().ingestAndWait(batch).rejected()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM ALERTS WHERE RULE_ID = 'hot'") == 1);
        long raised = System.currentTimeMillis();
        assertThat(count("SELECT COUNT(*) FROM MEASUREMENTS WHERE SENSOR_ID = 'boiler'")).isEqualTo(50);
        assertThat(count("SELECT COUNT(*) FROM WINDOW_AGG WHERE SENSOR_ID = 'boiler'")).isPositive();

        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM MEASUREMENTS WHERE SENSOR_ID = 'boiler'") == 0
            && count("SELECT COUNT(*) FROM WINDOW_AGG WHERE SENSOR_ID = 'boiler'") == 0);
        assertThat(count("SELECT COUNT(*) FROM ALERTS WHERE RULE_ID = 'hot'")).as("kept for its own, longer retention").isEqualTo(1);
        assertThat(count("SELECT COUNT FROM SENSOR_STATS WHERE SENSOR_ID = 'boiler'")).isEqualTo(50);

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM ALERTS WHERE RULE_ID = 'hot'") == 0);
        assertThat(System.currentTimeMillis() - raised).as("not before the alert's retention").isGreaterThan(11_000);
    }
}
