package org.tuskgrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertRuleTest {
    @Test
    void kindsParseFromTheirCommandLineSpelling() {
        assertThat(RuleKind.parse("trend-up")).isEqualTo(RuleKind.TREND_UP);
        assertThat(RuleKind.parse("NO-DATA")).isEqualTo(RuleKind.NO_DATA);
        assertThatThrownBy(() -> RuleKind.parse("sideways"))
            .hasMessage("unknown rule kind 'sideways'; use above, below, zscore, trend-up, trend-down or no-data");
    }

    @Test
    void globsMatchSensorIds() {
        SensorPattern p = SensorPattern.parse("pump-[0-4]?");
        assertThat(p.matches("pump-12")).isTrue();
        assertThat(p.matches("pump-52")).isFalse();
        assertThat(p.matches("pump-1")).isFalse();
        assertThat(SensorPattern.parse("*").matches("anything.at|all")).isTrue();
        assertThat(SensorPattern.parse("a.b").matches("axb")).isFalse();
    }

    @Test
    void badPatternsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SensorPattern.parse("pump-[12")).hasMessage("bad sensor pattern 'pump-[12': '[' at position 6 has no "
            + "closing ']' or is empty");
        assertThatThrownBy(() -> SensorPattern.parse("a]")).hasMessageContaining("']' at position 2 without '['");
        assertThatThrownBy(() -> SensorPattern.parse(" ")).hasMessage("empty sensor pattern");
    }

    @Test
    void incompleteRulesAreRefused() {
        assertThatThrownBy(() -> AlertRule.builder("r").threshold(1).build()).hasMessage("rule 'r' needs a kind");
        assertThatThrownBy(() -> AlertRule.builder("r").kind(RuleKind.ABOVE).build()).hasMessage("rule 'r' needs a finite threshold");
        assertThatThrownBy(() -> AlertRule.builder("r").kind(RuleKind.NO_DATA).threshold(0).build())
            .hasMessageContaining("no-data threshold is seconds");
    }

    @Test
    void alertFiltersByLeastSeverityRuleAndSensors() {
        Alert a = new Alert("x|1|r", "r", "x", Severity.ERROR, 1, 2, "m", false, 3);
        assertThat(AlertFilter.atLeast(Severity.WARNING).test(a)).isTrue();
        assertThat(AlertFilter.atLeast(Severity.CRITICAL).test(a)).isFalse();
        assertThat(AlertFilter.all().rule("q").test(a)).isFalse();
        assertThat(AlertFilter.all().sensors("y*").test(a)).isFalse();
    }

    @Test
    void measurementsNameTheirProblem() {
        assertThat(Measurement.of("a", 1, 1).problem()).isNull();
        assertThat(Measurement.of(null, 1, 1).problem()).isEqualTo("missing sensor id");
        assertThat(Measurement.of("a", 0, 1).problem()).contains("not a positive epoch millisecond");
        assertThat(Measurement.of("a|b", 1, 1).problem()).contains("contains '|'");
    }
}
