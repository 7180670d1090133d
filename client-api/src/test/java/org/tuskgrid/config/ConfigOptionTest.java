package org.tuskgrid.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigOptionTest {
    private final ConfigOption<Integer> port = ConfigOption.integer("tuskgrid.test.port", 10800, 1024, 65000, "a port");

    @Test
    void envNameIsTheKeyInUpperCaseWithUnderscores() {
        assertThat(port.envName()).isEqualTo("TUSKGRID_TEST_PORT");
    }

    @Test
    void overridesWinOverEnvironmentWhichWinsOverDefault() {
        Map<String, String> env = Map.of("TUSKGRID_TEST_PORT", "20000");
        assertThat(port.resolve(Map.of(), Map.of())).isEqualTo(10800);
        assertThat(port.resolve(Map.of(), env)).isEqualTo(20000);
        assertThat(port.resolve(Map.of("tuskgrid.test.port", "30000"), env)).isEqualTo(30000);
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        System.setProperty("tuskgrid.test.port", "25000");
        try {
            assertThat(port.resolve(Map.of(), Map.of("TUSKGRID_TEST_PORT", "20000"))).isEqualTo(25000);
        } finally {
            System.clearProperty("tuskgrid.test.port");
        }
    }

    @Test
    void badValuesNameTheirSourceAndTheRule() {
        assertThatThrownBy(() -> port.resolve(Map.of(), Map.of("TUSKGRID_TEST_PORT", "80")))
            .isInstanceOf(ConfigException.class)
            .hasMessage("TUSKGRID_TEST_PORT=80 is not valid: expected an integer from 1024 to 65000");
        assertThatThrownBy(() -> port.resolve(Map.of("tuskgrid.test.port", "x"), Map.of()))
            .hasMessage("tuskgrid.test.port=x is not valid: expected an integer from 1024 to 65000");
    }

    @Test
    void durationsAndSizesBecomeMillisecondsAndBytesInPlaceholders() {
        ConfigOption<Duration> d = ConfigOption.duration("tuskgrid.test.timeout", "10s", "t");
        ConfigOption<Long> s = ConfigOption.size("tuskgrid.test.memory", "512m", 1, "m");
        assertThat(d.placeholderText(d.resolve(Map.of("tuskgrid.test.timeout", "1500ms"), Map.of()))).isEqualTo("1500");
        assertThat(s.placeholderText(s.resolve(Map.of("tuskgrid.test.memory", "2g"), Map.of()))).isEqualTo("2147483648");
        assertThatThrownBy(() -> d.resolve(Map.of("tuskgrid.test.timeout", "0s"), Map.of()))
            .hasMessageContaining("a positive duration");
    }

    @Test
    void choicesAreCaseInsensitive() {
        ConfigOption<String> c = ConfigOption.choice("tuskgrid.test.format", "json", "f", "json", "text");
        assertThat(c.resolve(Map.of("tuskgrid.test.format", "TEXT"), Map.of())).isEqualTo("text");
        assertThatThrownBy(() -> c.resolve(Map.of("tuskgrid.test.format", "xml"), Map.of()))
            .hasMessageContaining("one of json, text");
    }
}
