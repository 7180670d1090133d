package org.tuskgrid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuskgrid.client.Measurement;

class MeasurementReaderTest {
    private static List<MeasurementReader.Line> read(String text) {
        return new MeasurementReader(new BufferedReader(new StringReader(text))).next(10_000);
    }

    @Test
    void csvWithAHeaderInAnyOrderAndExtraColumnsAsTags() {
        List<MeasurementReader.Line> lines = read("value,site,sensor_id,ts\n1.5,lab,a,1000\n\n2,,a,2026-01-01T00:00:00Z\n");
        assertThat(lines).extracting(MeasurementReader.Line::measurement).containsExactly(
            new Measurement("a", 1000, 1.5, Map.of("site", "lab")), Measurement.of("a", 1767225600000L, 2));
        assertThat(lines).extracting(MeasurementReader.Line::number).containsExactly(2, 4);
    }

    @Test
    void malformedLinesCarryTheirNumberAndReason() {
        List<MeasurementReader.Line> lines = read("""
            sensor_id,ts,value
            a,1,1
            a,2,NaN
            ,3,1
            a,noon,1
            a,5
            a,6,Infinity
            a,7,x
            """);
        assertThat(lines).filteredOn(l -> l.problem() != null).extracting(l -> l.number() + ": " + l.problem()).containsExactly(
            "3: value of sensor 'a' is NaN (must be a finite number)",
            "4: missing sensor id",
            "5: timestamp 'noon' is neither epoch milliseconds nor ISO-8601",
            "6: expected 3 fields, found 2",
            "7: value of sensor 'a' is Infinity (must be a finite number)",
            "8: value 'x' is not a number");
    }

    @Test
    void jsonLines() {
        List<MeasurementReader.Line> lines = read("""
            {"sensor_id":"a","ts":"2026-01-01T01:00:00+01:00","value":3,"tags":{"k":"v"}}
            {"sensor_id":"a","ts":1000,"value":4}
            {"sensor_id":"a",
            """);
        assertThat(lines.get(0).measurement()).isEqualTo(new Measurement("a", 1767225600000L, 3, Map.of("k", "v")));
        assertThat(lines.get(1).measurement()).isEqualTo(Measurement.of("a", 1000, 4));
        assertThat(lines.get(2).problem()).startsWith("not valid JSON");
    }

    @Test
    void aCsvWithoutTheRequiredHeaderIsRefusedAtOnce() {
        assertThatThrownBy(() -> read("a,1,2\n")).hasMessage("line 1: a CSV file needs a header with sensor_id, ts and value, found 'a,1,2'");
    }

    @Test
    void localIsoTimesAreUtc() {
        assertThat(MeasurementReader.parseTime("1970-01-01T00:00:01")).isEqualTo(1000);
    }
}
