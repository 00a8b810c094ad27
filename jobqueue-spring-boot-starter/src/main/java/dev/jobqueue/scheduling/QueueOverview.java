package dev.jobqueue.scheduling;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many jobs each queue (job type and tenant) holds right now: scheduled and due, scheduled
 * for later, running, and how many of the jobs first due within a recent window are done or
 * failed; with the due time of its oldest due job (the queue's lag). A bean of the starter; the
 * dashboard's overview shows it.
 *
 * <p>Every statement walks an index and reads no row: the queues present by a loose scan of
 * {@code claim_index}, the unfinished jobs of the types that have any by their ranges on
 * {@code job_type_index (job_type, state, tenant, process_at)} in one statement (finished jobs are
 * not read; the due time is in the index, see changeset 0017), and the finished ones of the window by the range
 * of ids on {@code claim_index} (ids start with the time a job was first due).
 *
 * <pre>{@code
 * for (QueueOverview.Queue queue : overview.queues(Duration.ofHours(1))) {
 *     log.info("type {} tenant {}: {} due, lag {}", queue.type(), queue.tenant(), queue.dueNow(), queue.oldestDue());
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public final class QueueOverview {

    /** Longest window of finished jobs counted: the default retention of partitions. */
    public static final Duration MAX_WINDOW = Duration.ofDays(35);

    /** A loose index scan: one index seek per (type, state, tenant) present, whatever the row count. */
    private static final String QUEUES = """
            SELECT DISTINCT job_type, state, tenant
            FROM %s FORCE INDEX (claim_index)
            """;

    /**
     * Index-only ({@code job_type_index} ends in {@code process_at}) and grouped in the index's
     * order, so without a temporary table: the oldest scheduled job of a queue is its first entry,
     * and it is due when any is. Package-private for its plan test.
     */
    static final String UNFINISHED = """
            SELECT job_type, state, tenant, COUNT(*) AS jobs, SUM(process_at <= ?) AS due, MIN(process_at) AS oldest
            FROM %s FORCE INDEX (job_type_index)
            WHERE job_type IN (%%s)
              AND state IN (1, 2)
            GROUP BY job_type, state, tenant
            """;

    private static final String FINISHED = """
            SELECT tenant, state, COUNT(*) AS jobs
            FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ?
              AND state IN (3, 4)
              AND tenant IN (%%s)
              AND id >= ?
            GROUP BY tenant, state
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String queuesPresent;
    private final String unfinished;
    private final String finished;

    /** For the starter's auto-configuration; applications inject the bean. */
    public QueueOverview(DataSource dataSource, JobQueue queue) {
        this(dataSource, queue.settings().table(), queue.settings().clock());
    }

    QueueOverview(DataSource dataSource, TableName table, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.queuesPresent = QUEUES.formatted(table.jobs());
        this.unfinished = UNFINISHED.formatted(table.jobs());
        this.finished = FINISHED.formatted(table.jobs());
    }

    /**
     * Every queue that holds a job, by job type, then tenant.
     *
     * @param window how far back finished jobs are counted (by the time they were first due), 1 s..35 days
     * @throws InvalidJobInputException for a window out of range
     */
    public List<Queue> queues(Duration window) {
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidJobInputException(
                    "window", "window must be between 1s and " + MAX_WINDOW + " but was " + window);
        }
        Instant now = clock.instant();
        LocalDateTime utcNow = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        String since = JobId.lowerBound(now.minus(window).toEpochMilli());
        Set<Integer> withUnfinished = new TreeSet<>();
        Map<Integer, Set<Integer>> finishedTenants = new TreeMap<>();
        jdbc.query(queuesPresent, (ResultSet rs) -> {
            int type = rs.getInt("job_type");
            int state = rs.getInt("state");
            if (state == JobState.DONE.code() || state == JobState.FAILED.code()) {
                finishedTenants.computeIfAbsent(type, t -> new TreeSet<>()).add(rs.getInt("tenant"));
            } else {
                withUnfinished.add(type);
            }
        });
        Map<Long, Counts> counts = new TreeMap<>();
        if (!withUnfinished.isEmpty()) {
            List<Object> args = new ArrayList<>();
            args.add(utcNow);
            args.addAll(withUnfinished);
            jdbc.query(
                    unfinished.formatted(String.join(", ", Collections.nCopies(withUnfinished.size(), "?"))),
                    (ResultSet rs) -> {
                        counts.computeIfAbsent(key(rs.getInt("job_type"), rs.getInt("tenant")), k -> new Counts())
                                .addUnfinished(rs);
                    },
                    args.toArray());
        }
        // With the tenants named, the window bounds each range of claim_index (job_type, state, tenant, id).
        finishedTenants.forEach((type, tenants) -> {
            List<Object> args = new ArrayList<>();
            args.add(type);
            args.addAll(tenants);
            args.add(since);
            jdbc.query(
                    finished.formatted(String.join(", ", Collections.nCopies(tenants.size(), "?"))),
                    (ResultSet rs) -> {
                        counts.computeIfAbsent(key(type, rs.getInt("tenant")), k -> new Counts())
                                .addFinished(rs);
                    },
                    args.toArray());
        });
        List<Queue> queues = new ArrayList<>();
        counts.forEach((key, c) -> queues.add(new Queue(
                JobType.of((int) (key >> 32)),
                Tenant.of(key.intValue()),
                c.dueNow,
                c.dueLater,
                c.running,
                c.done,
                c.failed,
                c.oldestDue)));
        return queues;
    }

    private static long key(int type, int tenant) {
        return ((long) type << 32) | (tenant & 0xFFFF_FFFFL);
    }

    /**
     * The jobs of one queue.
     *
     * @param type the job type
     * @param tenant the tenant
     * @param dueNow scheduled jobs whose time has come
     * @param dueLater scheduled jobs due later
     * @param running jobs in PROCESSING
     * @param done jobs first due within the window that are done
     * @param failed jobs first due within the window that failed
     * @param oldestDue the due time of the oldest due scheduled job, or null when none is due
     * @since 0.2.0
     */
    public record Queue(
            JobType type,
            Tenant tenant,
            long dueNow,
            long dueLater,
            long running,
            long done,
            long failed,
            @Nullable Instant oldestDue) {

        /** How long the oldest due job has waited at {@code now}; zero when none is due. */
        public Duration lag(Instant now) {
            return oldestDue == null || oldestDue.isAfter(now) ? Duration.ZERO : Duration.between(oldestDue, now);
        }
    }

    private static final class Counts {

        private long dueNow;
        private long dueLater;
        private long running;
        private long done;
        private long failed;
        private @Nullable Instant oldestDue;

        void addUnfinished(ResultSet rs) throws SQLException {
            long jobs = rs.getLong("jobs");
            if (rs.getInt("state") == JobState.PROCESSING.code()) {
                running += jobs;
                return;
            }
            long due = rs.getLong("due");
            dueNow += due;
            dueLater += jobs - due;
            if (due > 0) {
                oldestDue = rs.getObject("oldest", LocalDateTime.class).toInstant(ZoneOffset.UTC);
            }
        }

        void addFinished(ResultSet rs) throws SQLException {
            if (rs.getInt("state") == JobState.DONE.code()) {
                done += rs.getLong("jobs");
            } else {
                failed += rs.getLong("jobs");
            }
        }
    }
}
