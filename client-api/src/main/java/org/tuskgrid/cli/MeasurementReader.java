package org.tuskgrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tuskgrid.client.Measurement;

/**
 * Reads measurements from text, line by line: CSV with a header naming {@code sensor_id}, {@code ts} and
 * {@code value} (other columns become tags), or JSON lines ({@code {"sensor_id":"a","ts":...,"value":1.5,
 * "tags":{...}}}); the first non-blank line decides. Times are epoch milliseconds or ISO-8601 (without an
 * offset: UTC). A line that does not parse is reported with its number and the reason; reading goes on.
 */
public final class MeasurementReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line's outcome: a measurement, or the reason it has none. */
    public record Line(int number, Measurement measurement, String problem) {
    }

    private final BufferedReader in;
    private int lineNo;
    private Boolean json;
    private int sensorCol = -1;
    private int tsCol = -1;
    private int valueCol = -1;
    private String[] header;

    public MeasurementReader(BufferedReader in) {
        this.in = in;
    }

    /** The next up to {@code max} data lines (blank lines skipped); empty at the end. */
    public List<Line> next(int max) {
        List<Line> out = new ArrayList<>(max);
        try {
            String raw;
            while (out.size() < max && (raw = in.readLine()) != null) {
                lineNo++;
                if (raw.isBlank()) {
                    continue;
                }
                if (json == null) {
                    json = raw.stripLeading().startsWith("{");
                    if (!json) {
                        readHeader(raw);
                        continue;
                    }
                }
                out.add(json ? jsonLine(raw) : csvLine(raw));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read line " + (lineNo + 1) + ": " + e.getMessage(), e);
        }
    }

    private void readHeader(String raw) {
        header = raw.split(",", -1);
        for (int i = 0; i < header.length; i++) {
            header[i] = header[i].trim().toLowerCase(Locale.ROOT);
            switch (header[i]) {
                case "sensor_id" -> sensorCol = i;
                case "ts" -> tsCol = i;
                case "value" -> valueCol = i;
                default -> { }
            }
        }
        if (sensorCol < 0 || tsCol < 0 || valueCol < 0) {
            throw new IllegalArgumentException("line " + lineNo + ": a CSV file needs a header with sensor_id, ts and value, found '"
                + raw.trim() + "'");
        }
    }

    private Line csvLine(String raw) {
        String[] f = raw.split(",", -1);
        if (f.length != header.length) {
            return problem("expected " + header.length + " fields, found " + f.length);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < f.length; i++) {
            if (i != sensorCol && i != tsCol && i != valueCol && !f[i].isBlank()) {
                tags.put(header[i], f[i].trim());
            }
        }
        return measurement(f[sensorCol].trim(), f[tsCol].trim(), f[valueCol].trim(), tags);
    }

    private Line jsonLine(String raw) {
        JsonNode n;
        try {
            n = JSON.readTree(raw);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return problem("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            return problem("not a JSON object");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (n.get("tags") != null && n.get("tags").isObject()) {
            n.get("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        return measurement(text(n, "sensor_id"), text(n, "ts"), text(n, "value"), tags);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText().trim();
    }

    private Line measurement(String sensor, String ts, String value, Map<String, String> tags) {
        if (sensor.isEmpty()) {
            return problem("missing sensor id");
        }
        long time;
        try {
            time = parseTime(ts);
        } catch (IllegalArgumentException e) {
            return problem(e.getMessage());
        }
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return problem(value.isEmpty() ? "missing value" : "value '" + value + "' is not a number");
        }
        Measurement m = new Measurement(sensor, time, v, tags);
        String problem = m.problem();
        return problem == null ? new Line(lineNo, m, null) : problem(problem);
    }

    /** Epoch milliseconds, or ISO-8601 with or without an offset (without: UTC). */
    static long parseTime(String ts) {
        if (ts.isEmpty()) {
            throw new IllegalArgumentException("missing timestamp");
        }
        if (ts.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(ts);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("timestamp '" + ts + "' is out of range");
            }
        }
        try {
            return OffsetDateTime.parse(ts).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(ts).toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDateTime.parse(ts).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("timestamp '" + ts + "' is neither epoch milliseconds nor ISO-8601");
                }
            }
        }
    }

    private Line problem(String reason) {
        return new Line(lineNo, null, reason);
    }
}
