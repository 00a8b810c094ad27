package dev.jobqueue.worker;

import dev.jobqueue.boot.autoconfigure.JdbcContexts;
import dev.jobqueue.test.TestSchema;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A context runner with jobqueue on a real database schema, fast polling and short leases. */
final class WorkerFixture {

    private WorkerFixture() {}

    static ApplicationContextRunner runner(TestSchema schema, String table) {
        return fast(JdbcContexts.on(schema), table);
    }

    /** As {@link #runner(TestSchema, String)} with JPA, for tests that use the {@code Jobs} bean. */
    static ApplicationContextRunner withJobs(TestSchema schema, String table) {
        return fast(JdbcContexts.withJpa(schema), table);
    }

    private static ApplicationContextRunner fast(ApplicationContextRunner runner, String table) {
        return runner.withPropertyValues(
                "jobqueue.table=" + table,
                "jobqueue.worker.poll-interval=50ms",
                "jobqueue.worker.max-poll-interval=200ms",
                "jobqueue.worker.recovery-interval=200ms",
                "jobqueue.worker.shutdown-timeout=5s");
    }
}
