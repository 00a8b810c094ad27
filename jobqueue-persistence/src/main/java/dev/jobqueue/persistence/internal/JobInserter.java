package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.UserFields;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;

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
        List<Object> data = new ArrayList<>(rows.size() * 10);
        List<Object> jobs = new ArrayList<>(rows.size() * 10);
        for (Row row : rows) {
            UserFields fields = row.job().userFields();
            Object part = Sql.utc(row.id().part());
            data.add(row.id().value());
            data.add(row.job().tenant().value());
            data.add(row.properties());
            data.add(typed(Types.VARCHAR, fields.string1()));
            data.add(typed(Types.VARCHAR, fields.string2()));
            data.add(typed(Types.INTEGER, fields.int1()));
            data.add(typed(Types.INTEGER, fields.int2()));
            data.add(part);
            data.add(row.retryGroup());
            data.add(1);
            data.add(typed(Types.TINYINT, row.hasFollowUps() ? 1 : null));
            jobs.add(row.id().value());
            jobs.add(row.job().tenant().value());
            // The Go library's "none": its details read and its retry drop the int fields of a NULL correlation.
            jobs.add(CorrelationIds.toColumn(row.job().correlationId()));
            jobs.add(row.job().jobType().id());
            jobs.add(row.job().subState().state().code());
            jobs.add(row.job().subState().code());
            jobs.add(row.executions());
            jobs.add(1);
            jobs.add(part);
            jobs.add(part);
        }
        String tuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        String dataTuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        jdbc.update(INSERT_DATA.formatted(dataTable, Sql.repeat(dataTuple, rows.size())), data.toArray());
        jdbc.update(INSERT_JOBS.formatted(jobsTable, Sql.repeat(tuple, rows.size())), jobs.toArray());
    }

    /**
     * A nullable value with its SQL type: an untyped null makes Spring ask the driver for the
     * statement's parameter metadata, which MariaDB Connector/J answers with an extra
     * server-side prepare of the whole statement.
     */
    private static Object typed(int sqlType, @Nullable Object value) {
        return value == null ? new SqlParameterValue(sqlType, null) : value;
    }
}
