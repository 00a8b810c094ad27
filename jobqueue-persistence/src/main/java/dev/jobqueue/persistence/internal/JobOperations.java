package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.JobOperationResult.Status;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An operator's actions on jobs no worker needs to agree to (issue #14): cancel, run now and
 * retry now, on one job or on every job a filter matches, in batches. Each is a lifecycle event:
 * the rows it may act on are the event's sources, each row is locked, moved with a guarded
 * update and given its transition's effects (the next row of its retry group) in the caller's
 * transaction.
 */
final class JobOperations {

    private static final String COLUMNS = """
            SELECT j.id, j.tenant, j.job_type, j.correlation_id, j.state, j.sub_state, j.pending_execution, j.version
            FROM %s j
            """;
    private static final String LOCK_ONE = """
            WHERE j.id = ?
              AND j.part = ?
            FOR UPDATE
            """;
    // Keyset pages in id order: each batch starts after the last id the one before saw, so a row
    // that could not move is never read twice.
    private static final String LOCK_BATCH = """
            WHERE j.id > ?
              AND (%s)%s
            ORDER BY j.id
            LIMIT ?
            FOR UPDATE
            """;
    private static final String DATA_JOIN = "JOIN %s d ON d.id = j.id AND d.part = j.part\n";
    private static final String MOVE = """
            UPDATE %s
            SET state = ?, sub_state = ?, pending_execution = pending_execution + ?, version = version + 1,
                lease_expires_at = NULL
            WHERE state = ?
              AND %%s
            """;
    private static final String SELECT_IN_SUB_STATE = """
            SELECT id
            FROM %s
            WHERE state = ?
              AND sub_state = ?
              AND %%s
            """;

    private final JdbcTemplate jdbc;
    private final JobLifecycle lifecycle;
    private final SessionZone zone;
    private final RetryGroupCopier copier;
    private final FollowUps followUps;
    private final String select;
    private final String dataJoin;
    private final String move;
    private final String selectInSubState;

    JobOperations(JdbcTemplate jdbc, TableName table, JobLifecycle lifecycle, SessionZone zone, FollowUps followUps) {
        this.jdbc = jdbc;
        this.followUps = followUps;
        this.lifecycle = lifecycle;
        this.zone = zone;
        this.copier = new RetryGroupCopier(jdbc, table);
        this.select = COLUMNS.formatted(table.jobs());
        this.dataJoin = DATA_JOIN.formatted(table.jobsData());
        this.move = MOVE.formatted(table.jobs());
        this.selectInSubState = SELECT_IN_SUB_STATE.formatted(table.jobs());
    }

    /** One batch of a bulk action: how many rows moved, and the last id it read (null when it read none). */
    record Batch(int changed, int read, @Nullable String lastId) {}

    /**
     * Applies an operator's event to one job, locked first; answers without writing when the job
     * is missing, finished or in no sub-state for the event.
     *
     * @param executions the fresh executions of a retry, by job type
     */
    JobOperationResult apply(JobId id, JobEvent event, ToIntFunction<JobType> executions, Instant now) {
        Optional<JobTransitions.Current> found =
                jdbc.query(select + LOCK_ONE, (rs, n) -> current(rs), id.value(), Sql.utc(id.part())).stream()
                        .findFirst();
        if (found.isEmpty()) {
            return new JobOperationResult(id, Status.NOT_FOUND, 0, null, "no job has the id " + id);
        }
        JobTransitions.Current job = found.get();
        SubState from = lifecycle.subStateOf(job.state(), job.subState());
        String where = from.state() + "/" + from.code() + " (" + lifecycle.nameOf(from) + ")";
        if (!lifecycle.sourcesOf(event).contains(from)) {
            boolean finished = lifecycle.isTerminal(from) && event != JobEvent.RETRY_NOW;
            return new JobOperationResult(
                    id,
                    finished ? Status.ALREADY_FINISHED : Status.NOT_ALLOWED,
                    from.code(),
                    null,
                    "job " + id + (finished ? " has already finished: " : " cannot take " + event + ": ") + "it is "
                            + where + "; " + event + " applies to " + new TreeSet<>(codes(event)));
        }
        if (event == JobEvent.RUN_NOW && !id.part().isAfter(now)) {
            return new JobOperationResult(
                    id,
                    Status.NOT_ALLOWED,
                    from.code(),
                    null,
                    "job " + id + " is already due (at " + id.part() + "); it runs when a worker is free");
        }
        Map<JobId, JobId> next = move(List.of(job), event, executions, now);
        JobId newJob = next.get(id);
        Transition transition = lifecycle.transition(job.state(), job.subState(), event, job.pendingExecution());
        return new JobOperationResult(
                id,
                Status.APPLIED,
                from.code(),
                newJob,
                "job " + id + " went from " + where + " to " + transition.to().code()
                        + (newJob == null ? "" : "; its next run is job " + newJob));
    }

    /**
     * Locks the next {@code limit} rows after {@code afterId} that the filter matches and the event
     * applies to, and moves them.
     */
    Batch applyToBatch(
            JobEvent event,
            FilterSql filter,
            String afterId,
            int limit,
            ToIntFunction<JobType> executions,
            Instant now) {
        List<Object> args = new ArrayList<>();
        args.add(afterId);
        args.addAll(filter.args());
        args.add(limit);
        String sql = select
                + (filter.needsData() ? dataJoin : "")
                + LOCK_BATCH.formatted(sourceCondition(event), filter.conditions());
        List<JobTransitions.Current> rows = jdbc.query(sql, (rs, n) -> current(rs), args.toArray());
        if (rows.isEmpty()) {
            return new Batch(0, 0, null);
        }
        int changed = move(rows, event, executions, now).size();
        return new Batch(changed, rows.size(), rows.get(rows.size() - 1).id().value());
    }

