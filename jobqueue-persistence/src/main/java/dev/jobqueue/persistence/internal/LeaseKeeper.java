package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases: extends those of running jobs (heartbeats, which change no lifecycle column and
 * no version), records which held jobs' runs started, and finds the leases that expired.
 */
final class LeaseKeeper {

    private static final String EXTEND = """
            UPDATE %s
            SET lease_expires_at = ?
            WHERE state = %d
              AND %%s
            """;
    private static final String MARK_STARTED = """
            UPDATE %s
            SET run_started_at = ?
            WHERE state = %d
              AND run_started_at IS NULL
              AND %%s
            """;
    private static final String SELECT_EXPIRED = """
            SELECT id, state, sub_state, pending_execution, version, correlation_id, run_started_at
            FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ?
              AND state = %d
              AND tenant = ?
              AND lease_expires_at < ?
              AND sub_state IN (%s)
            ORDER BY id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;

    private final JdbcTemplate jdbc;
    private final String extend;
    private final String markStarted;
    private final String selectExpired;

    /**
     * @param lifecycle only jobs in a sub-state it can move on a lost lease are recovered: a
     *     node that does not know another node's custom processing sub-state leaves those jobs
     *     to that node instead of failing its whole batch on them
     */
    LeaseKeeper(JdbcTemplate jdbc, TableName table, JobLifecycle lifecycle) {
        this.jdbc = jdbc;
        this.extend = EXTEND.formatted(table.jobs(), JobState.PROCESSING.code());
        this.markStarted = MARK_STARTED.formatted(table.jobs(), JobState.PROCESSING.code());
        List<Integer> recoverable = lifecycle.sourcesOf(JobEvent.LOSE_LEASE).stream()
                .map(SubState::code)
                .toList();
        this.selectExpired = SELECT_EXPIRED.formatted(table.jobs(), JobState.PROCESSING.code(), Sql.codes(recoverable));
    }

    /** Extends the leases; returns how many jobs were still held. */
    int extend(List<ClaimedJob> jobs, Instant until) {
        if (jobs.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(1 + jobs.size() * 3);
        args.add(Sql.utcMillis(until));
        jobs.forEach(job -> {
            args.add(job.id().value());
            args.add(Sql.utc(job.id().part()));
            args.add(job.version());
        });
        return jdbc.update(extend.formatted(Sql.keyIn("id, part, version", jobs.size())), args.toArray());
    }

    /**
     * Records that the runs of held jobs started, with one statement; a job no longer held as
     * claimed (another version, or not processing) is left alone. Returns how many were marked.
     */
    int markStarted(List<ClaimedJob> jobs, Instant at) {
        if (jobs.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(1 + jobs.size() * 3);
        args.add(Sql.utcMillis(at));
        jobs.forEach(job -> {
            args.add(job.id().value());
            args.add(Sql.utc(job.id().part()));
            args.add(job.version());
        });
        return jdbc.update(markStarted.formatted(Sql.keyIn("id, part, version", jobs.size())), args.toArray());
    }

    /** A processing job whose lease expired, and whether its run was recorded as started. */
    record Expired(JobTransitions.Current job, boolean runStarted) {}

    /** Locks and returns up to {@code limit} processing jobs whose lease ended before {@code now}. */
    List<Expired> lockExpired(Tenant tenant, JobType type, Instant now, int limit) {
        return jdbc.query(
                selectExpired,
                (rs, n) -> new Expired(
                        new JobTransitions.Current(
                                JobId.parse(rs.getString("id")),
                                tenant,
                                type,
                                rs.getString("correlation_id"),
                                rs.getInt("state"),
                                rs.getInt("sub_state"),
                                rs.getInt("pending_execution"),
                                rs.getInt("version")),
                        rs.getObject("run_started_at") != null),
                type.id(),
                tenant.value(),
                Sql.utcMillis(now),
                limit);
    }
}
