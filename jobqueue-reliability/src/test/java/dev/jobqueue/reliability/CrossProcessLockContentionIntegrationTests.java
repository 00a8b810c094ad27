package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.JobQueue;
import dev.jobqueue.persistence.JobQueueSchema;
import dev.jobqueue.persistence.CorrelationScope;
import dev.jobqueue.persistence.JobQueueSettings;
import dev.jobqueue.persistence.LockContention;
import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.test.TestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * completion, never lost), and the lock errors InnoDB raised were retried and counted.
 */
class CrossProcessLockContentionIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(CrossProcessLockContentionIntegrationTests.class);
    private static final TableName TABLE = TableName.of("contended");
    /** A deadlock is detected at once; a short wait timeout only bounds a stall. */
    private static final String SHORT_WAITS = "sessionVariables=innodb_lock_wait_timeout=2";

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
    void claimsAndCompletionsOfTwoJvmsDeadlockRetryAndEndEveryJobExactlyOnce() throws Exception {
        Path output = Files.createTempFile("contending-", ".txt");
        Path log = Files.createTempFile("contending-", ".log");
        JobQueue queue = JobQueue.create(schema.newDataSource(4, SHORT_WAITS),
                JobQueueSettings.defaults().withTable(TABLE)
                    .withCorrelationScope(ContendingWorkload.TYPE, CorrelationScope.TYPE));
        ContendingWorkload here = new ContendingWorkload(queue, false);
        Process child = startChild(output, log);
        try {
            await("the child JVM started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertThat(child.isAlive() || child.exitValue() == 0).as(Files.readString(log)).isTrue();
                        return Files.readString(log).contains("started");
                    });
            here.run();
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the child JVM finished").isTrue();
            assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            child.destroyForcibly();
        }
        here.drain(false, 1);

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
        jdbc.query("SELECT sub_state, version, COUNT(*) AS n FROM contended GROUP BY sub_state, version",
                rs -> {
                    rows.put(rs.getInt("sub_state") + "/" + rs.getInt("version"), rs.getInt("n"));
                });
        LOGGER.info("Two JVMs on {}: {} jobs, {} claimed ({} by the child), rows by sub-state/version {}; "
                + "retries here {} (exhausted {}, surfaced {}), in the child {} (exhausted {}, surfaced {})",
                schema.serverDescription(), scheduled.size(), claims.size(), there.getOrDefault("claimed",
                        List.of()).size(), rows, ours.retries(), ours.exhausted(), here.surfaced.get(), childRetries,
                childExhausted, childSurfaced);

        assertThat(claims).as("no job claimed twice").doesNotHaveDuplicates();
        assertThat(there.getOrDefault("claimed", List.of())).as("the child did its share").isNotEmpty();
        assertThat(lost).as("no claimer lost its job").isEmpty();
        assertThat(completed).isEqualTo(new HashSet<>(claims));
        assertThat(new HashSet<>(jdbc.queryForList("SELECT id FROM contended", String.class)))
                .as("every scheduled job has its row, and only those").isEqualTo(scheduled);
        assertThat(new HashSet<>(jdbc.queryForList("SELECT id FROM contended WHERE sub_state = 30", String.class)))
                .as("completed by its claimer").isEqualTo(completed);
        // Changed exactly once after its claim (version 3), or once while scheduled (version 2).
        assertThat(rows).containsOnlyKeys("30/3", "31/2").containsEntry("30/3", completed.size())
                .containsEntry("31/2", scheduled.size() - completed.size());
        assertThat(ours.retries() + childRetries).as("lock errors retried across the two JVMs").isPositive();
        assertThat(ours.exhausted()).isEqualTo(here.surfaced.get());
        assertThat(childExhausted).isEqualTo(childSurfaced);
    }

    private static Process startChild(Path output, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                classpath != null && !classpath.isBlank() ? classpath : System.getProperty("java.class.path"),
                ContendingProcess.class.getName(), schema.jdbcUrl(SHORT_WAITS), schema.user(), schema.password(),
                TABLE.base(), output.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
