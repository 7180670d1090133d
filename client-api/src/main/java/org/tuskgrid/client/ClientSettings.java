package org.tuskgrid.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link TuskGridClient} reaches the cluster. Immutable; build with {@link #builder()} or read
 * {@code TUSKGRID_ADDRESSES} with {@link #fromEnvironment()}.
 *
 * <pre>{@code
 * ClientSettings s = ClientSettings.builder()
 *     .addresses("10.0.0.1:10800", "10.0.0.2:10800")
 *     .requestTimeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 */
public final class ClientSettings {
    /**
     * Where nodes started on this machine with no flags listen for thin clients: the first takes 10800, the
     * next 10801, and so on. The whole range, so the client reaches whichever of them is alive.
     */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:10800..10809";
    /** Environment variable with a comma-separated address list. */
    public static final String ADDRESSES_ENV = "TUSKGRID_ADDRESSES";

    /** The default {@link #requestTimeout()}, in seconds. */
    public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 300;

    private final List<String> addresses;
    private final Duration requestTimeout;

    private ClientSettings(Builder b) {
        this.addresses = List.copyOf(b.addresses);
        this.requestTimeout = b.requestTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings from {@code TUSKGRID_ADDRESSES}, or {@value #DEFAULT_ADDRESS} when it is not set. */
    public static ClientSettings fromEnvironment() {
        String env = System.getenv(ADDRESSES_ENV);
        return builder().addresses(env == null || env.isBlank() ? DEFAULT_ADDRESS : env).build();
    }

    /** {@code host:port} or {@code host:port1..port2} entries; the client fails over between them. */
    public List<String> addresses() {
        return addresses;
    }

    /**
     * How long one request to a node (a query page, a cache operation, the start of a task call) may wait for its answer
     * before it fails; default {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s, zero means no limit. A task's own run time is
     * not a request: it is bounded by {@link TaskOptions#timeout()}. A node that stops answering while its connections
     * stay open (a frozen VM, a stopped process) holds such a call only until the cluster drops that node: the client then
     * closes its connection there and sends the call to a live node. The limit is for what that does not cover (a node
     * reached through a load balancer's address, a request the server never answers). The default is long because a
     * request that times out here may still be running on the server (a big {@code DELETE}, say).
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    @Override
    public String toString() {
        return "ClientSettings" + addresses;
    }

    /** Builder for {@link ClientSettings}. */
    public static final class Builder {
        private List<String> addresses = List.of(DEFAULT_ADDRESS);
        private Duration requestTimeout = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);

        private Builder() {
        }

        /** Addresses as {@code host:port}; each argument may itself be a comma-separated list. */
        public Builder addresses(String... addresses) {
            List<String> list = Arrays.stream(addresses)
                .flatMap(a -> Arrays.stream(a.split(",")))
                .map(String::trim)
                .filter(a -> !a.isEmpty())
                .toList();
            if (list.isEmpty()) {
                throw new IllegalArgumentException("at least one address (host:port) is needed");
            }
            for (String a : list) {
                if (!a.matches("[^:\\s]+(:\\d{1,5}(\\.\\.\\d{1,5})?)?")) {
                    throw new IllegalArgumentException("not an address: '" + a + "' (expected host:port, e.g. "
                        + DEFAULT_ADDRESS + ")");
                }
            }
            this.addresses = list;
            return this;
        }

        public Builder addresses(List<String> addresses) {
            return addresses(addresses.toArray(String[]::new));
        }

        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("request timeout must not be negative");
            }
            this.requestTimeout = timeout;
            return this;
        }

        public ClientSettings build() {
            return new ClientSettings(this);
        }
    }
}