    /** The jobs among {@code ids} that are now in {@code subState}: a running node's check for cancels. */
    List<JobId> inSubState(List<JobId> ids, SubState subState) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(2 + ids.size() * 2);
        args.add(subState.state().code());
        args.add(subState.code());
        ids.forEach(id -> {
            args.add(id.value());
            args.add(Sql.utc(id.part()));
        });
        return jdbc.query(
                selectInSubState.formatted(Sql.keyIn("id, part", ids.size())),
                (rs, n) -> JobId.parse(rs.getString("id")),
                args.toArray());
    }

    /**
     * Moves locked rows with one guarded update per outcome, then inserts the next rows their
     * transitions schedule; returns, for each row that moved, its next row (null if none).
     */
    private Map<JobId, JobId> move(
            List<JobTransitions.Current> rows, JobEvent event, ToIntFunction<JobType> executions, Instant now) {
        record Outcome(Transition transition, int fromState) {}
        Map<Outcome, List<JobTransitions.Current>> byOutcome = new LinkedHashMap<>();
        for (JobTransitions.Current row : rows) {
            Transition transition = lifecycle.transition(row.state(), row.subState(), event, row.pendingExecution());
            byOutcome
                    .computeIfAbsent(new Outcome(transition, row.state()), o -> new ArrayList<>())
                    .add(row);
        }
        Map<JobId, JobId> moved = new LinkedHashMap<>();
        List<RetryGroupCopier.Copy> copies = new ArrayList<>();
        byOutcome.forEach((outcome, group) -> {
            Transition transition = outcome.transition();
            List<Object> args = new ArrayList<>(4 + group.size() * 3);
            args.add(transition.toState().code());
            args.add(transition.to().code());
            args.add(transition.pendingDelta());
            args.add(outcome.fromState());
            group.forEach(row -> {
                args.add(row.id().value());
                args.add(Sql.utc(row.id().part()));
                args.add(row.version());
            });
            int updated = jdbc.update(move.formatted(Sql.keyIn("id, part, version", group.size())), args.toArray());
            if (updated != group.size()) {
                // The rows are locked by this transaction: another count means a broken invariant.
                throw new IllegalStateException("Moving " + group.size() + " locked jobs through " + event + " changed "
                        + updated + " rows; rolling back");
            }
            FollowUps.Ending ending = FollowUps.endingOf(transition, event);
            if (ending != null) {
                // A cancel ends the job's retry group: no continuation, a batch counts it cancelled.
                followUps.endedByKeys(
                        group.stream().map(JobTransitions.Current::id).toList(), ending, now);
            }
            for (JobTransitions.Current row : group) {
                RetryGroupCopier.Copy copy = nextRow(row, transition, executions, now);
                moved.put(row.id(), copy == null ? null : copy.to());
                if (copy != null) {
                    copies.add(copy);
                }
            }
        });
        copier.insert(copies);
        return moved;
    }

    private RetryGroupCopier.@Nullable Copy nextRow(
            JobTransitions.Current row, Transition transition, ToIntFunction<JobType> executions, Instant now) {
        int pendingAfter = row.pendingExecution() + transition.pendingDelta();
        if (transition.has(Effect.SCHEDULE_NOW)) {
            return new RetryGroupCopier.Copy(row.id(), JobId.forRunAt(zone.storable(now)), pendingAfter, 0);
        }
        if (transition.has(Effect.SCHEDULE_FRESH_RUN)) {
            return new RetryGroupCopier.Copy(
                    row.id(), JobId.forRunAt(zone.storable(now)), executions.applyAsInt(row.jobType()), 1);
        }
        return null;
    }

    /**
     * The rows an event applies to, by stored codes: its sources per state, and in PROCESSING
     * also the Go library's claimed rows (2/10, 2/11), which the lifecycle reads as 20.
     */
    private String sourceCondition(JobEvent event) {
        Map<Integer, TreeSet<Integer>> byState = new TreeMap<>();
        for (SubState source : lifecycle.sourcesOf(event)) {
            byState.computeIfAbsent(source.state().code(), s -> new TreeSet<>()).add(source.code());
        }
        TreeSet<Integer> processing = byState.get(JobState.PROCESSING.code());
        if (processing != null && processing.contains(SubState.PROCESSING.code())) {
            processing.add(SubState.SCHEDULED.code());
            processing.add(SubState.SCHEDULED_DEFAULT.code());
        }
        if (byState.isEmpty()) {
            return "1 = 0";
        }
        StringJoiner any = new StringJoiner(" OR ");
        byState.forEach(
                (state, codes) -> any.add("(j.state = " + state + " AND j.sub_state IN (" + Sql.codes(codes) + "))"));
        return any.toString();
    }

    private List<Integer> codes(JobEvent event) {
        return lifecycle.sourcesOf(event).stream().map(SubState::code).toList();
    }

    private static JobTransitions.Current current(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new JobTransitions.Current(
                JobId.parse(rs.getString("id")),
                Tenant.of(rs.getInt("tenant")),
                JobType.of(rs.getInt("job_type")),
                rs.getString("correlation_id"),
                rs.getInt("state"),
                rs.getInt("sub_state"),
                rs.getInt("pending_execution"),
                rs.getInt("version"));
    }
}
