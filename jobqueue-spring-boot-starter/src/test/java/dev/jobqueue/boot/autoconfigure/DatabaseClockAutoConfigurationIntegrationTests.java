package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.persistence.internal.DatabaseClock;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/** The starter's queue decides what is due and which leases expired by the database server's clock. */
@ExtendWith(TestDatabaseExtension.class)
class DatabaseClockAutoConfigurationIntegrationTests {

    @Test
    void theQueueFollowsTheDatabaseServersClock(TestSchema schema) {
        JdbcContexts.on(schema)
                .withPropertyValues("jobqueue.table=clocked", "jobqueue.worker.enabled=false")
                .run(context -> {
                    JobQueue queue = context.getBean(JobQueue.class);
                    assertThat(queue.settings().clock()).isInstanceOf(DatabaseClock.class);
                    Instant server = new JdbcTemplate(schema.dataSource())
                            .queryForObject("SELECT UTC_TIMESTAMP(6)", LocalDateTime.class)
                            .toInstant(ZoneOffset.UTC);
                    assertThat(Duration.between(server, queue.settings().clock().instant())
                                    .abs())
                            .isLessThan(Duration.ofSeconds(2));
                });
    }
}
