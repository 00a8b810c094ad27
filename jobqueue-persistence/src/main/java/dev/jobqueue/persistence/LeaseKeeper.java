package dev.jobqueue.persistence;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases: extends those of running jobs (heartbeats, which change no lifecycle column and
 * no version), and finds those that expired.
 */
final class LeaseKeeper {

    private static final String EXTEND = """
            UPDATE %s
            SET lease_expires_at = ?
            WHERE state = %d
              AND %%s
            """;
    private static final String SELECT_EXPIRED = """
            SELECT id, state, sub_state, pending_execution, version, correlation_id
            FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ?
              AND state = %d
              AND tenant = ?
              AND lease_expires_at < ?
            ORDER BY id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;

    private final JdbcTemplate jdbc;
    private final String extend;
    private final String selectExpired;

    LeaseKeeper(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.extend = EXTEND.formatted(table.jobs(), JobState.PROCESSING.code());
        this.selectExpired = SELECT_EXPIRED.formatted(table.jobs(), JobState.PROCESSING.code());
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

    /** Locks and returns up to {@code limit} processing jobs whose lease ended before {@code now}. */
    List<JobTransitions.Current> lockExpired(Tenant tenant, JobType type, Instant now, int limit) {
        return jdbc.query(selectExpired, (rs, n) -> new JobTransitions.Current(JobId.parse(rs.getString("id")),
                tenant, type, rs.getString("correlation_id"), rs.getInt("state"), rs.getInt("sub_state"),
                rs.getInt("pending_execution"), rs.getInt("version")),
                type.id(), tenant.value(), Sql.utcMillis(now), limit);
    }
}
