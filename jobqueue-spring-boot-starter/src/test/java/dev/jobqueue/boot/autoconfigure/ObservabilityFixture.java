package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.test.TestSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/** A context runner with jobqueue, its metrics and actuator support, on a real schema with fast polling. */
final class ObservabilityFixture {

    static final String PASSWORD = "s3cr3t-Pa55";

    private ObservabilityFixture() {}

    static ApplicationContextRunner runner(TestSchema schema, String table) {
        return fast(
                new ApplicationContextRunner()
                        .withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class)),
                schema,
                table);
    }

    /** As {@link #runner(TestSchema, String)} with JPA, for tests that use the {@code Jobs} bean. */
    static ApplicationContextRunner withJobs(TestSchema schema, String table) {
        return fast(
                        new ApplicationContextRunner()
                                .withConfiguration(AutoConfigurations.of(
                                        HibernateJpaAutoConfiguration.class, JobQueueJpaAutoConfiguration.class)),
                        schema,
                        table)
                .withPropertyValues("spring.jpa.open-in-view=false");
    }

    private static ApplicationContextRunner fast(ApplicationContextRunner runner, TestSchema schema, String table) {
        return runner.withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class,
                        JobQueueAutoConfiguration.class,
                        JobQueueMetricsAutoConfiguration.class,
                        JobQueueBacklogMetricsAutoConfiguration.class,
                        JobQueueActuatorAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "jobqueue.table=" + table,
                        "jobqueue.worker.poll-interval=50ms",
                        "jobqueue.worker.max-poll-interval=200ms",
                        "jobqueue.worker.recovery-interval=200ms",
                        "jobqueue.worker.shutdown-timeout=5s")
                .withBean(ObservedHandlers.class);
    }

    /**
     * A runner whose datasource points to a closed port, with a password that must never be
     * logged; nothing touches the database at startup.
     */
    static ApplicationContextRunner brokenDatabase(TestSchema schema) {
        return runner(schema, "broken")
                .withPropertyValues(
                        "spring.datasource.url=jdbc:mariadb://127.0.0.1:" + closedPort() + "/nowhere?password="
                                + PASSWORD,
                        "spring.datasource.password=" + PASSWORD,
                        "spring.datasource.hikari.connection-timeout=250",
                        "jobqueue.schema.initialize=false",
                        "jobqueue.worker.enabled=false");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
