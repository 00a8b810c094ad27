package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.Transition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jobs that follow jobs (issue #16), in the transaction that ends the job they follow.
 *
 * <p>A follow-up is a row of {@code X_follow_ups} keyed by the retry group of the job it follows:
 * a job to schedule when that job succeeds, or when it fails for good, or the job's membership of
 * a batch. When the group ends (its last row succeeds, fails without a retry row, or is
 * cancelled), the transaction that ends it (and holds its job row) reads the group's follow-ups,
 * deletes them, inserts the jobs they describe and counts the memberships in {@code X_batches}. The counting update
 * locks the batch row, so members ending on different nodes take turns; the one transaction
 * whose update leaves no member remaining marks the batch finished and inserts its callback,
 * whose id was fixed when the batch was created: a second insert would collide on the primary key.
 */
final class FollowUps {

    /** What a follow-up row is. */
    enum Kind {
        ON_SUCCESS(1),
        ON_FAILURE(2),
        BATCH_MEMBER(3),
        BATCH_CALLBACK(4);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            return values()[code - 1];
        }
    }

    /** How a retry group ended. */
    enum Ending {
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    /** A retry group that ended, as its job row's transaction knows it. */
    record Ended(String retryGroup, Ending ending) {}

    /** A follow-up to store: what follows the group {@code parent}, and the job to insert then. */
    record Pending(String parent, Kind kind, @Nullable String batchId, JobInserter.@Nullable Row job) {}

    private static final String COLUMNS = """
            retry_group, kind, batch_id, job_id, tenant, job_type, correlation_id, sub_state, executions, run_at,
            properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2, job_retry_group, job_has_follow_ups""";
    private static final String INSERT = "INSERT INTO %s (" + COLUMNS + ")\nVALUES %%s";
    // No locking read: the rows of a group are only ever read by the transaction that ends the
    // group, which holds the group's live job row (or, for a callback, the batch row). A locking
    // read of a non-unique prefix would also lock the next group's first row, and two nodes
    // ending neighbouring groups would deadlock; the delete goes by full primary key instead.
    private static final String SELECT_BY_GROUPS = "SELECT seq, " + COLUMNS + """

            FROM %s
            WHERE retry_group IN (%%s)
            ORDER BY seq
            """;
    private static final String SELECT_BY_KEYS = """
            SELECT f.seq, f.retry_group, f.kind, f.batch_id, f.job_id, f.tenant, f.job_type, f.correlation_id, f.sub_state,
                   f.executions, f.run_at, f.properties, f.string_udf_1, f.string_udf_2, f.int_udf_1, f.int_udf_2,
                   f.job_retry_group, f.job_has_follow_ups
            FROM %s d
            JOIN %s f ON f.retry_group = d.retry_group
            WHERE %%s
              AND d.has_follow_ups = 1
            ORDER BY f.seq
            """;
    private static final String DELETE = "DELETE FROM %s WHERE %%s";
    private static final String INSERT_BATCH = """
            INSERT INTO %s (batch_id, tenant, total, remaining, callback_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """;
    private static final String COUNT = """
            UPDATE %s
            SET remaining = remaining - ?, succeeded = succeeded + ?, failed = failed + ?, cancelled = cancelled + ?
            WHERE batch_id = ?
            """;
    private static final String SELECT_BATCH = """
            SELECT batch_id, tenant, total, remaining, succeeded, failed, cancelled, callback_id, created_at,
                   finished_at
            FROM %s
            WHERE %%s
            """;
    private static final String SELECT_MEMBER =
            "SELECT batch_id FROM %s WHERE retry_group = ? AND kind = ? AND batch_id IS NOT NULL LIMIT 1";
    private static final String FINISH = "UPDATE %s SET finished_at = ? WHERE batch_id IN (%%s)";
    private static final int CHUNK = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final JobInserter inserter;
    private final SessionZone zone;
    private final String insert;
    private final String selectByGroups;
    private final String selectByKeys;
    private final String delete;
    private final String insertBatch;
    private final String count;
    private final String selectBatch;
    private final String finish;
    private final String selectMember;

    FollowUps(JdbcTemplate jdbc, TableName table, JobInserter inserter, SessionZone zone) {
        this.jdbc = jdbc;
        this.inserter = inserter;
        this.zone = zone;
        this.insert = INSERT.formatted(table.followUps());
        this.selectByGroups = SELECT_BY_GROUPS.formatted(table.followUps());
        this.selectByKeys = SELECT_BY_KEYS.formatted(table.jobsData(), table.followUps());
        this.delete = DELETE.formatted(table.followUps());
        this.insertBatch = INSERT_BATCH.formatted(table.batches());
        this.count = COUNT.formatted(table.batches());
        this.selectBatch = SELECT_BATCH.formatted(table.batches());
        this.finish = FINISH.formatted(table.batches());
        this.selectMember = SELECT_MEMBER.formatted(table.followUps());
    }

    /**
     * How a transition ends its job's retry group, or null when it does not: the row is not
     * finished, or a next row of the group was scheduled (a retry, a reschedule, a run now).
     */
    static @Nullable Ending endingOf(Transition transition, JobEvent event) {
        if (transition.toState() != JobState.DONE && transition.toState() != JobState.FAILED) {
            return null;
        }
        if (transition.has(Effect.SCHEDULE_RETRY)
                || transition.has(Effect.SCHEDULE_NEXT_RUN)
                || transition.has(Effect.SCHEDULE_NOW)
                || transition.has(Effect.SCHEDULE_FRESH_RUN)) {
            return null;
        }
        if (event == JobEvent.CANCEL_JOB) {
            return Ending.CANCELLED;
        }
        return transition.toState() == JobState.DONE ? Ending.SUCCEEDED : Ending.FAILED;
    }

    /** Stores follow-ups, in the transaction that inserts the jobs they follow. */
    void store(List<Pending> pending) {
        for (int from = 0; from < pending.size(); from += CHUNK) {
            List<Pending> chunk = pending.subList(from, Math.min(pending.size(), from + CHUNK));
            List<Object> args = new ArrayList<>(chunk.size() * 17);
            for (Pending p : chunk) {
                JobInserter.Row row = p.job();
                args.add(p.parent());
                args.add(p.kind().code);
                args.add(typed(Types.VARCHAR, p.batchId()));
                args.add(typed(
                        Types.VARCHAR,
                        p.kind() == Kind.BATCH_CALLBACK && row != null
                                ? row.id().value()
                                : null));
                if (row == null) {
                    args.add(0);
                    args.add(0);
                    args.add(typed(Types.VARCHAR, null));
                    args.add(SubState.SCHEDULED.code());
                    args.add(1);
                    args.add(typed(Types.TIMESTAMP, null));
                    args.add(typed(Types.VARCHAR, null));
                    args.add(typed(Types.VARCHAR, null));
                    args.add(typed(Types.VARCHAR, null));
                    args.add(typed(Types.INTEGER, null));
                    args.add(typed(Types.INTEGER, null));
                    args.add(typed(Types.VARCHAR, null));
                    args.add(0);
                } else {
                    NewJob job = row.job();
                    UserFields fields = job.userFields();
                    args.add(job.tenant().value());
                    args.add(job.jobType().id());
                    args.add(typed(Types.VARCHAR, job.correlationId()));
                    args.add(job.subState().code());
                    args.add(row.executions());
                    args.add(typed(Types.TIMESTAMP, job.runAt() == null ? null : Sql.utc(job.runAt())));
                    args.add(typed(Types.VARCHAR, row.properties()));
                    args.add(typed(Types.VARCHAR, fields.string1()));
                    args.add(typed(Types.VARCHAR, fields.string2()));
                    args.add(typed(Types.INTEGER, fields.int1()));
                    args.add(typed(Types.INTEGER, fields.int2()));
                    args.add(row.retryGroup());
                    args.add(row.hasFollowUps() ? 1 : 0);
                }
            }
            String tuple = "(" + Sql.repeat("?", 17) + ")";
            jdbc.update(insert.formatted(Sql.repeat(tuple, chunk.size())), args.toArray());
        }
    }

    /** Creates a batch's row, in the transaction that inserts its members. */
    void createBatch(String batchId, Tenant tenant, int total, @Nullable JobId callback, Instant now) {
        jdbc.update(
                insertBatch,
                batchId,
                tenant.value(),
                total,
                total,
                typed(Types.VARCHAR, callback == null ? null : callback.value()),
                Sql.utcMillis(now));
    }

    /** A batch's row, if it exists. */
    Optional<BatchProgress> batch(String batchId) {
        return jdbc.query(selectBatch.formatted("batch_id = ?"), (rs, n) -> progress(rs), batchId).stream()
                .findFirst();
    }

    /**
     * The newest batches, newest first. Reads the newest {@code limit} rows backwards along
     * {@code created_index (created_at)}, to which InnoDB appends the primary key, so the order
     * needs no sort.
     */
    List<BatchProgress> recent(int limit) {
        return jdbc.query(
                selectBatch.formatted("1 = 1 ORDER BY created_at DESC, batch_id DESC LIMIT ?"),
                (rs, n) -> progress(rs),
                limit);
    }

    /** The batch a member's retry group belongs to while it has not finished: a read of the primary key's prefix. */
    Optional<String> batchOfMember(String retryGroup) {
        return jdbc
                .query(selectMember, (rs, n) -> rs.getString("batch_id"), retryGroup, Kind.BATCH_MEMBER.code)
                .stream()
                .findFirst();
    }

    /** Carries out the follow-ups of retry groups that ended: the hot path, for held jobs that say they have some. */
    void ended(List<Ended> ended, Instant now) {
        if (ended.isEmpty()) {
            return;
        }
        Map<String, Ending> endings = new LinkedHashMap<>();
        ended.forEach(e -> endings.put(e.retryGroup(), e.ending()));
        List<Stored> rows = jdbc.query(
                selectByGroups.formatted(Sql.repeat("?", endings.size())),
                (rs, n) -> Stored.read(rs),
                endings.keySet().toArray());
        fire(rows, endings, now);
    }

    /**
     * Carries out the follow-ups of jobs that ended, found by their keys: for the rarer paths
     * (lease recovery, an operator's cancel, an application's event) that do not hold the flag.
     */
    void endedByKeys(List<JobId> ids, Ending ending, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> keys = new ArrayList<>(ids.size() * 2);
        ids.forEach(id -> {
            keys.add(id.value());
            keys.add(Sql.utc(id.part()));
        });
        List<Stored> rows = jdbc.query(
                selectByKeys.formatted(Sql.keyIn("d.id, d.part", ids.size())),
                (rs, n) -> Stored.read(rs),
                keys.toArray());
        Map<String, Ending> endings = new LinkedHashMap<>();
        rows.forEach(row -> endings.put(row.parent(), ending));
        fire(rows, endings, now);
    }

    private void fire(List<Stored> rows, Map<String, Ending> endings, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        delete(rows);
        List<JobInserter.Row> jobs = new ArrayList<>();
        // Sorted, so that two transactions counting the same batches lock their rows in the same order.
        Map<String, int[]> counts = new TreeMap<>();
        for (Stored row : rows) {
            // why: the rows were read for the parents that ended, so each has its ending
            Ending ending = Objects.requireNonNull(endings.get(row.parent()), row.parent());
            switch (row.kind()) {
                case ON_SUCCESS -> {
                    if (ending == Ending.SUCCEEDED) {
                        jobs.add(row.toInsert(now, zone, null));
                    }
                }
                case ON_FAILURE -> {
                    if (ending == Ending.FAILED) {
                        jobs.add(row.toInsert(now, zone, null));
                    }
                }
                case BATCH_MEMBER -> counts.computeIfAbsent(row.batchId(), id -> new int[3])[ending.ordinal()]++;
                case BATCH_CALLBACK ->
                    throw new IllegalStateException(
                            "a batch callback keyed by a job's retry" + " group: " + row.parent());
            }
        }
        if (!counts.isEmpty()) {
            jobs.addAll(count(counts, now));
        }
        inserter.insert(jobs);
    }

    /** Counts the members that ended; returns the callbacks of the batches this leaves with none remaining. */
    private List<JobInserter.Row> count(Map<String, int[]> counts, Instant now) {
        counts.forEach((batchId, c) -> jdbc.update(count, c[0] + c[1] + c[2], c[0], c[1], c[2], batchId));
        // The rows stay locked by the updates above until this transaction ends: no other member can
        // be counted in between, so remaining = 0 here means this transaction counted the last one.
        List<BatchProgress> done = jdbc.query(
                selectBatch.formatted("batch_id IN (" + Sql.repeat("?", counts.size())
                        + ") AND remaining = 0 AND finished_at IS NULL"),
                (rs, n) -> progress(rs),
                counts.keySet().toArray());
        if (done.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(Sql.utcMillis(now));
        done.forEach(batch -> args.add(batch.id()));
        jdbc.update(finish.formatted(Sql.repeat("?", done.size())), args.toArray());
        Map<String, BatchProgress> byGroup = new LinkedHashMap<>();
        done.forEach(batch -> byGroup.put(callbackGroup(batch.id()), batch));
        List<Stored> callbacks = jdbc.query(
                selectByGroups.formatted(Sql.repeat("?", byGroup.size())),
                (rs, n) -> Stored.read(rs),
                byGroup.keySet().toArray());
        if (callbacks.isEmpty()) {
            return List.of();
        }
        delete(callbacks);
        return callbacks.stream()
                .map(callback -> callback.toInsert(now, zone, byGroup.get(callback.parent())))
                .toList();
    }

    /** Deletes follow-up rows by their full primary key: no lock on any other row. */
    private void delete(List<Stored> rows) {
        List<Object> keys = new ArrayList<>(rows.size() * 2);
        rows.forEach(row -> {
            keys.add(row.parent());
            keys.add(row.seq());
        });
        jdbc.update(delete.formatted(Sql.keyIn("retry_group, seq", rows.size())), keys.toArray());
    }

    /** The key under which a batch's callback waits. */
    static String callbackGroup(String batchId) {
        return "batch:" + batchId;
    }

    private static BatchProgress progress(ResultSet rs) throws SQLException {
        String callback = rs.getString("callback_id");
        return new BatchProgress(
                rs.getString("batch_id"),
                Tenant.of(rs.getInt("tenant")),
                rs.getInt("total"),
                rs.getInt("succeeded"),
                rs.getInt("failed"),
                rs.getInt("cancelled"),
                Sql.requiredInstant(rs, "created_at"),
                Sql.instant(rs, "finished_at"),
                callback == null ? null : JobId.parse(callback));
    }

    private static Object typed(int sqlType, @Nullable Object value) {
        return value == null ? new SqlParameterValue(sqlType, null) : value;
    }

    /** A follow-up row as read. */
    private record Stored(
            long seq,
            String parent,
            Kind kind,
            @Nullable String batchId,
            @Nullable String jobId,
            int tenant,
            int jobType,
            @Nullable String correlationId,
            int subState,
            int executions,
            @Nullable Instant runAt,
            @Nullable String properties,
            UserFields userFields,
            @Nullable String jobRetryGroup,
            boolean jobHasFollowUps) {

        static Stored read(ResultSet rs) throws SQLException {
            return new Stored(
                    rs.getLong("seq"),
                    rs.getString("retry_group"),
                    Kind.of(rs.getInt("kind")),
                    rs.getString("batch_id"),
                    rs.getString("job_id"),
                    rs.getInt("tenant"),
                    rs.getInt("job_type"),
                    rs.getString("correlation_id"),
                    rs.getInt("sub_state"),
                    rs.getInt("executions"),
                    Sql.instant(rs, "run_at"),
                    rs.getString("properties"),
                    new UserFields(
                            rs.getString("string_udf_1"),
                            rs.getString("string_udf_2"),
                            Sql.integer(rs, "int_udf_1"),
                            Sql.integer(rs, "int_udf_2")),
                    rs.getString("job_retry_group"),
                    rs.getInt("job_has_follow_ups") == 1);
        }

        /** The job to insert now: due now, or at its own run time when that is later. */
        JobInserter.Row toInsert(Instant now, SessionZone zone, @Nullable BatchProgress batch) {
            NewJob job = NewJob.of(JobType.of(jobType))
                    .tenant(Tenant.of(tenant))
                    .subState(SubState.of(subState))
                    .userFields(userFields);
            if (correlationId != null) {
                job = job.correlationId(correlationId);
            }
            Instant due = runAt != null && runAt.isAfter(now) ? runAt : now;
            JobId id = jobId != null ? JobId.parse(jobId) : JobId.forRunAt(zone.storable(due));
            String payload = batch == null ? properties : withCounts(properties, batch);
            return new JobInserter.Row(
                    id,
                    job,
                    executions,
                    payload,
                    jobRetryGroup == null ? RetryGroups.next() : jobRetryGroup,
                    jobHasFollowUps);
        }

        /** The callback's payload with {@code "batch": {id, total, succeeded, failed, cancelled}} set. */
        private static String withCounts(@Nullable String properties, BatchProgress batch) {
            ObjectNode payload;
            String stored = Payloads.stored(properties);
            if (stored == null) {
                payload = JSON.createObjectNode();
            } else {
                JsonNode node = JSON.readTree(stored);
                payload = node instanceof ObjectNode object ? object : JSON.createObjectNode();
            }
            ObjectNode counts = payload.putObject("batch");
            counts.put("id", batch.id());
            counts.put("total", batch.total());
            counts.put("succeeded", batch.succeeded());
            counts.put("failed", batch.failed());
            counts.put("cancelled", batch.cancelled());
            return JSON.writeValueAsString(payload);
        }
    }
}
