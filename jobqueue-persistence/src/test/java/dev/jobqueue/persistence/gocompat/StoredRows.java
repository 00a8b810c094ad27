package dev.jobqueue.persistence.gocompat;

import dev.jobqueue.domain.TableName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads both rows of jobs as stored, every column either side writes, for the tests' checks. */
final class StoredRows {

    private static final String SELECT = """
            SELECT j.id, j.part, j.tenant, j.correlation_id, j.job_type, j.state, j.sub_state, j.pending_execution,
                   j.version, j.process_at, j.lease_expires_at,
                   d.id AS data_id, d.part AS data_part, d.tenant AS data_tenant, d.properties, d.string_udf_1,
                   d.string_udf_2, d.int_udf_1, d.int_udf_2, d.retry_group, d.attempt
            FROM %s j
            LEFT JOIN %s d ON d.id = j.id AND d.part = j.part
            """;

    /** Both rows of one job; the data columns are null when the data row is missing. */
    record StoredJob(
            String id,
            Instant part,
            int tenant,
            @Nullable String correlationId,
            int jobType,
            int state,
            int subState,
            int pendingExecution,
            int version,
            Instant processAt,
            @Nullable Instant leaseExpiresAt,
            boolean hasDataRow,
            @Nullable Instant dataPart,
            @Nullable Integer dataTenant,
            @Nullable String properties,
            @Nullable String stringUdf1,
            @Nullable String stringUdf2,
            @Nullable Integer intUdf1,
            @Nullable Integer intUdf2,
            @Nullable String retryGroup,
            @Nullable Integer attempt) {}

    private final JdbcTemplate jdbc;
    private final String select;
    private final String countDataRows;

    StoredRows(DataSource dataSource, TableName table) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.select = SELECT.formatted(table.jobs(), table.jobsData());
        this.countDataRows = "SELECT COUNT(*) FROM " + table.jobsData() + " WHERE retry_group = ?";
    }

    StoredJob get(String id) {
        List<StoredJob> rows = jdbc.query(select + "WHERE j.id = ?", StoredRows::read, id);
        if (rows.size() != 1) {
            throw new IllegalStateException("Expected one jobs row with id " + id + " but found " + rows.size());
        }
        return rows.get(0);
    }

    /** Every row of a retry group, first run first. */
    List<StoredJob> retryGroup(String retryGroup) {
        return jdbc.query(select + "WHERE d.retry_group = ? ORDER BY j.id", StoredRows::read, retryGroup);
    }

    List<StoredJob> all() {
        return jdbc.query(select + "ORDER BY j.id", StoredRows::read);
    }

    /** The seed test's own check: {@code SELECT count(*) FROM jobs_data WHERE retry_group=?}. */
    int dataRowsOfRetryGroup(String retryGroup) {
        return jdbc.queryForObject(countDataRows, Integer.class, retryGroup);
    }

    private static StoredJob read(ResultSet rs, int row) throws SQLException {
        return new StoredJob(
                rs.getString("id"),
                instant(rs, "part"),
                rs.getInt("tenant"),
                rs.getString("correlation_id"),
                rs.getInt("job_type"),
                rs.getInt("state"),
                rs.getInt("sub_state"),
                rs.getInt("pending_execution"),
                rs.getInt("version"),
                instant(rs, "process_at"),
                instant(rs, "lease_expires_at"),
                rs.getString("data_id") != null,
                instant(rs, "data_part"),
                integer(rs, "data_tenant"),
                rs.getString("properties"),
                rs.getString("string_udf_1"),
                rs.getString("string_udf_2"),
                integer(rs, "int_udf_1"),
                integer(rs, "int_udf_2"),
                rs.getString("retry_group"),
                integer(rs, "attempt"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime utc = rs.getObject(column, LocalDateTime.class);
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
