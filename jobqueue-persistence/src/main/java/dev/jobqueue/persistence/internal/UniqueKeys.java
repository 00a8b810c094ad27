package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.UniqueKey;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The unique-key rows of new jobs, written in the transaction that inserts the job
 * (issue #16). A key row names the retry group of the job that took it last; the key is held
 * while a row of that group (the job, its retries and reschedules) is in one of the key's
 * states. Nothing has to release a key when a job finishes, is cancelled, runs out of executions
 * or loses its lease: the next scheduler with the key sees that the group has left those states
 * and takes the key over.
 *
 * <p>Race-free: the key row is locked (inserted, or found by {@code ON DUPLICATE KEY UPDATE})
 * before the holder is looked up, so schedulers of one key take turns, on any node.
 */
final class UniqueKeys {

    private static final String LOCK_KEY = """
            INSERT INTO %s (tenant, unique_key, job_id, retry_group)
            VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE job_id = job_id
            """;
    private static final String SELECT_HOLDER = """
            SELECT job_id, retry_group
            FROM %s
            WHERE tenant = ?
              AND unique_key = ?
            FOR UPDATE
            """;
    private static final String SELECT_LIVE_RUN = """
            SELECT j.id, j.state
            FROM %s d
            JOIN %s j ON j.id = d.id AND j.part = d.part
            WHERE d.retry_group = ?
            ORDER BY j.id DESC
            """;
    private static final String TAKE_OVER = """
            UPDATE %s
            SET job_id = ?,
                retry_group = ?
            WHERE tenant = ?
              AND unique_key = ?
            """;

    private final JdbcTemplate jdbc;
    private final String lockKey;
    private final String selectHolder;
    private final String selectLiveRun;
    private final String takeOver;

    UniqueKeys(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.lockKey = LOCK_KEY.formatted(table.uniqueKeys());
        this.selectHolder = SELECT_HOLDER.formatted(table.uniqueKeys());
        this.selectLiveRun = SELECT_LIVE_RUN.formatted(table.jobsData(), table.jobs());
        this.takeOver = TAKE_OVER.formatted(table.uniqueKeys());
    }

    /** A job that holds a key, in a state that holds it. */
    record Holder(JobId id, JobState state) {}

    /**
     * Takes {@code key} for the job about to be inserted, or finds the job that holds it.
     *
     * @return the holder, when the key is held; empty when the new job took it
     */
    Optional<Holder> take(JobInserter.Row row, UniqueKey key) {
        int tenant = row.job().tenant().value();
        jdbc.update(lockKey, tenant, key.value(), row.id().value(), row.retryGroup());
        String group = jdbc.queryForObject(selectHolder, (rs, n) -> rs.getString("retry_group"), tenant, key.value());
        if (row.retryGroup().equals(group)) {
            return Optional.empty();
        }
        Optional<Holder> holder = liveRun(group, key);
        if (holder.isEmpty()) {
            jdbc.update(takeOver, row.id().value(), row.retryGroup(), tenant, key.value());
            return holder;
        }
        return holder;
    }

    /** The newest row of the group, when it is in a state that holds the key. */
    private Optional<Holder> liveRun(String retryGroup, UniqueKey key) {
        List<Holder> rows = jdbc.query(
                selectLiveRun,
                (rs, n) -> new Holder(JobId.parse(rs.getString("id")), JobState.fromCode(rs.getInt("state"))),
                retryGroup);
        return rows.stream().filter(run -> key.heldIn(run.state())).findFirst();
    }
}
