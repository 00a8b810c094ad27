package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.boot.autoconfigure.testapp.Customer;
import dev.jobqueue.boot.autoconfigure.testapp.CustomerRepository;
import dev.jobqueue.boot.autoconfigure.testapp.PrefixingNamingStrategy;
import dev.jobqueue.boot.autoconfigure.testapp.TestApplication;
import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobKey;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobDataRepository;
import dev.jobqueue.persistence.internal.JobRepository;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * jobqueue's entities join the application's persistence unit under the configured table
 * name, next to the application's own entities and repositories. Hibernate validates every
 * mapping against the tables, so a wrong table name fails the context.
 */
@ExtendWith(TestDatabaseExtension.class)
class JobQueueJpaAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner;

    JobQueueJpaAutoConfigurationTests(TestSchema schema) {
        this.contextRunner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        DataJpaRepositoriesAutoConfiguration.class,
                        JobQueueJpaAutoConfiguration.class))
                .withUserConfiguration(TestApplication.class, JobQueueSchemaConfiguration.class)
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "spring.jpa.hibernate.ddl-auto=validate");
    }

    @BeforeAll
    static void createTheApplicationsTables(TestSchema schema) {
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("CREATE TABLE customer (id BIGINT PRIMARY KEY, full_name VARCHAR(100))");
        jdbc.execute("CREATE TABLE app_customer (id BIGINT PRIMARY KEY, full_name VARCHAR(100))");
    }

    @Test
    void mapsTheEntitiesToTheConfiguredTableName() {
        contextRunner.withPropertyValues("jobqueue.table=orders").run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(JobRepository.class)
                    .hasSingleBean(JobDataRepository.class);
            assertThat(tablesLike(context.getBean(DataSource.class), "orders%")).contains("orders", "orders_data");
            JobRepository jobs = context.getBean(JobRepository.class);
            JobId id = JobId.forRunAt(Instant.parse("2030-01-02T03:04:05Z"));
            jobs.save(new Job(id, Tenant.of(3), JobType.of(7), "order-1", 3));

            assertThat(jobs.findById(JobKey.of(id))).hasValueSatisfying(job -> {
                assertThat(job.getJobType()).isEqualTo(JobType.of(7));
                assertThat(job.getCorrelationId()).isEqualTo("order-1");
            });
            assertThat(new JdbcTemplate(context.getBean(DataSource.class))
                            .queryForObject("SELECT COUNT(*) FROM orders WHERE id = ?", Integer.class, id.value()))
                    .isEqualTo(1);
        });
    }

    @Test
    void keepsTheApplicationsOwnRepositories() {
        contextRunner.run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(CustomerRepository.class)
                    .hasSingleBean(JobRepository.class);
            CustomerRepository customers = context.getBean(CustomerRepository.class);
            customers.save(new Customer(1L, "Ada Lovelace"));

            assertThat(customers.findById(1L)).map(Customer::getFullName).hasValue("Ada Lovelace");
            assertThat(context.getBean(JobRepository.class).count()).isZero();
        });
    }

    @Test
    void wrapsTheApplicationsOwnNamingStrategy() {
        contextRunner
                .withPropertyValues(
                        "jobqueue.table=prefixed",
                        "spring.jpa.hibernate.naming.physical-strategy=" + PrefixingNamingStrategy.class.getName())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(CustomerRepository.class).save(new Customer(2L, "Grace Hopper"));

                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(jdbc.queryForObject("SELECT full_name FROM app_customer WHERE id = 2", String.class))
                            .isEqualTo("Grace Hopper");
                    assertThat(context.getBean(JobRepository.class).count()).isZero();
                });
    }

    @Test
    void backsOffWhenJobQueueIsDisabled() {
        contextRunner
                .withPropertyValues("jobqueue.enabled=false", "jobqueue.schema.initialize=false")
                .withPropertyValues("spring.jpa.hibernate.ddl-auto=none")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(CustomerRepository.class)
                        .doesNotHaveBean(JobRepository.class)
                        .doesNotHaveBean(JobDataRepository.class));
    }

    private static java.util.List<String> tablesLike(DataSource dataSource, String pattern) {
        return new JdbcTemplate(dataSource)
                .queryForList(
                        "SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = DATABASE() AND table_name LIKE ?",
                        String.class,
                        pattern);
    }
}
