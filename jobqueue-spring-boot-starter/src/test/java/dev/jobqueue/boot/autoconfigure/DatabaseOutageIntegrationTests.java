package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Health answers within {@code jobqueue.health.timeout} when the database does not answer, and a
 * database outage is logged once when it starts and once when it ends, with counts, instead of a
 * stack trace per failed claim of every type and tenant.
 */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class DatabaseOutageIntegrationTests {

    @Test
    void healthAnswersDownWithinItsTimeoutWhenTheDatabaseNeverAnswers() throws Exception {
        // Accepts connections (the kernel completes the handshake) but never speaks: the driver waits.
        try (ServerSocket silent = new ServerSocket(0, 50);
                HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl("jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/jobqueue");
            JobQueueHealthIndicator indicator = new JobQueueHealthIndicator(
                    dataSource, null, Duration.ofSeconds(5), TableName.of("jobs"), Duration.ofSeconds(2));

            for (int check = 1; check <= 2; check++) {
                long start = System.nanoTime();
                Health health = indicator.health();
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took)
                        .as("check %d", check)
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                        .isLessThan(Duration.ofMillis(2_500));
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails())
                        .containsEntry("database", "unreachable: no answer within PT2S")
                        .containsEntry("reason", "database unreachable: no answer within PT2S");
            }
        }
    }

    @Test
    void aHealthTimeoutBelow100MillisecondsStopsStartupNamingTheProperty(TestSchema schema) {
        JdbcContexts.withJpa(schema)
                .withPropertyValues("jobqueue.table=outage_bad", "jobqueue.health.timeout=50ms")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("jobqueue.health.timeout must be at least PT0.1S but was PT0.05S");
                });
    }

    @Test
    void anOutageIsLoggedOnceWhenItStartsAndOnceWhenItEndsWithCounts(TestSchema schema, CapturedOutput output)
            throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(schema.jdbcUrl())) {
            JdbcContexts.withJpa(schema)
                    .withBean(ObservedHandlers.class)
                    .withPropertyValues(
                            "spring.datasource.url=" + proxy.proxied(schema.jdbcUrl()),
                            "spring.datasource.hikari.connection-timeout=1000",
                            "jobqueue.table=outage",
                            "jobqueue.tenants=0,1,2",
                            "jobqueue.partitions.enabled=false",
                            "jobqueue.worker.poll-interval=50ms",
                            "jobqueue.worker.max-poll-interval=200ms",
                            "jobqueue.worker.recovery-interval=200ms")
                    .run(context -> {
                        Jobs jobs = context.getBean(Jobs.class);
                        JobScheduler scheduler = context.getBean(JobScheduler.class);
                        var before = scheduler.schedule(ObservedHandlers.GREET, new ObservedHandlers.Greeting("Ada"));
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> jobs.find(before).orElseThrow().state() == JobState.DONE);

                        int mark = output.getOut().length();
                        proxy.cut();
                        await().atMost(Duration.ofSeconds(10))
                                .until(() -> output.getOut().substring(mark).contains("Database unreachable"));
                        // Every poller of every type and tenant fails a few times meanwhile.
                        await().pollDelay(Duration.ofSeconds(3))
                                .atMost(Duration.ofSeconds(5))
                                .until(() -> true);
                        proxy.restore();

                        await().atMost(Duration.ofSeconds(10))
                                .until(() -> output.getOut().substring(mark).contains("Database reachable again"));
                        var after = scheduler.schedule(ObservedHandlers.GREET, new ObservedHandlers.Greeting("Lin"));
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> jobs.find(after).orElseThrow().state() == JobState.DONE);
                    });
        }
        String log = output.getOut();
        assertThat(count(log, "WARN .*Database unreachable \\(")).isEqualTo(1);
        assertThat(count(log, "INFO .*Database reachable again after")).isEqualTo(1);
        Matcher ended = Pattern.compile("Database reachable again after (\\S+); (\\d+) claims, heartbeats and"
                        + " recoveries failed meanwhile")
                .matcher(log);
        assertThat(ended.find()).isTrue();
        assertThat(Duration.parse(ended.group(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(Integer.parseInt(ended.group(2)))
                .as("failed operations counted")
                .isGreaterThan(3);
        assertThat(log)
                .doesNotContain("Claiming jobs of type")
                .doesNotContain("Lease recovery of")
                .doesNotContain("Heartbeat of");
    }

    private static long count(String log, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return log.lines().filter(line -> pattern.matcher(line).find()).count();
    }
}
