package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.UserFields;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts both rows of new jobs with multi-row INSERTs: one statement per table per chunk,
 * whatever the driver's batching settings. The data row goes first, as the seed writes it.
 */
final class JobInserter {

    static final int CHUNK = 500;

    private static final String INSERT_DATA = """
            INSERT INTO %s (id, tenant, properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2, part,
                            retry_group, attempt, has_follow_ups)
            VALUES %s
            """;
    private static final String INSERT_JOBS = """
            INSERT INTO %s (id, tenant, correlation_id, job_type, state, sub_state, pending_execution, version,
                            process_at, part)
            VALUES %s
            """;

    private final JdbcTemplate jdbc;
    private final String dataTable;
    private final String jobsTable;

    JobInserter(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.dataTable = table.jobsData();
        this.jobsTable = table.jobs();
    }

    /**
     * A validated job, ready to insert.
     *
     * @param hasFollowUps whether a job follows this one (a continuation, a batch's count): the
     *     data row says so, so that completing a job nobody follows costs nothing more
     */
    record Row(
            JobId id,
            NewJob job,
            int executions,
            @Nullable String properties,
            String retryGroup,
            boolean hasFollowUps) {

        Row(JobId id, NewJob job, int executions, @Nullable String properties, String retryGroup) {
            this(id, job, executions, properties, retryGroup, false);
        }

        Row followed(boolean followed) {
            return new Row(id, job, executions, properties, retryGroup, followed);
        }

        Row withId(JobId newId) {
            return new Row(newId, job, executions, properties, retryGroup, hasFollowUps);
        }
    }

    void insert(List<Row> rows) {
        for (int from = 0; from < rows.size(); from += CHUNK) {
            insertChunk(rows.subList(from, Math.min(rows.size(), from + CHUNK)));
        }
    }

    private void insertChunk(List<Row> rows) {
        String tuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        String dataTuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        jdbc.update(INSERT_DATA.formatted(dataTable, Sql.repeat(dataTuple, rows.size())), ps -> bindData(ps, rows));
        jdbc.update(INSERT_JOBS.formatted(jobsTable, Sql.repeat(tuple, rows.size())), ps -> bindJobs(ps, rows));
    }

    /*
     * Typed setters, each with its SQL type for a null: an untyped value sends the driver through
     * its codecs one by one, and an untyped null makes Spring ask for the statement's parameter
     * metadata, which MariaDB Connector/J answers with an extra server-side prepare.
     */
    private static void bindData(PreparedStatement ps, List<Row> rows) throws SQLException {
        int i = 1;
        for (Row row : rows) {
            UserFields fields = row.job().userFields();
            ps.setString(i++, row.id().value());
            ps.setInt(i++, row.job().tenant().value());
            setString(ps, i++, row.properties());
            setString(ps, i++, fields.string1());
            setString(ps, i++, fields.string2());
            setInt(ps, i++, fields.int1());
            setInt(ps, i++, fields.int2());
            ps.setObject(i++, Sql.utc(row.id().part()));
            ps.setString(i++, row.retryGroup());
            ps.setInt(i++, 1);
            if (row.hasFollowUps()) {
                ps.setInt(i++, 1);
            } else {
                ps.setNull(i++, Types.TINYINT);
            }
        }
    }

    private static void bindJobs(PreparedStatement ps, List<Row> rows) throws SQLException {
        int i = 1;
        for (Row row : rows) {
            LocalDateTime part = Sql.utc(row.id().part());
            ps.setString(i++, row.id().value());
            ps.setInt(i++, row.job().tenant().value());
            // The Go library's "none": its details read and its retry drop the int fields of a NULL correlation.
            ps.setString(i++, CorrelationIds.toColumn(row.job().correlationId()));
            ps.setInt(i++, row.job().jobType().id());
            ps.setInt(i++, row.job().subState().state().code());
            ps.setInt(i++, row.job().subState().code());
            ps.setInt(i++, row.executions());
            ps.setInt(i++, 1);
            ps.setObject(i++, part);
            ps.setObject(i++, part);
        }
    }

    private static void setString(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void setInt(PreparedStatement ps, int index, @Nullable Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
