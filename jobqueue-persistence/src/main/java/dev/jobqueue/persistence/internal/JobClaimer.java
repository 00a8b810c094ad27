package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Claims the next due jobs of one tenant and type. Runs inside a READ COMMITTED
 * transaction opened by {@link JobQueue}: locking reads take no gap locks there, so
 * producers inserting into the same index range never wait on a claimer.
 *
 * <p>One locking read walks {@code claim_index} (job_type, state, tenant, id) in id order,
 * which is due-time order, skipping rows other claimers hold. It is not limited to due rows:
 * the first row that is not due yet answers "when is the next one due" without a second
 * query. Such rows stay locked only until this short transaction commits.
 */
final class JobClaimer {

    private static final String SELECT_NEXT = """
            SELECT id, part, state, sub_state, pending_execution, version, correlation_id, process_at
            FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ?
              AND state = %d
              AND tenant = ?
              AND sub_state IN (%s)
            ORDER BY id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;
    private static final String MOVE = """
            UPDATE %s
            SET state = ?, sub_state = ?, pending_execution = pending_execution + ?, version = version + 1,
                lease_expires_at = ?, run_started_at = %s
            WHERE %%s
            """;
    // The first claimed jobs go straight to free handler threads: their starts are written here.
    private static final String STARTED_NOW = "CASE WHEN %s THEN ? END";
    // The Go library leaves attempt NULL: a row's place in its retry group is then its rank.
    private static final String SELECT_DATA = """
            SELECT d.id, d.properties, d.string_udf_1, d.string_udf_2, d.int_udf_1, d.int_udf_2, d.retry_group,
                   d.has_follow_ups,
                   COALESCE(d.attempt, (SELECT COUNT(*) FROM %1$s g WHERE g.retry_group = d.retry_group
                                                                  AND g.id <= d.id)) AS attempt
            FROM %1$s d
            WHERE %%s
            """;

    private final JdbcTemplate jdbc;
    private final JobLifecycle lifecycle;
    private final String selectNext;
    private final String move;
    private final String selectData;

    JobClaimer(JdbcTemplate jdbc, TableName table, JobLifecycle lifecycle) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        List<Integer> claimable =
                lifecycle.sourcesOf(JobEvent.CLAIM).stream().map(SubState::code).toList();
        this.selectNext = SELECT_NEXT.formatted(table.jobs(), JobState.SCHEDULED.code(), Sql.codes(claimable));
        this.move = MOVE.formatted(table.jobs(), "%s");
        this.selectData = SELECT_DATA.formatted(table.jobsData());
    }

    /** The locking read of {@link #claim}, for a test to explain: binds job type, tenant and limit. */
    String selectNextSql() {
        return selectNext;
    }

    private record Candidate(
            JobId id,
            Transition transition,
            int version,
            int pendingExecution,
            @Nullable String correlationId,
            Instant processAt) {}

    /**
     * @param startedNow how many of the claimed jobs, the first in the batch's order, are recorded
     *     as started in the claim's statement ({@code run_started_at = now}): the worker hands them
     *     to handler threads that are free
     */
    ClaimBatch claim(Tenant tenant, JobType type, int limit, int startedNow, Instant now, Instant leaseUntil) {
        String dueBound = JobId.lowerBound(now.getEpochSecond() * 1000 + 1000);
        List<Candidate> due = new ArrayList<>();
        @Nullable Instant[] nextDue = new Instant[1];
        jdbc.query(
                selectNext,
                rs -> {
                    String id = rs.getString("id");
                    if (id.compareTo(dueBound) >= 0) {
                        if (nextDue[0] == null) {
                            nextDue[0] = Sql.instant(rs, "process_at");
                        }
                        return;
                    }
                    int pending = rs.getInt("pending_execution");
                    Transition transition =
                            lifecycle.transition(rs.getInt("state"), rs.getInt("sub_state"), JobEvent.CLAIM, pending);
                    due.add(new Candidate(
                            JobId.parse(id),
                            transition,
                            rs.getInt("version"),
                            pending,
                            rs.getString("correlation_id"),
                            Sql.requiredInstant(rs, "process_at")));
                },
                type.id(),
                tenant.value(),
                limit);
        if (due.isEmpty()) {
            return new ClaimBatch(List.of(), nextDue[0], 0);
        }
        List<Candidate> claimed = due.stream()
                .filter(c -> c.transition().toState() == JobState.PROCESSING)
                .toList();
        applyTransitions(due, claimed.subList(0, Math.min(startedNow, claimed.size())), now, leaseUntil);
        return new ClaimBatch(load(claimed, tenant, type, leaseUntil), null, due.size() - claimed.size());
    }

    private void applyTransitions(List<Candidate> due, List<Candidate> startedNow, Instant now, Instant leaseUntil) {
        Map<Transition, List<Candidate>> byOutcome = new LinkedHashMap<>();
        due.forEach(c -> byOutcome
                .computeIfAbsent(c.transition(), t -> new ArrayList<>())
                .add(c));
        byOutcome.forEach((transition, rows) -> {
            List<Candidate> started = rows.stream().filter(startedNow::contains).toList();
            List<Object> args = new ArrayList<>(5 + (started.size() + rows.size()) * 2);
            args.add(transition.toState().code());
            args.add(transition.to().code());
            args.add(transition.pendingDelta());
            args.add(
                    transition.toState() == JobState.PROCESSING
                            ? Sql.utcMillis(leaseUntil)
                            : new SqlParameterValue(Types.TIMESTAMP, null));
            String runStartedAt = "NULL";
            if (!started.isEmpty()) {
                runStartedAt = STARTED_NOW.formatted(Sql.keyIn("id, part", started.size()));
                started.forEach(row -> {
                    args.add(row.id().value());
                    args.add(Sql.utc(row.id().part()));
                });
                args.add(Sql.utcMillis(now));
            }
            rows.forEach(row -> {
                args.add(row.id().value());
                args.add(Sql.utc(row.id().part()));
            });
            jdbc.update(move.formatted(runStartedAt, Sql.keyIn("id, part", rows.size())), args.toArray());
        });
    }

    private List<ClaimedJob> load(List<Candidate> claimed, Tenant tenant, JobType type, Instant leaseUntil) {
        if (claimed.isEmpty()) {
            return List.of();
        }
        List<Object> keys = new ArrayList<>(claimed.size() * 2);
        claimed.forEach(c -> {
            keys.add(c.id().value());
            keys.add(Sql.utc(c.id().part()));
        });
        Map<String, DataRow> data = new HashMap<>();
        jdbc.query(
                selectData.formatted(Sql.keyIn("d.id, d.part", claimed.size())),
                rs -> {
                    data.put(rs.getString("id"), DataRow.read(rs));
                },
                keys.toArray());
        List<ClaimedJob> jobs = new ArrayList<>(claimed.size());
        for (Candidate c : claimed) {
            DataRow row = data.getOrDefault(c.id().value(), DataRow.MISSING);
            jobs.add(new ClaimedJob(
                    c.id(),
                    tenant,
                    type,
                    c.correlationId(),
                    c.transition().to(),
                    c.pendingExecution() + c.transition().pendingDelta(),
                    c.version() + 1,
                    c.processAt(),
                    leaseUntil,
                    row.retryGroup(),
                    row.attempt(),
                    row.properties(),
                    row.userFields(),
                    row.hasFollowUps()));
        }
        return jobs;
    }
}
