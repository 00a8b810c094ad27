package dev.jobqueue.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Maps an {@link Instant} to the UTC wall-clock time that the Go library reads and writes in
 * {@code TIMESTAMP} columns. Drivers send a {@link LocalDateTime} as it is, so the stored
 * text is right whatever the JVM's time zone and the driver's time-zone settings.
 *
 * @since 0.1.0
 */
@Converter
public final class UtcInstantConverter implements AttributeConverter<Instant, LocalDateTime> {

    @Override
    public @Nullable LocalDateTime convertToDatabaseColumn(@Nullable Instant instant) {
        return toUtc(instant);
    }

    @Override
    public @Nullable Instant convertToEntityAttribute(@Nullable LocalDateTime utc) {
        return fromUtc(utc);
    }

    /** The UTC wall-clock time of {@code instant}. */
    public static @Nullable LocalDateTime toUtc(@Nullable Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant of a UTC wall-clock time. */
    public static @Nullable Instant fromUtc(@Nullable LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
