package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.test.TestSchema;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/** Contexts with jobqueue's auto-configuration over plain JDBC (no JPA) on a test schema. */
public final class JdbcContexts {

    private JdbcContexts() {
    }

    public static ApplicationContextRunner on(TestSchema schema) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class, JobQueueAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password());
    }
}
