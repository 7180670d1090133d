package org.tuskgrid.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to run a submission. Immutable; {@link #defaults()} or
 * {@code TaskOptions.builder().priority(Priority.HIGH).timeout(Duration.ofSeconds(30)).maxRetries(3).build()}.
 */
public final class TaskOptions {
    private static final TaskOptions DEFAULTS = builder().build();

    private final Priority priority;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final Balance balance;
    private final Map<String, String> require;
    private final String traceId;
    private final boolean detached;

    private TaskOptions(Builder b) {
        this.priority = b.priority;
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.retryBackoff = b.retryBackoff;
        this.balance = b.balance;
        this.require = Map.copyOf(b.require);
        this.traceId = b.traceId;
        this.detached = b.detached;
    }

    public static TaskOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Priority priority() {
        return priority;
    }

    /** Zero means no timeout. */
    public Duration timeout() {
        return timeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Wait before the first retry; it doubles with each further retry (plus or minus 20% jitter), at most 30 s. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    public Balance balance() {
        return balance;
    }

    /** Node attributes a node must have (all of them) to run the jobs. */
    public Map<String, String> require() {
        return require;
    }

    /** The trace id to use; null makes one up at submission. */
    public String traceId() {
        return traceId;
    }

    /**
     * Whether the cluster owns the submission from the start: written to the job registry before
     * {@code submit} returns and re-run by the surviving nodes if its node dies, with nobody waiting.
     * Otherwise (the default, and faster) the submitting client drives recovery by re-attaching.
     */
    public boolean detached() {
        return detached;
    }

    public Builder toBuilder() {
        return builder().priority(priority).timeout(timeout).maxRetries(maxRetries).retryBackoff(retryBackoff)
            .balance(balance).require(require).traceId(traceId).detached(detached);
    }

    /** Builder for {@link TaskOptions}. */
    public static final class Builder {
        private Priority priority = Priority.NORMAL;
        private Duration timeout = Duration.ZERO;
        private int maxRetries;
        private Duration retryBackoff = Duration.ofMillis(200);
        private Balance balance = Balance.ROUND_ROBIN;
        private final Map<String, String> require = new TreeMap<>();
        private String traceId;
        private boolean detached;

        private Builder() {
        }

        public Builder priority(Priority priority) {
            this.priority = Objects.requireNonNull(priority, "priority");
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative");
            }
            this.timeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("max retries must be from 0 to 100, not " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBackoff(Duration backoff) {
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("retry backoff must not be negative");
            }
            this.retryBackoff = backoff;
            return this;
        }

        public Builder balance(Balance balance) {
            this.balance = Objects.requireNonNull(balance, "balance");
            return this;
        }

        public Builder require(String attribute, String value) {
            this.require.put(attribute, value);
            return this;
        }

        public Builder require(Map<String, String> attributes) {
            this.require.putAll(attributes);
            return this;
        }

        public Builder traceId(String traceId) {
            if (traceId != null && !traceId.matches("[A-Za-z0-9._:-]{1,128}")) {
                throw new IllegalArgumentException("trace id may use letters, digits and . _ : - (at most 128), not '" + traceId + "'");
            }
            this.traceId = traceId;
            return this;
        }

        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        public TaskOptions build() {
            return new TaskOptions(this);
        }
    }
}
