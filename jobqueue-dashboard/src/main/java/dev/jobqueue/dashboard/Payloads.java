package dev.jobqueue.dashboard;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's properties pretty-printed when they are JSON, as they are otherwise. The page shows the
 * result with {@code th:text}, so whatever it holds is escaped.
 */
@Component
class Payloads {

    private final JsonMapper json = JsonMapper.builder().build();

    /** The {@code batch.id} a batch's callback carries in its payload, if the payload has one. */
    @Nullable
    String batchId(@Nullable String properties) {
        if (properties == null || properties.isBlank()) {
            return null;
        }
        try {
            JsonNode id = json.readTree(properties).path("batch").path("id");
            return id.isString() ? id.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    String pretty(@Nullable String properties) {
        if (properties == null || properties.isBlank()) {
            return "";
        }
        try {
            JsonNode tree = json.readTree(properties);
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JacksonException e) {
            return properties;
        }
    }
}
