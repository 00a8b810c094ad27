package dev.jobqueue.persistence.gocompat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Go library's properties, as {@code encoding/json} turns them into text: through a
 * {@code map[string]interface{}}, so keys sorted, no spaces, every number a float64 (integers
 * above 2^53 rounded), and {@code <}, {@code >} and {@code &} escaped.
 */
final class GoJson {

    /** What the seed writes into {@code properties} when a job has none. */
    static final String NO_PROPERTIES = GoApi.NO_PROPERTIES;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GoJson() {}

    /** What Go's schedule writes for these properties: {@code {"": ""}} for none. */
    static String marshalForSchedule(@Nullable String properties) {
        return properties == null ? NO_PROPERTIES : remarshal(properties);
    }

    /**
     * What Go's retry writes after its details read: NULL becomes {@code {"": ""}}, text that
     * is not a JSON object becomes {@code {}}, anything else is marshalled again.
     */
    static String remarshal(@Nullable String properties) {
        if (properties == null) {
            return NO_PROPERTIES;
        }
        JsonNode node;
        try {
            node = JSON.readTree(properties);
        } catch (JacksonException e) {
            return "{}";
        }
        if (node == null || !node.isObject()) {
            return "{}";
        }
        return marshal(node).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static String marshal(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((key, value) -> {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(JSON.writeValueAsString(key)).append(':').append(marshal(value));
            });
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (JsonNode element : node) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(marshal(element));
            }
            return out.append(']').toString();
        }
        if (node.isNumber()) {
            return float64(node.asDouble());
        }
        return JSON.writeValueAsString(node);
    }

    /** A float64 as Go's encoding/json writes it: integral values without a fraction below 1e21. */
    private static String float64(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e21) {
            return new BigDecimal(value).toPlainString();
        }
        return BigDecimal.valueOf(value)
                .stripTrailingZeros()
                .toString()
                .replace("E+", "e+")
                .replace("E-", "e-");
    }
}
