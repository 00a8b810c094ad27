package dev.jobqueue.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The propagated trace headers of a job as stored in {@code X_trace_context}: one
 * {@code name=value} line per header. Header names never hold {@code =} and no header holds a
 * line break, so the text needs no escaping. Not API.
 */
public final class TraceHeaders {

    /** The most the column holds. */
    public static final int MAX_LENGTH = 2048;

    private TraceHeaders() {}

    /** The text to store; null when there is nothing to store or it does not fit the column. */
    public static @Nullable String encode(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        headers.forEach((name, value) -> {
            if (!name.isEmpty() && name.indexOf('=') < 0 && name.indexOf('\n') < 0 && value.indexOf('\n') < 0) {
                text.append(name).append('=').append(value).append('\n');
            }
        });
        return text.isEmpty() || text.length() > MAX_LENGTH ? null : text.toString();
    }

    public static Map<String, String> decode(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                headers.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return headers;
    }
}
