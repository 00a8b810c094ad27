package dev.jobqueue.persistence.internal;

import org.jspecify.annotations.Nullable;

/**
 * What counts as a correlation id: {@code NULL}, {@code ''} and text of only whitespace all
 * mean "no correlation", since the Go library writes {@code ''} for every job scheduled without
 * one. Length is counted in code points, as the {@code VARCHAR(128)} utf8mb4 column counts it.
 */
final class CorrelationIds {

    /** The column's length: characters (code points), not UTF-16 units. */
    static final int MAX_LENGTH = 128;

    private CorrelationIds() {}

    /** The id, or null when it is blank. */
    static @Nullable String orNull(@Nullable String correlationId) {
        return correlationId == null || correlationId.isBlank() ? null : correlationId;
    }

    /** What jobqueue writes: the Go library's {@code ''} for no correlation, so its reads keep the int fields. */
    static String toColumn(@Nullable String correlationId) {
        return correlationId == null || correlationId.isBlank() ? "" : correlationId;
    }

    static int length(String correlationId) {
        return correlationId.codePointCount(0, correlationId.length());
    }
}
