package org.tuskgrid.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed configuration key with a default, a validation rule and its documentation: the one place a
 * setting is described (in the spirit of Flink's {@code ConfigOption} and Kafka's {@code ConfigDef}).
 *
 * <p>A value is looked up, first match wins, in: explicit overrides (command-line flags, test
 * harnesses), the JVM system property named {@link #key()}, the environment variable named
 * {@link #envName()}, then the default.
 *
 * @param <T> value type
 */
public final class ConfigOption<T> {
    private final String key;
    private final String description;
    private final T defaultValue;
    private final String defaultText;
    private final Function<String, T> parser;
    private final Function<T, String> placeholderText;
    private final Predicate<T> rule;
    private final String ruleText;

    private ConfigOption(String key, String description, T defaultValue, String defaultText,
                         Function<String, T> parser, Function<T, String> placeholderText,
                         Predicate<T> rule, String ruleText) {
        this.key = key;
        this.description = description;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.parser = parser;
        this.placeholderText = placeholderText;
        this.rule = rule;
        this.ruleText = ruleText;
    }

    /** A string option. */
    public static ConfigOption<String> string(String key, String defaultValue, String description) {
        return new ConfigOption<>(key, description, defaultValue, defaultValue == null ? "(none)" : defaultValue,
            s -> s, s -> s, v -> true, null);
    }

    /** An integer option within {@code [min, max]}. */
    public static ConfigOption<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new ConfigOption<>(key, description, defaultValue, String.valueOf(defaultValue),
            s -> Integer.parseInt(s.trim()), String::valueOf, v -> v >= min && v <= max,
            "an integer from " + min + " to " + max);
    }

    /** A duration option such as {@code 500ms}, {@code 10s}, {@code 5m}; its placeholder text is milliseconds. */
    public static ConfigOption<Duration> duration(String key, String defaultValue, String description) {
        return new ConfigOption<>(key, description, Durations.parse(defaultValue), defaultValue,
            Durations::parse, d -> String.valueOf(d.toMillis()), d -> !d.isNegative() && !d.isZero(),
            "a positive duration such as 500ms, 10s or 5m");
    }

    /** A size option such as {@code 512m} or {@code 2g}; its placeholder text is bytes. */
    public static ConfigOption<Long> size(String key, String defaultValue, long minBytes, String description) {
        return new ConfigOption<>(key, description, DataSizes.parse(defaultValue), defaultValue,
            DataSizes::parse, String::valueOf, v -> v >= minBytes,
            "a size of at least " + DataSizes.format(minBytes) + " such as 512m or 2g");
    }

    /** An option restricted to one of the given values (compared case-insensitively, stored lower case). */
    public static ConfigOption<String> choice(String key, String defaultValue, String description, String... allowed) {
        var set = java.util.List.of(allowed);
        return new ConfigOption<>(key, description, defaultValue, defaultValue,
            s -> s.trim().toLowerCase(Locale.ROOT), s -> s, set::contains, "one of " + String.join(", ", set));
    }

    /** The key, for example {@code tuskgrid.client.port}; also the JVM system property and the Spring placeholder. */
    public String key() {
        return key;
    }

    /** The environment variable for this option: the key upper-cased with dots as underscores. */
    public String envName() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** What the option does, for the README and {@code --help}. */
    public String description() {
        return description;
    }

    /** The default as a user would write it. */
    public String defaultText() {
        return defaultText;
    }

    /**
     * Resolves the value from overrides, system properties, environment and default, in that order.
     *
     * @throws ConfigException naming the source and the rule when a value does not parse or is out of range
     */
    public T resolve(Map<String, String> overrides, Map<String, String> env) {
        String source;
        String raw;
        if (overrides.get(key) != null) {
            source = key;
            raw = overrides.get(key);
        } else if (System.getProperty(key) != null) {
            source = "-D" + key;
            raw = System.getProperty(key);
        } else if (env.get(envName()) != null && !env.get(envName()).isBlank()) {
            source = envName();
            raw = env.get(envName());
        } else {
            return defaultValue;
        }
        T value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            throw new ConfigException(source + "=" + raw + " is not valid: expected " + expected());
        }
        if (!rule.test(value)) {
            throw new ConfigException(source + "=" + raw + " is not valid: expected " + expected());
        }
        return value;
    }

    /** The value as it goes into a Spring XML placeholder (durations in ms, sizes in bytes). */
    public String placeholderText(T value) {
        return value == null ? null : placeholderText.apply(value);
    }

    private String expected() {
        return ruleText == null ? "a value" : ruleText;
    }

    @Override
    public String toString() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption<?> other && other.key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key);
    }
}
