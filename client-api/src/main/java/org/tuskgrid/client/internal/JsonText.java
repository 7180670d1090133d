package org.tuskgrid.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The client side's JSON mapper. */
public final class JsonText {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    /** @throws IllegalArgumentException with the parser's reason and position */
    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments are not valid JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }
}
