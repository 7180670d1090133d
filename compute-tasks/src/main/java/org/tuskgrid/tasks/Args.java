package org.tuskgrid.tasks;

import com.fasterxml.jackson.databind.JsonNode;

/** Argument checks with messages that say what to fix. */
public final class Args {
    private Args() {
    }

    /** An integer field within {@code [min, max]}, or {@code dflt} when absent. */
    public static long integer(JsonNode args, String field, long dflt, long min, long max) {
        JsonNode n = args.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            throw new InvalidArgumentsException("'" + field + "' must be an integer from " + min + " to " + max + ", got " + n);
        }
        return n.asLong();
    }

    /** A required, non-empty string field. */
    public static String text(JsonNode args, String field) {
        JsonNode n = args.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new InvalidArgumentsException("'" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    /** Arguments must be a JSON object. */
    public static void requireObject(JsonNode args) {
        if (!args.isObject()) {
            throw new InvalidArgumentsException("arguments must be a JSON object, got " + args.getNodeType().name().toLowerCase());
        }
    }
}
