package org.tuskgrid.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tuskgrid.client.internal.JsonText;

/** JSON for tasks: arguments, job inputs and results cross the wire as JSON text. One mapper for client and server. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonText.MAPPER;

    private Json() {
    }

    /**
     * Parses JSON text; {@code null} or blank text reads as an empty object.
     *
     * @throws InvalidArgumentsException with the parser's reason, for the caller to fix
     */
    public static JsonNode parse(String text) {
        try {
            return JsonText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentsException(e.getMessage());
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
        }
    }
}
