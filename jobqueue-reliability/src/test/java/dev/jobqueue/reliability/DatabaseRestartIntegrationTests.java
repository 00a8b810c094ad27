package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.embedded.EmbeddedMariaDb;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The database stops and starts again while the test JVM schedules jobs and a worker process
 * runs them: the producer gets errors while the server is down and succeeds otherwise,
 * nothing is half-written, the worker reconnects by itself, and every acknowledged job ends
 * in a final row. The server is the product's {@link EmbeddedMariaDb}, started again on the
 * same data folder and port, so clients reconnect with the URL and password they have.
 */
class DatabaseRestartIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(DatabaseRestartIntegrationTests.class);
    private static final String DATABASE = "restart";

    /** Errors of a producer that began after the server was up again and its pool had had this long. */
    private static final Duration RECONNECT_GRACE = Duration.ofSeconds(10);

    private static Path directory;
    private static EmbeddedMariaDb server;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void startServer() throws Exception {
        directory = Path.of(
                        "target", "restart-db-" + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        server = EmbeddedMariaDb.start(directory, directory.resolve("data"));
        server.createDatabase(DATABASE);
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl(DATABASE));
        dataSource.setUsername(server.user());
        dataSource.setPassword(server.password());
        dataSource.setConnectionTimeout(2000);
        JobQueueSchema.migrate(dataSource, TableName.DEFAULT);
        ExecutionAudit.createTable(dataSource);
    }

    @AfterAll
    static void stopServer() throws Exception {
        dataSource.close();
        server.close();
        FileSystemUtils.deleteRecursively(directory);
    }

    @Test
    void producerAndWorkerRideOutARestartAndEveryAcknowledgedJobEndsOnce() throws Exception {
        JobQueue queue = JobQueue.create(dataSource, JobQueueSettings.defaults());
        Set<JobId> acknowledged = Collections.synchronizedSet(new HashSet<>());
        List<ProducerError> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean producing = new AtomicBoolean(true);
        WorkerProcess.Target target =
                new WorkerProcess.Target(DATABASE, server.jdbcUrl(DATABASE), server.user(), server.password());
        try (WorkerProcess worker =
                WorkerProcess.start(target, "restart-worker", "--spring.datasource.hikari.connection-timeout=2000")) {
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                while (producing.get()) {
                    long began = System.nanoTime();
                    try {
                        acknowledged.addAll(queue.scheduleAll(
                                Collections.nCopies(20, ReliabilityDatabase.job(Script.sleepThenSucceed(50)))));
                    } catch (RuntimeException e) {
                        errors.add(new ProducerError(began, e.getClass().getSimpleName() + ": " + e.getMessage()));
                    }
                    pause(100);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
            int beforeRestart = acknowledged.size();
            long down = System.nanoTime();
            // Start records of runs begun just before the stop may not have been written either.
            LocalDateTime downAt = ExecutionAudit.utc(Instant.now().minusSeconds(5));
            int port = server.port();
            server.close();
            pause(3000);
            server = EmbeddedMariaDb.start(directory, directory.resolve("data"), port);
            long up = System.nanoTime();
            LocalDateTime upAt = ExecutionAudit.utc(Instant.now().plusSeconds(1));
            int afterRestart = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= afterRestart + 200);
            producing.set(false);
            producer.get(30, TimeUnit.SECONDS);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() ->
                            jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE state IN (1, 2)", Long.class) == 0);
            List<String> stored = jdbc.queryForList("SELECT id FROM jobs", String.class);
            // The audit table is on the server that stops: a run that started as it went down may
            // have no audit row, and its job then ends its first row in 41 and runs again.
            InvariantChecker.Report report = new InvariantChecker(dataSource, WorkerProcess.LEASE)
                    .toleratingGivenBackRuns()
                    .toleratingUnauditedLostLeases()
                    .withOutage(downAt, upAt)
                    .check();
            LOGGER.info(
                    "Database restart: {} jobs acknowledged ({} before the restart), down for {} ms, {} producer"
                            + " errors {}, {} retry groups stored; {}",
                    acknowledged.size(),
                    beforeRestart,
                    Duration.ofNanos(up - down).toMillis(),
                    errors.size(),
                    errors.stream()
                            .map(ProducerError::message)
                            .distinct()
                            .limit(3)
                            .toList(),
                    report.groups(),
                    report.figures());
            report.assertHolds();
            assertThat(new HashSet<>(stored))
                    .containsAll(acknowledged.stream().map(JobId::value).toList());
            assertThat(errors).as("producer errors while the server was down").isNotEmpty();
            long graceEnd = up + RECONNECT_GRACE.toNanos();
            assertThat(errors)
                    .as("producer errors of batches begun before the stop or long after the restart")
                    .allSatisfy(error -> assertThat(error.began())
                            .isBetween(down - Duration.ofSeconds(5).toNanos(), graceEnd));
        }
    }

    /** A batch the producer could not schedule: when it began (nanoTime) and what it was told. */
    private record ProducerError(long began, String message) {}

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
