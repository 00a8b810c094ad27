package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.test.TestSchema;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/** Contexts with jobqueue's auto-configuration on a test schema, over plain JDBC or with JPA. */
public final class JdbcContexts {

    private JdbcContexts() {}

    public static ApplicationContextRunner on(TestSchema schema) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class,
                        JobQueueAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password());
    }

    /**
     * As {@link #on(TestSchema)} with Hibernate's persistence unit, as an application with the
     * starter has: the {@code Jobs} bean reads through the JPA entities.
     */
    public static ApplicationContextRunner withJpa(TestSchema schema) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class,
                        JobQueueJpaAutoConfiguration.class,
                        JobQueueAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "spring.jpa.open-in-view=false");
    }
}
