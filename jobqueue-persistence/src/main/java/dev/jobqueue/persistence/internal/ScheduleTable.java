package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;

/** The statements on the recurring schedules table. Times are DATETIME columns of UTC text. */
final class ScheduleTable {

    private static final String COLUMNS = """
            name, tenant, job_type, cron, interval_ms, zone, properties, missed, missed_limit, origin, state,
            next_fire_at, last_fire_at, version""";
    private static final String SELECT = """
            SELECT %s
            FROM %s
            """;
    private static final String BY_NAME = """
            WHERE name = ?
            """;
    private static final String EARLIEST = """
            WHERE state = 1
            ORDER BY next_fire_at
            LIMIT ?
            """;
    private static final String INSERT = """
            INSERT INTO %s (%s)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """;
    private static final String UPDATE_DEFINITION = """
            UPDATE %s
            SET tenant = ?, job_type = ?, cron = ?, interval_ms = ?, zone = ?, properties = ?, missed = ?,
                missed_limit = ?, origin = ?, state = ?, next_fire_at = ?, version = version + 1
            WHERE name = ?
              AND version = ?
            """;
    private static final String ADVANCE = """
            UPDATE %s
            SET next_fire_at = ?,
                last_fire_at = COALESCE(?, last_fire_at),
                version = version + 1
            WHERE name = ?
              AND version = ?
              AND state = 1
            """;
    private static final String DELETE = """
            DELETE FROM %s
            WHERE name = ?
            """;
    private static final String DELETE_DECLARED = """
            DELETE FROM %s
            WHERE origin = 2
            """;

    private final JdbcTemplate jdbc;
    private final String table;

    ScheduleTable(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.table = table.schedules();
    }

    Optional<ScheduleRow> find(String name, boolean forUpdate) {
        String sql = SELECT.formatted(COLUMNS, table) + BY_NAME + (forUpdate ? "FOR UPDATE" : "");
        return jdbc.query(sql, ScheduleTable::row, name).stream().findFirst();
    }

    List<ScheduleRow> all() {
        return jdbc.query(SELECT.formatted(COLUMNS, table) + "ORDER BY name", ScheduleTable::row);
    }

    List<ScheduleRow> earliest(int limit) {
        return jdbc.query(SELECT.formatted(COLUMNS, table) + EARLIEST, ScheduleTable::row, limit);
    }

    void insert(ScheduleRow row) {
        jdbc.update(
                INSERT.formatted(table, COLUMNS),
                row.name(),
                row.tenant().value(),
                row.type().id(),
                typed(Types.VARCHAR, row.cron()),
                typed(Types.BIGINT, millis(row.interval())),
                row.zone(),
                typed(Types.VARCHAR, row.properties()),
                row.missed(),
                row.missedLimit(),
                row.origin(),
                row.state(),
                typed(Types.TIMESTAMP, utc(row.nextFireAt())),
                typed(Types.TIMESTAMP, utc(row.lastFireAt())));
    }

    /** Replaces the definition, state and next fire time of the row read at {@code row.version()}. */
    boolean update(ScheduleRow row) {
        return jdbc.update(
                        UPDATE_DEFINITION.formatted(table),
                        row.tenant().value(),
                        row.type().id(),
                        typed(Types.VARCHAR, row.cron()),
                        typed(Types.BIGINT, millis(row.interval())),
                        row.zone(),
                        typed(Types.VARCHAR, row.properties()),
                        row.missed(),
                        row.missedLimit(),
                        row.origin(),
                        row.state(),
                        typed(Types.TIMESTAMP, utc(row.nextFireAt())),
                        row.name(),
                        row.version())
                == 1;
    }

    /** Moves an active row read at {@code version} to its next fire time; false when another node did. */
    boolean advance(String name, long version, Instant next, @Nullable Instant last) {
        return jdbc.update(ADVANCE.formatted(table), utc(next), typed(Types.TIMESTAMP, utc(last)), name, version) == 1;
    }

    boolean delete(String name) {
        return jdbc.update(DELETE.formatted(table), name) == 1;
    }

    /** Deletes the declared schedules whose names are not in {@code keep}. */
    int deleteDeclaredExcept(Collection<String> keep) {
        String sql = DELETE_DECLARED.formatted(table)
                + (keep.isEmpty() ? "" : "  AND name NOT IN (" + Sql.repeat("?", keep.size()) + ")\n");
        return jdbc.update(sql, keep.toArray());
    }

    private static ScheduleRow row(ResultSet rs, int n) throws SQLException {
        long interval = rs.getLong("interval_ms");
        Duration duration = rs.wasNull() ? null : Duration.ofMillis(interval);
        return new ScheduleRow(
                rs.getString("name"),
                Tenant.of(rs.getInt("tenant")),
                JobType.of(rs.getInt("job_type")),
                rs.getString("cron"),
                duration,
                rs.getString("zone"),
                rs.getString("properties"),
                rs.getInt("missed"),
                rs.getInt("missed_limit"),
                rs.getInt("origin"),
                rs.getInt("state"),
                instant(rs, "next_fire_at"),
                instant(rs, "last_fire_at"),
                rs.getLong("version"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime text = rs.getObject(column, LocalDateTime.class);
        return text == null ? null : text.toInstant(ZoneOffset.UTC);
    }

    private static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable Long millis(@Nullable Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    private static Object typed(int sqlType, @Nullable Object value) {
        return value == null ? new SqlParameterValue(sqlType, null) : value;
    }
}
