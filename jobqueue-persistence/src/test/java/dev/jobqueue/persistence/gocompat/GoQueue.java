package dev.jobqueue.persistence.gocompat;

import static dev.jobqueue.persistence.gocompat.GoApi.STATUS_DONE;
import static dev.jobqueue.persistence.gocompat.GoApi.STATUS_FAILED;
import static dev.jobqueue.persistence.gocompat.GoApi.STATUS_PROCESSING;
import static dev.jobqueue.persistence.gocompat.GoApi.STATUS_SCHEDULED;
import static dev.jobqueue.persistence.gocompat.GoApi.SUB_STATUS_DONE;
import static dev.jobqueue.persistence.gocompat.GoApi.SUB_STATUS_NO_RETRY_PENDING;
import static dev.jobqueue.persistence.gocompat.GoApi.SUB_STATUS_RETRY_DECLINED;
import static dev.jobqueue.persistence.gocompat.GoApi.SUB_STATUS_RETRY_PENDING;
import static dev.jobqueue.persistence.gocompat.GoApi.SUB_STATUS_SCHEDULED_OK;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.gocompat.GoApi.Details;
import dev.jobqueue.persistence.gocompat.GoApi.Poll;
import dev.jobqueue.persistence.gocompat.GoApi.PollOutcome;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Plays the Go library (gox-base's queue) on the shared tables: every method issues the SQL
 * that {@code shared/seed/CONTRACT.md} describes, with plain JDBC, bugs included. It never
 * uses jobqueue's code except {@link JobId} to make and decode ULIDs, as the Go library does
 * with oklog/ulid.
 *
 * <p>As the contract's section "What the Go code really writes and reads" says: missing values
 * are written as {@code ''}, {@code 0} and {@code {"": ""}}, never NULL; properties go through
 * a map (sorted keys, compact); the details read reports NULL strings as {@code ''}, NULL ints
 * as 0, and both int fields as 0 when the correlation id is NULL; a retry re-marshals the
 * properties it read and copies int_udf_1 into int_udf_2; complete and fail check no state;
 * update-data reports no error for a missing id; the claim decrements pending_execution
 * without a guard; no lease is ever written.
 *
 * <p>Times are bound and read as UTC wall-clock {@link LocalDateTime}s, as go-sql-driver/mysql
 * with its default {@code loc=UTC} sends and reads TIMESTAMP text; the session time zone is
 * never set. "Now" comes from the clock the test gives, like {@code time.Now()}.
 */
final class GoQueue {

    private static final Duration MIN_WAIT = Duration.ofMillis(1);
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private static final String INSERT_JOB_DATA = """
            INSERT INTO %s (id, tenant, string_udf_1, string_udf_2, int_udf_1, int_udf_2, properties, part, retry_group)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String INSERT_JOB = """
            INSERT INTO %s (id, tenant, correlation_id, job_type, process_at, state, sub_state, version,
                            pending_execution, part)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String POLL_MIN_ID = """
            SELECT MIN(id)
            FROM %s
            WHERE tenant = ?
              AND state = ?
              AND job_type = ?
            FOR UPDATE SKIP LOCKED
            """;
    private static final String MARK_POLLED = """
            UPDATE %s
            SET state = ?, version = version + 1, pending_execution = pending_execution - 1
            WHERE id = ?
              AND part = ?
            """;
    private static final String UPDATE_STATUS = """
            UPDATE %s
            SET state = ?, sub_state = ?
            WHERE id = ?
              AND part = ?
            """;
    private static final String SELECT_JOB = """
            SELECT job_type, state, sub_state, correlation_id, pending_execution, tenant
            FROM %s
            WHERE id = ?
              AND part = ?
            """;
    private static final String SELECT_JOB_DATA = """
            SELECT properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2, retry_group
            FROM %s
            WHERE id = ?
              AND part = ?
            """;
    private static final String UPDATE_JOB_DATA = """
            UPDATE %s
            SET string_udf_1 = ?, string_udf_2 = ?, int_udf_1 = ?, int_udf_2 = ?, properties = ?
            WHERE id = ?
              AND part = ?
            """;

    private final DataSource dataSource;
    private final Clock clock;
    private final String insertJobData;
    private final String insertJob;
    private final String pollMinId;
    private final String markPolled;
    private final String updateStatus;
    private final String selectJob;
    private final String selectJobData;
    private final String updateJobData;

    GoQueue(DataSource dataSource, TableName table, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.insertJobData = INSERT_JOB_DATA.formatted(table.jobsData());
        this.insertJob = INSERT_JOB.formatted(table.jobs());
        this.pollMinId = POLL_MIN_ID.formatted(table.jobs());
        this.markPolled = MARK_POLLED.formatted(table.jobs());
        this.updateStatus = UPDATE_STATUS.formatted(table.jobs());
        this.selectJob = SELECT_JOB.formatted(table.jobs());
        this.selectJobData = SELECT_JOB_DATA.formatted(table.jobsData());
        this.updateJobData = UPDATE_JOB_DATA.formatted(table.jobsData());
    }

    /** A poll whose transaction stays open, holding its row lock, until it is closed (then committed). */
    final class HeldPoll implements AutoCloseable {

        private final Connection connection;
        private final Poll poll;

        private HeldPoll(Connection connection, Poll poll) {
            this.connection = connection;
            this.poll = poll;
        }

        Poll poll() {
            return poll;
        }

        @Override
        public void close() throws SQLException {
            try (connection) {
                if (poll.outcome() == PollOutcome.CLAIMED) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            }
        }
    }

    /**
     * Schedule: process_at truncated to seconds, at least one execution, state 1/10, version 1,
     * a new retry group; the data row first, then the job row (not atomic, as the seed).
     */
    String schedule(ScheduleRequest request) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return insert(
                    connection,
                    request,
                    GoJson.marshalForSchedule(request.properties()),
                    UUID.randomUUID().toString());
        }
    }

    /** Poll: MIN(id) locked with SKIP LOCKED, the wait hint, then the claim, in one transaction. */
    Poll poll(int tenant, int jobType) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Poll poll = poll(connection, tenant, jobType);
                if (poll.outcome() == PollOutcome.CLAIMED) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return poll;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** As {@link #poll(int, int)}, but the transaction stays open until the result is closed. */
    HeldPoll pollAndHold(int tenant, int jobType) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try {
            return new HeldPoll(connection, poll(connection, tenant, jobType));
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            connection.close();
            throw e;
        }
    }

    /** MarkJobCompleted: state 3, sub_state 30, without looking at the current state (seed bug). */
    void markCompleted(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            setStatus(connection, id, STATUS_DONE, SUB_STATUS_DONE);
        }
    }

    /**
     * MarkJobCompletedWithRetry: 4/43 when no execution is left, 4/45 without a retry time,
     * else a retry row in the same retry group and 4/44, in one transaction.
     *
     * @return the id of the retry row, if one was scheduled
     */
    Optional<String> markFailedWithRetry(String id, @Nullable Instant retryAt) throws SQLException {
        Details job = fetchDetails(id).orElseThrow(() -> new SQLException("failed to read job details: id=" + id));
        try (Connection connection = dataSource.getConnection()) {
            if (job.remainingExecution() <= 0) {
                setStatus(connection, id, STATUS_FAILED, SUB_STATUS_NO_RETRY_PENDING);
                return Optional.empty();
            }
            if (retryAt == null) {
                setStatus(connection, id, STATUS_FAILED, SUB_STATUS_RETRY_DECLINED);
                return Optional.empty();
            }
            // Seed bug, reproduced on purpose: update.go passes IntUdf2: jobFetchResponse.IntUdf1,
            // so the retry row carries int_udf_1 in int_udf_2.
            // The details read went through a map: the retry writes it marshalled again.
            ScheduleRequest retry = new ScheduleRequest(
                    job.tenant(),
                    job.jobType(),
                    retryAt,
                    job.remainingExecution(),
                    job.correlationId(),
                    GoJson.remarshal(job.properties()),
                    job.stringUdf1(),
                    job.stringUdf2(),
                    job.intUdf1(),
                    job.intUdf1());
            connection.setAutoCommit(false);
            try {
                String retryId = insert(connection, retry, retry.properties(), job.retryGroup());
                setStatus(connection, id, STATUS_FAILED, SUB_STATUS_RETRY_PENDING);
                connection.commit();
                return Optional.of(retryId);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** FetchJobDetails: the job row, then the data row, each by (id, part). */
    Optional<Details> fetchDetails(String id) throws SQLException {
        LocalDateTime part = partOf(id);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement job = prepare(connection, selectJob, id, part);
                PreparedStatement data = prepare(connection, selectJobData, id, part);
                ResultSet jobRow = job.executeQuery();
                ResultSet dataRow = data.executeQuery()) {
            if (!jobRow.next() || !dataRow.next()) {
                return Optional.empty();
            }
            // Go keeps the int fields only when correlation_id is not NULL (its scan of the joined
            // values); otherwise it reports 0/0. NULL strings read as '', NULL ints as 0.
            String correlationId = jobRow.getString("correlation_id");
            boolean keepInts = correlationId != null;
            return Optional.of(new Details(
                    id,
                    part.toInstant(ZoneOffset.UTC),
                    jobRow.getInt("job_type"),
                    jobRow.getInt("state"),
                    jobRow.getInt("sub_state"),
                    orEmpty(correlationId),
                    jobRow.getInt("pending_execution"),
                    jobRow.getInt("tenant"),
                    dataRow.getString("properties"),
                    orEmpty(dataRow.getString("string_udf_1")),
                    orEmpty(dataRow.getString("string_udf_2")),
                    keepInts ? dataRow.getInt("int_udf_1") : 0,
                    keepInts ? dataRow.getInt("int_udf_2") : 0,
                    dataRow.getString("retry_group")));
        }
    }

    /**
     * UpdateJobData: the four user fields and the properties ({@code ''} when none are given,
     * {@code ''} and 0 for missing user fields). Zero rows updated is not reported: the Go code
     * wraps a nil error, so a missing id "succeeds".
     */
    void updateJobData(
            String id,
            @Nullable String properties,
            @Nullable String stringUdf1,
            @Nullable String stringUdf2,
            @Nullable Integer intUdf1,
            @Nullable Integer intUdf2)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = prepare(
                        connection,
                        updateJobData,
                        orEmpty(stringUdf1),
                        orEmpty(stringUdf2),
                        orZero(intUdf1),
                        orZero(intUdf2),
                        properties == null ? "" : GoJson.remarshal(properties),
                        id,
                        partOf(id))) {
            update.executeUpdate();
        }
    }

    private Poll poll(Connection connection, int tenant, int jobType) throws SQLException {
        String id;
        try (PreparedStatement select = prepare(connection, pollMinId, tenant, STATUS_SCHEDULED, jobType);
                ResultSet rs = select.executeQuery()) {
            id = rs.next() ? rs.getString(1) : null;
        }
        if (id == null) {
            return new Poll(PollOutcome.NO_JOB, null, null);
        }
        Instant processAt = Instant.ofEpochMilli(JobId.parse(id).timestampMillis());
        Instant now = clock.instant();
        if (processAt.isAfter(now)) {
            Duration wait = Duration.between(now, processAt);
            wait = wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
            return new Poll(PollOutcome.WAIT, id, wait);
        }
        // As the seed: no guard on state or version, only the lock the MIN(id) read took.
        try (PreparedStatement update = prepare(connection, markPolled, STATUS_PROCESSING, id, partOf(id))) {
            int updated = update.executeUpdate();
            return new Poll(updated == 0 ? PollOutcome.CONCURRENT_UPDATE : PollOutcome.CLAIMED, id, null);
        }
    }

    private String insert(Connection connection, ScheduleRequest request, String properties, String retryGroup)
            throws SQLException {
        Instant processAt = request.at().truncatedTo(ChronoUnit.SECONDS);
        String id = JobId.forRunAt(processAt).value();
        LocalDateTime at = utc(processAt);
        int executions = Math.max(1, request.remainingExecution());
        try (PreparedStatement data = prepare(
                        connection,
                        insertJobData,
                        id,
                        request.tenant(),
                        orEmpty(request.stringUdf1()),
                        orEmpty(request.stringUdf2()),
                        orZero(request.intUdf1()),
                        orZero(request.intUdf2()),
                        properties,
                        at,
                        retryGroup);
                PreparedStatement job = prepare(
                        connection,
                        insertJob,
                        id,
                        request.tenant(),
                        orEmpty(request.correlationId()),
                        request.jobType(),
                        at,
                        STATUS_SCHEDULED,
                        SUB_STATUS_SCHEDULED_OK,
                        1,
                        executions,
                        at)) {
            data.executeUpdate();
            job.executeUpdate();
        }
        return id;
    }

    private void setStatus(Connection connection, String id, int state, int subState) throws SQLException {
        try (PreparedStatement update = prepare(connection, updateStatus, state, subState, id, partOf(id))) {
            update.executeUpdate();
        }
    }

    /** The Go library's GeneratePartitionTimeByRecordId: the id's time, truncated to seconds. */
    static LocalDateTime partOf(String id) {
        return utc(Instant.ofEpochMilli(JobId.parse(id).timestampMillis()).truncatedTo(ChronoUnit.SECONDS));
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static PreparedStatement prepare(Connection connection, String sql, @Nullable Object... values)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static int orZero(@Nullable Integer value) {
        return value == null ? 0 : value;
    }
}
