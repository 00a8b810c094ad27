package dev.jobqueue.persistence.internal;

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

    private Sql() {}

    /** {@code count} copies of {@code tuple}, comma-separated: placeholders for an IN list. */
    static String repeat(String tuple, int count) {
        StringJoiner joiner = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            joiner.add(tuple);
        }
        return joiner.toString();
    }

    /**
     * The condition that matches {@code rows} rows by their key columns, with placeholders in
     * the order of {@code columns}: {@code (id, part) IN ((?, ?), ...)}, or {@code id = ? AND
     * part = ?} for one row. MariaDB plans a one-tuple row constructor list as a walk of the
     * whole primary key (measured: 1.1 million rows read to update one job), a two-tuple list
     * as a range.
     */
    static String keyIn(String columns, int rows) {
        if (rows == 1) {
            StringJoiner single = new StringJoiner(" AND ");
            for (String column : columns.split(",\\s*")) {
                single.add(column + " = ?");
            }
            return single.toString();
        }
        String tuple = "(" + repeat("?", columns.split(",\\s*").length) + ")";
        return "(" + columns + ") IN (" + repeat(tuple, rows) + ")";
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

    /** A NOT NULL TIMESTAMP column. */
    static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
        Instant value = instant(rs, column);
        if (value == null) {
            throw new SQLException("Column " + column + " is NULL, but the schema declares it NOT NULL");
        }
        return value;
    }

    static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
