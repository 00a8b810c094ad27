package dev.jobqueue.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import dev.jobqueue.worker.JobWorkers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The plain-Java example of docs/architecture.md, run as shown against the real database: no Spring context. */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class PlainJavaWorkersIntegrationTests {

    @Test
    void theEngineStartedByPlainJavaRunsAJobToDone(TestSchema schema, CapturedOutput output) {
        JobQueue queue = PlainJavaWorkers.queue(schema.dataSource(), TableName.of("plain"));
        JobWorkers workers = PlainJavaWorkers.startWorkers(queue);
        try {
            JobId id = PlainJavaWorkers.greet(queue, "world");

            JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.queryForObject("SELECT state FROM plain WHERE id = ?", Integer.class, id.value())
                            == JobState.DONE.code());
            assertThat(output.getOut()).contains("Hello, world");
            assertThat(workers.isRunning()).isTrue();
        } finally {
            workers.stop();
        }
        assertThat(workers.isRunning()).isFalse();
    }
}
