package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.RetryGroups;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Plain JDBC inserts of both rows of many jobs with one multi-row INSERT per table, with the
 * columns and values jobqueue writes (ULID ids whose time is the due time, {@code part} the
 * due time in UTC wall-clock, time-ordered retry groups), so the starter and the baseline read
 * and write the same rows. {@link #withRandomRetryGroups()} writes random version-4 retry groups
 * instead, as jobqueue did before issue 19.
 */
final class RowWriter {

    static final int CHUNK = 500;

    private static final String INSERT_DATA = """
            INSERT INTO %s (id, tenant, properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2, part,
                            retry_group, attempt)
            VALUES %s
            """;
    private static final String INSERT_JOBS = """
            INSERT INTO %s (id, tenant, correlation_id, job_type, state, sub_state, pending_execution, version,
                            process_at, part)
            VALUES %s
            """;
    private static final String DATA_TUPLE = "(?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, 1)";
    /** The seed's own columns only, for a table without jobqueue's {@code attempt} (issue #19's index cost). */
    private static final String SEED_INSERT_DATA = """
            INSERT INTO %s (id, tenant, properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2, part,
                            retry_group)
            VALUES %s
            """;

    private static final String SEED_DATA_TUPLE = "(?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)";
    private static final String JOBS_TUPLE = "(?, ?, NULL, ?, ?, ?, 3, 1, ?, ?)";

    private final TableName table;
    private final int type;
    private final int tenant;
    private final boolean seedColumns;
    private final boolean randomRetryGroups;

    RowWriter(TableName table, int type, int tenant) {
        this(table, type, tenant, false, false);
    }

    private RowWriter(TableName table, int type, int tenant, boolean seedColumns, boolean randomRetryGroups) {
        this.table = table;
        this.type = type;
        this.tenant = tenant;
        this.seedColumns = seedColumns;
        this.randomRetryGroups = randomRetryGroups;
    }

    /** A writer that names only the seed's columns: for tables with the seed's DDL exactly. */
    static RowWriter seedColumns(TableName table, int type, int tenant) {
        return new RowWriter(table, type, tenant, true, false);
    }

    /** This writer with random version-4 retry groups, as jobqueue wrote them before issue 19. */
    RowWriter withRandomRetryGroups() {
        return new RowWriter(table, type, tenant, seedColumns, true);
    }

    /**
     * A job's retry group: a version-4 UUID, or one ordered by the time the job was created, as
     * jobqueue writes it (a job due in the past was created then; any other, now).
     */
    private String retryGroup(Row row, Instant now) {
        if (randomRetryGroups) {
            return UUID.randomUUID().toString();
        }
        return RetryGroups.at(row.dueAt().isBefore(now) ? row.dueAt() : now);
    }

    /** One job to write: when it is due, its state and sub-state, and its properties. */
    record Row(Instant dueAt, int state, int subState, String properties) {

        static Row due(long scheduledMicros) {
            return new Row(Instant.now(), 1, 10, NoopHandler.payload(scheduledMicros));
        }
    }

    /** Inserts the rows with one INSERT per table per 500 rows; the caller commits. */
    void insert(Connection connection, List<Row> rows) throws SQLException {
        for (int from = 0; from < rows.size(); from += CHUNK) {
            insertChunk(connection, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
        }
    }

    private void insertChunk(Connection connection, List<Row> rows) throws SQLException {
        String tuplesData =
                String.join(", ", Collections.nCopies(rows.size(), seedColumns ? SEED_DATA_TUPLE : DATA_TUPLE));
        String tuplesJobs = String.join(", ", Collections.nCopies(rows.size(), JOBS_TUPLE));
        String[] ids = new String[rows.size()];
        String insertData = (seedColumns ? SEED_INSERT_DATA : INSERT_DATA).formatted(table.jobsData(), tuplesData);
        Instant now = Instant.now();
        try (PreparedStatement data = connection.prepareStatement(insertData)) {
            int i = 1;
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                ids[r] = JobId.forRunAt(row.dueAt()).value();
                data.setString(i++, ids[r]);
                data.setInt(i++, tenant);
                data.setString(i++, row.properties());
                data.setObject(i++, part(row.dueAt()));
                data.setString(i++, retryGroup(row, now));
            }
            data.executeUpdate();
        }
        try (PreparedStatement jobs = connection.prepareStatement(INSERT_JOBS.formatted(table.jobs(), tuplesJobs))) {
            int i = 1;
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                jobs.setString(i++, ids[r]);
                jobs.setInt(i++, tenant);
                jobs.setInt(i++, type);
                jobs.setInt(i++, row.state());
                jobs.setInt(i++, row.subState());
                jobs.setObject(i++, part(row.dueAt()));
                jobs.setObject(i++, part(row.dueAt()));
            }
            jobs.executeUpdate();
        }
    }

    /** The UTC wall-clock text of a second, as jobqueue writes {@code part} and {@code process_at}. */
    static LocalDateTime part(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    }
}
