package org.tuskgrid.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tuskgrid.config.ConfigException;

class StoreSettingsTest {
    @Test
    void theDefaultsAreValid() {
        assertThatCode(() -> new StoreSettings().validate()).doesNotThrowAnyException();
    }

    @Test
    void aBadDurationIsNamedWithWhatItExpects() {
        StoreSettings s = new StoreSettings();
        s.setFlushWhenQuiet("soon");

        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
            .hasMessageContaining("flushWhenQuiet").hasMessageContaining("'soon'").hasMessageContaining("500ms");
    }

    @Test
    void aZeroFlushIntervalOrANonPositiveCountIsRefused() {
        StoreSettings interval = new StoreSettings();
        interval.setFlushInterval("0");
        StoreSettings threads = new StoreSettings();
        threads.setFlushThreads(0);

        assertThatThrownBy(interval::validate).isInstanceOf(ConfigException.class).hasMessageContaining("flushInterval must be above 0");
        assertThatThrownBy(threads::validate).isInstanceOf(ConfigException.class).hasMessageContaining("flushThreads must be at least 1, not 0");
    }
}
