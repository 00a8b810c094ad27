package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.InvalidJobInputException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns payloads into the JSON object text the {@code properties} column holds, and checks
 * what it refuses: anything that is not a JSON object, or larger than a TEXT column.
 */
final class Payloads {

    /** A TEXT column holds 65,535 bytes. */
    static final int MAX_TEXT_BYTES = 65_535;

    /** What the Go library writes into {@code properties} for a job without any. */
    static final String GO_NO_PROPERTIES = "{\"\": \"\"}";

    private final JsonMapper json;

    Payloads(JsonMapper json) {
        this.json = PayloadJson.of(json);
    }

    /**
     * The payload a stored {@code properties} value carries: null for NULL, {@code ''} and the
     * Go library's {@code {"": ""}} (with or without the space), which all mean "no payload".
     */
    static @Nullable String stored(@Nullable String properties) {
        if (properties == null) {
            return null;
        }
        String text = properties.strip();
        return text.isEmpty() || text.equals(GO_NO_PROPERTIES) || text.equals("{\"\":\"\"}") ? null : properties;
    }

    @Nullable
    String toProperties(@Nullable Object payload) {
        if (payload == null) {
            return null;
        }
        String text;
        if (payload instanceof CharSequence chars) {
            text = chars.toString();
            requireObject(text);
        } else {
            try {
                text = json.writeValueAsString(payload);
            } catch (JacksonException e) {
                throw new InvalidJobInputException(
                        "properties", "properties must be writable as JSON: " + e.getOriginalMessage());
            }
            if (!text.startsWith("{")) {
                throw notAnObject(payload.getClass().getSimpleName() + " (written as " + abbreviate(text) + ")");
            }
        }
        requireFitsText("properties", text);
        return text;
    }

    static void requireFitsText(String field, @Nullable String text) {
        if (text != null) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_TEXT_BYTES) {
                throw new InvalidJobInputException(
                        field,
                        field + " must be at most " + MAX_TEXT_BYTES + " bytes of UTF-8 (a TEXT column) but was "
                                + bytes + " bytes");
            }
        }
    }

    private void requireObject(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidJobInputException(
                    "properties", "properties must be a JSON object but is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw notAnObject(abbreviate(text));
        }
    }

    private static InvalidJobInputException notAnObject(String what) {
        return new InvalidJobInputException("properties", "properties must be a JSON object but was " + what);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
