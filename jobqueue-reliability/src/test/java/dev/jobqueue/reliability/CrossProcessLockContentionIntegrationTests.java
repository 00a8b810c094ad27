package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.LockContention;
import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.test.TestSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deadlocks and lock waits between two JVMs (issue #12), not only between two pools of one: this
 * JVM and a child JVM ({@link ContendingProcess}) each run a {@link ContendingWorkload} on the
 * same tables, in one thread each, so every lock conflict is between the two processes: the
 * child completes jobs one by one, this JVM each batch with one call. Every job ends exactly once
 * (claimed by one process only, completed by its claimer or by a sibling's correlated
 * completion, never lost), whatever lock conflicts the interleaving produced. That a transaction
 * which loses a deadlock to the other JVM is retried is proven by
 * {@link #batchCompletionThatLosesADeadlockToAnotherJvmIsRetriedAndCompletesEachJobOnce()}, where
 * the child ({@link LockHoldingProcess}) takes its locks in a fixed order that always deadlocks.
 */
class CrossProcessLockContentionIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(CrossProcessLockContentionIntegrationTests.class);
    private static final TableName TABLE = TableName.of("contended");
    /** A deadlock is detected at once; a short wait timeout only bounds a stall. */
    private static final String SHORT_WAITS = "sessionVariables=innodb_lock_wait_timeout=2";

    private static final Tenant TENANT = Tenant.of(1);

    private static TestSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.createSchema("CrossProcessLockContention");
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
    }

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Test
    void claimsAndCompletionsOfTwoJvmsEndEveryJobExactlyOnce() throws Exception {
        Path output = Files.createTempFile("contending-", ".txt");
        Path log = Files.createTempFile("contending-", ".log");
        JobQueue queue = JobQueue.create(
                schema.newDataSource(4, SHORT_WAITS),
                JobQueueSettings.defaults()
                        .withTable(TABLE)
                        .withCorrelationScope(ContendingWorkload.TYPE, CorrelationScope.TYPE));
        ContendingWorkload here = new ContendingWorkload(queue, false);
        long innodbLockEventsBefore = innodbLockEvents();
        Process child = startChild(output, log);
        try {
            await("the child JVM started")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertThat(child.isAlive() || child.exitValue() == 0)
                                .as(Files.readString(log))
                                .isTrue();
                        return Files.readString(log).contains("started");
                    });
            here.run();
            assertThat(child.waitFor(5, TimeUnit.MINUTES))
                    .as("the child JVM finished")
                    .isTrue();
            assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            child.destroyForcibly();
        }
        here.drain(false, 1);
        long innodbLockEvents = innodbLockEvents() - innodbLockEventsBefore;

        Map<String, List<String>> there = read(output);
        long childRetries = Long.parseLong(there.get("contention").get(0));
        long childExhausted = Long.parseLong(there.get("contention").get(1));
        long childSurfaced = Long.parseLong(there.get("contention").get(2));
        LockContention ours = queue.lockContention();
        Set<String> scheduled = new HashSet<>(there.getOrDefault("scheduled", List.of()));
        here.scheduled.forEach(id -> scheduled.add(id.value()));
        List<String> claims = new ArrayList<>(there.getOrDefault("claimed", List.of()));
        here.claimed.forEach(id -> claims.add(id.value()));
        Set<String> completed = new HashSet<>(there.getOrDefault("completed", List.of()));
        here.completed.forEach(id -> completed.add(id.value()));
        Set<String> lost = new HashSet<>(there.getOrDefault("lost", List.of()));
        here.lost.forEach(id -> lost.add(id.value()));
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        Map<String, Integer> rows = new TreeMap<>();
        jdbc.query("SELECT sub_state, version, COUNT(*) AS n FROM contended GROUP BY sub_state, version", rs -> {
            rows.put(rs.getInt("sub_state") + "/" + rs.getInt("version"), rs.getInt("n"));
        });
        LOGGER.info(
                "Two JVMs on {}: {} jobs, {} claimed ({} by the child), rows by sub-state/version {}; "
                        + "retries here {} (exhausted {}, surfaced {}), in the child {} (exhausted {}, surfaced {}); InnoDB counted"
                        + " {} deadlocks and lock waits on the whole server meanwhile",
                schema.serverDescription(),
                scheduled.size(),
                claims.size(),
                there.getOrDefault("claimed", List.of()).size(),
                rows,
                ours.retries(),
                ours.exhausted(),
                here.surfaced.get(),
                childRetries,
                childExhausted,
                childSurfaced,
                innodbLockEvents);

        assertThat(claims).as("no job claimed twice").doesNotHaveDuplicates();
        assertThat(there.getOrDefault("claimed", List.of()))
                .as("the child did its share")
                .isNotEmpty();
        assertThat(lost).as("no claimer lost its job").isEmpty();
        assertThat(completed).isEqualTo(new HashSet<>(claims));
        assertThat(new HashSet<>(jdbc.queryForList("SELECT id FROM contended", String.class)))
                .as("every scheduled job has its row, and only those")
                .isEqualTo(scheduled);
        assertThat(new HashSet<>(jdbc.queryForList("SELECT id FROM contended WHERE sub_state = 30", String.class)))
                .as("completed by its claimer")
                .isEqualTo(completed);
        // Changed exactly once after its claim (version 3), or once while scheduled (version 2).
        assertThat(rows)
                .containsOnlyKeys("30/3", "31/2")
                .containsEntry("30/3", completed.size())
                .containsEntry("31/2", scheduled.size() - completed.size());
        // Whether the interleaving met a lock conflict at all is chance; each retry had one InnoDB saw.
        assertThat(ours.retries() + childRetries)
                .as("retries, each after a deadlock or lock wait InnoDB counted")
                .isLessThanOrEqualTo(innodbLockEvents);
        assertThat(ours.exhausted()).isEqualTo(here.surfaced.get());
        assertThat(childExhausted).isEqualTo(childSurfaced);
    }

    /**
     * This JVM completes two jobs with one UPDATE, which locks them in key order; the child holds
     * the second and, once this JVM waits for it, asks for the first. The child updated 1,000
     * other rows first, so InnoDB rolls back this JVM's transaction (1213) and the child goes on.
     */
    @Test
    void batchCompletionThatLosesADeadlockToAnotherJvmIsRetriedAndCompletesEachJobOnce() throws Exception {
        TableName table = TableName.of("deadlocked");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("CREATE TABLE IF NOT EXISTS ballast (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
        jdbc.execute("INSERT IGNORE INTO ballast WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s"
                + " WHERE i < 1000) SELECT i, 0 FROM s");
        JobQueue queue = JobQueue.create(
                schema.newDataSource(2), JobQueueSettings.defaults().withTable(table));
        queue.scheduleAll(List.of(
                NewJob.of(ContendingWorkload.TYPE).tenant(TENANT),
                NewJob.of(ContendingWorkload.TYPE).tenant(TENANT)));
        List<ClaimedJob> batch = queue.claim(TENANT, ContendingWorkload.TYPE, 2, Duration.ofMinutes(5)).jobs().stream()
                .sorted(Comparator.comparing(job -> job.id().value()))
                .toList();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        String classpath = System.getProperty("surefire.test.class.path");
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        classpath != null && !classpath.isBlank() ? classpath : System.getProperty("java.class.path"),
                        LockHoldingProcess.class.getName(),
                        schema.jdbcUrl(),
                        schema.user(),
                        schema.password(),
                        table.jobs(),
                        batch.get(0).id().value(),
                        batch.get(1).id().value())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader said =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String holding =
                    thread.submit(() -> lineStartingWith(said, "holding")).get(60, TimeUnit.SECONDS);
            String childTrx = holding.substring("holding ".length());
            Future<List<ClaimedJob>> completion = thread.submit(() -> queue.completeAll(batch));
            await("this JVM's completion waits for the child's lock")
                    .atMost(Duration.ofSeconds(30))
                    // InnoDB refreshes its information_schema view of locks only when nobody read it for 100 ms.
                    .pollDelay(Duration.ofMillis(150))
                    .pollInterval(Duration.ofMillis(150))
                    .until(() -> completion.isDone()
                            || jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS WHERE blocking_trx_id = ?",
                                            Integer.class,
                                            childTrx)
                                    > 0);
            assertThat(completion).as("the completion waited for the child").isNotDone();
            child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                assertThat(reader.submit(() -> lineStartingWith(said, "took")).get(30, TimeUnit.SECONDS))
                        .as("the child, the heavier transaction, got its lock")
                        .isEqualTo("took");
                assertThat(reader.submit(() -> lineStartingWith(said, "committed"))
                                .get(30, TimeUnit.SECONDS))
                        .isEqualTo("committed");
            } finally {
                reader.shutdownNow();
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(completion.get(30, TimeUnit.SECONDS))
                    .as("jobs no longer held")
                    .isEmpty();
        } finally {
            child.destroyForcibly();
            thread.shutdownNow();
        }

        assertThat(queue.lockContention()).as("one deadlock lost and retried").isEqualTo(new LockContention(1, 0));
        for (ClaimedJob job : batch) {
            assertThat(jdbc.queryForObject(
                            "SELECT CONCAT(sub_state, '/', version) FROM " + table.jobs() + " WHERE id = ?",
                            String.class,
                            job.id().value()))
                    .as("done, changed once after its claim")
                    .isEqualTo("30/" + (job.version() + 1));
        }
    }

    /** Reads lines until one starts with {@code prefix}; fails with what the process said if it ends first. */
    private static String lineStartingWith(BufferedReader said, String prefix) throws IOException {
        StringBuilder before = new StringBuilder();
        for (String line = said.readLine(); line != null; line = said.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            before.append(line).append('\n');
        }
        throw new AssertionError("The child ended before saying '" + prefix + "': " + before);
    }

    /** Deadlocks and row lock waits InnoDB counted on the whole server (other clients only add to them). */
    private static long innodbLockEvents() {
        long[] sum = {0};
        new JdbcTemplate(schema.dataSource())
                .query(
                        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_deadlocks', 'Innodb_row_lock_waits')",
                        rs -> {
                            sum[0] += rs.getLong(2);
                        });
        return sum[0];
    }

    private static Process startChild(Path output, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path");
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classpath != null && !classpath.isBlank() ? classpath : System.getProperty("java.class.path"),
                ContendingProcess.class.getName(),
                schema.jdbcUrl(SHORT_WAITS),
                schema.user(),
                schema.password(),
                TABLE.base(),
                output.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    private static Map<String, List<String>> read(Path output) throws IOException {
        Map<String, List<String>> lines = new HashMap<>();
        for (String line : Files.readAllLines(output)) {
            String[] parts = line.split(" ");
            List<String> values = lines.computeIfAbsent(parts[0], key -> new ArrayList<>());
            for (int i = 1; i < parts.length; i++) {
                values.add(parts[i]);
            }
        }
        return lines;
    }
}
