package dev.jobqueue.worker;

import dev.jobqueue.boot.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.test.TestSchema;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/** A context runner with jobqueue on a real database schema, fast polling and short leases. */
final class WorkerFixture {

    private WorkerFixture() {
    }

    static ApplicationContextRunner runner(TestSchema schema, String table) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class, JobQueueAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "jobqueue.table=" + table,
                        "jobqueue.worker.poll-interval=50ms",
                        "jobqueue.worker.max-poll-interval=200ms",
                        "jobqueue.worker.recovery-interval=200ms",
                        "jobqueue.worker.shutdown-timeout=5s");
    }
}
