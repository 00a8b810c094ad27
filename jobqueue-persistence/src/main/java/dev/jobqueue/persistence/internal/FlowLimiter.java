package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.RateLimit;
import dev.jobqueue.domain.TableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Admits a claim of a job type with flow limits, inside the claim's transaction: locks the
 * limiter row of each limit (the type's own first, then the tenant's), counts the type's jobs in
 * PROCESSING for a cap and reads the current window for a rate limit, and answers how many jobs
 * the claim may take. The rows stay locked until the claim commits, so claims of a limited type
 * take turns across the cluster and each sees the jobs the one before it claimed (issue #17).
 *
 * <p>A claimer holding a limiter row waits for no other lock: the count is a consistent read and
 * the claim's locking read skips locked rows. So no cycle of waits can include a limiter row.
 */
final class FlowLimiter {

    /** How soon a claim refused by a full cap asks again: the cap frees up as jobs finish anywhere. */
    static final Duration CAP_RECHECK = Duration.ofMillis(20);

    private static final String LOCK_ROW = """
            SELECT window_start, window_starts FROM %s WHERE job_type = ? AND tenant = ? FOR UPDATE
            """;
    private static final String INSERT_ROW = """
            INSERT IGNORE INTO %s (job_type, tenant) VALUES (?, ?)
            """;
    // A job whose lease expired counts no more: its node is dead or hung, and lease recovery takes it.
    private static final String COUNT_RUNNING = """
            SELECT COUNT(*) FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ? AND state = %d AND (lease_expires_at IS NULL OR lease_expires_at > ?)
            """;
    private static final String COUNT_RUNNING_OF_TENANT = COUNT_RUNNING.strip() + " AND tenant = ?";
    private static final String UPDATE_WINDOW = """
            UPDATE %s SET window_start = ?, window_starts = ? WHERE job_type = ? AND tenant = ?
            """;

    private final JdbcTemplate jdbc;
    private final String lockRow;
    private final String insertRow;
    private final String countRunning;
    private final String countRunningOfTenant;
    private final String updateWindow;

    FlowLimiter(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.lockRow = LOCK_ROW.formatted(table.flowControl());
        this.insertRow = INSERT_ROW.formatted(table.flowControl());
        this.countRunning = COUNT_RUNNING.formatted(table.jobs(), JobState.PROCESSING.code());
        this.countRunningOfTenant = COUNT_RUNNING_OF_TENANT.formatted(table.jobs(), JobState.PROCESSING.code());
        this.updateWindow = UPDATE_WINDOW.formatted(table.flowControl());
    }

    /** A rate window a claim takes starts from: written back with the claimed jobs. */
    record Window(FlowLimits.Key key, long start, int used) {}

    /**
     * What a claim may take.
     *
     * @param allowed jobs the claim may take, 0 to the requested number
     * @param now the time of the claim, read once the limiter rows were locked
     * @param retryAt when a claim refused outright should ask again (the next rate window, or soon
     *     for a full cap); null when some were allowed
     * @param limited whether a limit allowed fewer than were requested
     */
    record Admission(int allowed, Instant now, @Nullable Instant retryAt, boolean limited, List<Window> windows) {}

    /**
     * Locks the rows of {@code rules} and answers how many of {@code requested} jobs the claim may
     * take. "Now" is read after the locks are held: claims of the type then see times in the order
     * they hold the rows, so a claim that waited for the lock never counts its starts into a window
     * the one before it already closed.
     */
    Admission admit(List<FlowLimits.Rule> rules, FlowLimits stats, int requested, Clock clock) {
        List<long[]> rows = new ArrayList<>(rules.size());
        rules.forEach(rule -> rows.add(lock(rule.key())));
        Instant now = clock.instant();
        int allowed = requested;
        Instant retryAt = null;
        List<Window> windows = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            FlowLimits.Rule rule = rules.get(i);
            long[] row = rows.get(i);
            if (rule.maxConcurrency() != null) {
                int running = count(rule.key(), now);
                stats.counted(rule.key(), running);
                int room = Math.max(0, rule.maxConcurrency() - running);
                if (room == 0) {
                    retryAt = later(retryAt, now.plus(CAP_RECHECK));
                }
                allowed = Math.min(allowed, room);
            }
            RateLimit rate = rule.rateLimit();
            if (rate != null) {
                long length = rate.interval().toMillis();
                // A node whose clock is behind the last claimer's counts into the later window.
                long start = Math.max(Math.floorDiv(now.toEpochMilli(), length) * length, row[0]);
                int used = row[0] == start ? (int) row[1] : 0;
                int left = Math.max(0, rate.permits() - used);
                if (left == 0) {
                    retryAt = later(retryAt, Instant.ofEpochMilli(start + length));
                }
                allowed = Math.min(allowed, left);
                windows.add(new Window(rule.key(), start, used));
            }
        }
        return new Admission(allowed, now, allowed == 0 ? retryAt : null, allowed < requested, windows);
    }

    /** Writes the jobs a claim took into the rate windows it was admitted under. */
    void record(Admission admission, int claimed) {
        for (Window window : admission.windows()) {
            if (claimed > 0) {
                jdbc.update(
                        updateWindow,
                        window.start(),
                        window.used() + claimed,
                        window.key().type(),
                        window.key().tenant());
            }
        }
    }

    /** Locks the limiter row of {@code key}, creating it at the first claim; returns its window and starts. */
    private long[] lock(FlowLimits.Key key) {
        List<long[]> rows =
                jdbc.query(lockRow, (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, key.type(), key.tenant());
        if (rows.isEmpty()) {
            jdbc.update(insertRow, key.type(), key.tenant());
            rows = jdbc.query(lockRow, (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, key.type(), key.tenant());
        }
        return rows.get(0);
    }

    private int count(FlowLimits.Key key, Instant now) {
        Integer count = key.tenant() == FlowLimits.ALL_TENANTS
                ? jdbc.queryForObject(countRunning, Integer.class, key.type(), Sql.utcMillis(now))
                : jdbc.queryForObject(
                        countRunningOfTenant, Integer.class, key.type(), Sql.utcMillis(now), key.tenant());
        return count == null ? 0 : count;
    }

    private static Instant later(@Nullable Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
