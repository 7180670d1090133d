package org.tuskgrid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientSettingsTest {
    @Test
    void defaultsToTheLocalNode() {
        assertThat(ClientSettings.builder().build().addresses()).containsExactly("127.0.0.1:10800..10809");
    }

    @Test
    void acceptsCommaSeparatedListsAndRanges() {
        ClientSettings s = ClientSettings.builder().addresses("a:10800, b:10801", "c:10800..10809").build();
        assertThat(s.addresses()).containsExactly("a:10800", "b:10801", "c:10800..10809");
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        assertThatThrownBy(() -> ClientSettings.builder().addresses("host:port").build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not an address: 'host:port'");
        assertThatThrownBy(() -> ClientSettings.builder().addresses(" , ").build())
            .hasMessageContaining("at least one address");
    }
}
