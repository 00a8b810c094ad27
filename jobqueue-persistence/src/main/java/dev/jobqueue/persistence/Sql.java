package dev.jobqueue.persistence;

import dev.jobqueue.domain.UtcInstantConverter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Small helpers for the queue's native SQL. */
final class Sql {

    private Sql() {
    }

    /** {@code count} copies of {@code tuple}, comma-separated: placeholders for an IN list. */
    static String repeat(String tuple, int count) {
        StringJoiner joiner = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            joiner.add(tuple);
        }
        return joiner.toString();
    }

    /** Integers as a literal IN list; only for codes the lifecycle owns, never for input. */
    static String codes(Collection<Integer> codes) {
        StringJoiner joiner = new StringJoiner(", ");
        codes.stream().sorted().forEach(code -> joiner.add(Integer.toString(code)));
        return joiner.toString();
    }

    /** The UTC wall-clock value to bind for a TIMESTAMP column. */
    static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        return UtcInstantConverter.toUtc(instant);
    }

    /** The UTC wall-clock value to bind for a TIMESTAMP(3) column. */
    static @Nullable LocalDateTime utcMillis(@Nullable Instant instant) {
        return instant == null ? null : utc(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        return UtcInstantConverter.fromUtc(rs.getObject(column, LocalDateTime.class));
    }

    static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
