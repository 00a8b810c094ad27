package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.internal.Redaction;
import dev.jobqueue.worker.JobWorkers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Health of jobqueue on this node: UP when the database answers and every poller has
 * finished a claim recently, that is within three maximum poll intervals and at least 30
 * seconds. A node without workers only checks the database. Details: {@code database},
 * {@code table}, {@code pollers} with the time since each one's last claim, and
 * {@code unserved}: due jobs that no live node serves (they leave the status UP: they are the
 * cluster's problem, not this node's).
 *
 * <p>Failures are described without stack traces or credentials.
 *
 * @since 0.1.0
 */
public final class JobQueueHealthIndicator extends AbstractHealthIndicator {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobQueueHealthIndicator.class);
    private static final String PING = "SELECT 1";
    private static final int PING_TIMEOUT_SECONDS = 2;
    private static final Duration MIN_POLL_AGE = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final Supplier<Map<String, Instant>> lastPolls;
    private final Duration maxPollAge;
    private final TableName table;
    private final Clock clock;
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private volatile boolean down;
    private Duration timeout = Duration.ofSeconds(PING_TIMEOUT_SECONDS);
    private final ExecutorService pinger = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jobqueue-health");
        thread.setDaemon(true);
        return thread;
    });
    private @Nullable Future<String> pendingPing;
    private @Nullable UnservedQueuesWatch unserved;

    /**
     * Creates a health indicator.
     *
     * @param dataSource the queue's database
     * @param workers the workers of this node, or {@code null} on a node without workers
     * @param maxPollInterval {@code jobqueue.worker.max-poll-interval}
     * @param table the queue's tables
     */
    public JobQueueHealthIndicator(
            DataSource dataSource, @Nullable JobWorkers workers, Duration maxPollInterval, TableName table) {
        this(dataSource, workers == null ? Map::of : workers::lastPolls, maxPollInterval, table, Clock.systemUTC());
    }

    /**
     * Creates a health indicator that answers within {@code timeout}: a database that has not
     * answered by then counts as unreachable.
     *
     * @param timeout {@code jobqueue.health.timeout}
     * @since 0.2.0
     */
    public JobQueueHealthIndicator(
            DataSource dataSource,
            @Nullable JobWorkers workers,
            Duration maxPollInterval,
            TableName table,
            Duration timeout) {
        this(dataSource, workers, maxPollInterval, table);
        withTimeout(timeout);
    }

    /** Waits up to {@code timeout} for the database; the query itself is cancelled after it too. */
    JobQueueHealthIndicator withTimeout(Duration timeout) {
        this.timeout = timeout;
        this.jdbc.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
        return this;
    }

    /**
     * Adds detail {@code unserved}: the due jobs that no live node serves, as last seen. They do
     * not change the status: this node is fine, the cluster lacks a worker for them (see
     * docs/operations.md), and a DOWN here would have every node taken out of service for it.
     */
    JobQueueHealthIndicator withUnserved(UnservedQueuesWatch watch) {
        this.unserved = watch;
        return this;
    }

    JobQueueHealthIndicator(
            DataSource dataSource,
            Supplier<Map<String, Instant>> lastPolls,
            Duration maxPollInterval,
            TableName table,
            Clock clock) {
        super("jobqueue health check failed");
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(PING_TIMEOUT_SECONDS);
        this.lastPolls = lastPolls;
        Duration threeIntervals = maxPollInterval.multipliedBy(3);
        this.maxPollAge = threeIntervals.compareTo(MIN_POLL_AGE) > 0 ? threeIntervals : MIN_POLL_AGE;
        this.table = table;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<String> problems = new ArrayList<>();
        String database = pingDatabase();
        if (!"ok".equals(database)) {
            problems.add("database " + database);
        }
        Map<String, String> pollers = checkPollers(problems);
        builder.withDetail("database", database)
                .withDetail("table", table.jobs())
                .withDetail("pollers", pollers);
        UnservedQueuesWatch watch = unserved;
        if (watch != null) {
            builder.withDetail("unserved", describeUnserved(watch));
        }
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("reason", String.join("; ", problems));
        }
        logChange(problems);
    }

    /** One entry per unserved queue, "type 7, tenant 0" to "12 due jobs, the oldest due since ...". */
    private static Object describeUnserved(UnservedQueuesWatch watch) {
        String failure = watch.failure();
        if (failure != null) {
            return "unknown: " + failure;
        }
        if (!watch.hasLooked()) {
            return "not looked yet";
        }
        Map<String, String> unserved = new java.util.LinkedHashMap<>();
        watch.lastSeen()
                .forEach(queue -> unserved.put(
                        "type " + queue.type() + ", tenant " + queue.tenant(),
                        queue.dueJobs() + " due jobs, the oldest due since " + queue.oldestDue()));
        return unserved;
    }

    /**
     * Pings on a thread of its own and waits at most the timeout: taking a connection from a pool
     * whose database is down waits for the pool's connection timeout (30 s by default), and
     * connecting to a host that drops packets for the driver's. A ping still waiting from an
     * earlier check is waited for again instead of starting another.
     */
    private String pingDatabase() {
        Future<String> ping;
        synchronized (this) {
            if (pendingPing == null || pendingPing.isDone()) {
                pendingPing = pinger.submit(this::ping);
            }
            ping = pendingPing;
        }
        try {
            return ping.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "unreachable: no answer within " + timeout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable: the health check was interrupted";
        } catch (ExecutionException e) {
            return "unreachable: " + Redaction.describe(e.getCause() == null ? e : e.getCause());
        }
    }

    private String ping() {
        try {
            jdbc.queryForObject(PING, Integer.class);
            return "ok";
        } catch (RuntimeException e) {
            return "unreachable: " + Redaction.describe(e);
        }
    }

    /** Each poller's time since its last claim; a poller that has not claimed yet counts from when first seen. */
    private Map<String, String> checkPollers(List<String> problems) {
        Instant now = clock.instant();
        Map<String, Instant> polls = lastPolls.get();
        firstSeen.keySet().retainAll(polls.keySet());
        Map<String, String> ages = new TreeMap<>();
        polls.forEach((poller, lastPoll) -> {
            Instant since = lastPoll;
            if (Instant.EPOCH.equals(lastPoll)) {
                since = firstSeen.computeIfAbsent(poller, p -> now);
            } else {
                firstSeen.remove(poller);
            }
            Duration age = Duration.between(since, now);
            ages.put(poller, Instant.EPOCH.equals(lastPoll) ? "no claim yet" : age.toString());
            if (age.compareTo(maxPollAge) > 0) {
                problems.add(
                        "poller " + poller + " has not finished a claim for " + age + " (limit " + maxPollAge + ")");
            }
        });
        return ages;
    }

    private void logChange(List<String> problems) {
        if (!problems.isEmpty() && !down) {
            down = true;
            LOGGER.warn("jobqueue on table {} is DOWN: {}", table.jobs(), String.join("; ", problems));
        } else if (problems.isEmpty() && down) {
            down = false;
            LOGGER.info("jobqueue on table {} is UP again", table.jobs());
        }
    }
}
