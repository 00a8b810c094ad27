package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.persistence.internal.SchemaMigrationException;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.util.List;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** jobqueue's changelog runs from its own initializer, beside the application's migrations. */
@ExtendWith(TestDatabaseExtension.class)
class JobQueueSchemaConfigurationTests {

    private final TestSchema schema;
    private final ApplicationContextRunner withoutSchemaConfiguration;
    private final ApplicationContextRunner contextRunner;

    JobQueueSchemaConfigurationTests(TestSchema schema) {
        this.schema = schema;
        this.withoutSchemaConfiguration = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password());
        this.contextRunner = withoutSchemaConfiguration.withUserConfiguration(JobQueueSchemaConfiguration.class);
    }

    @Test
    void createsTheTablesAtStartup() {
        contextRunner.withPropertyValues("jobqueue.table=created").run(context -> {
            assertThat(context).hasSingleBean(JobQueueSchemaInitializer.class);
            assertThat(tablesLike("created%")).contains("created", "created_data", "created_changelog");
        });
    }

    @Test
    void leavesTheDatabaseAloneWhenInitializationIsDisabled() {
        contextRunner
                .withPropertyValues("jobqueue.table=skipped", "jobqueue.schema.initialize=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(JobQueueSchemaInitializer.class);
                    assertThat(tablesLike("skipped%")).isEmpty();
                });
    }

    @Test
    void keepsTheApplicationsOwnLiquibase() {
        contextRunner
                .withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
                .withPropertyValues(
                        "jobqueue.table=beside", "spring.liquibase.change-log=classpath:db/testapp/changelog.yaml")
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(SpringLiquibase.class)
                            .hasSingleBean(JobQueueSchemaInitializer.class);
                    assertThat(tablesLike("customer")).containsExactly("customer");
                    assertThat(tablesLike("beside%")).contains("beside", "beside_data");
                    assertThat(new JdbcTemplate(context.getBean(DataSource.class))
                                    .queryForList("SELECT id FROM DATABASECHANGELOG", String.class))
                            .containsExactly("1-create-customer");
                    assertThat(context.getBeanFactory()
                                    .getBeanDefinition("jobQueueSchemaInitializer")
                                    .getDependsOn())
                            .as("runs after the application's migrations")
                            .contains("liquibase");
                });
    }

    @Test
    void makesBeansThatDependOnDatabaseInitializationWaitForTheTables() {
        // The reader is registered first, so without the dependency it would be created first.
        withoutSchemaConfiguration
                .withUserConfiguration(TableReaderConfiguration.class, JobQueueSchemaConfiguration.class)
                .withPropertyValues("jobqueue.table=awaited")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .getBean(TableReader.class)
                        .extracting(TableReader::rows)
                        .isEqualTo(0));
    }

    @Test
    void failsStartupWithTheOptOutWhenTheChangelogCannotBeApplied() {
        // A view where the jobs table should be: the changelog adopts it, then cannot alter it.
        new JdbcTemplate(schema.dataSource()).execute("CREATE VIEW broken AS SELECT 1 AS id");
        contextRunner.withPropertyValues("jobqueue.table=broken").run(context -> {
            assertThat(context).hasFailed().getFailure().rootCause().isNotNull();
            FailureAnalysis analysis = new JobQueueFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getCause()).isInstanceOf(SchemaMigrationException.class);
            assertThat(analysis.getDescription())
                    .contains("Could not create or update the tables broken and broken_data");
            assertThat(analysis.getAction()).contains("jobqueue.schema.initialize=false");
        });
    }

    private List<String> tablesLike(String pattern) {
        return new JdbcTemplate(schema.dataSource())
                .queryForList(
                        "SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = DATABASE() AND table_name LIKE ?",
                        String.class,
                        pattern);
    }

    @Configuration(proxyBeanMethods = false)
    static class TableReaderConfiguration {

        @Bean
        @DependsOnDatabaseInitialization
        TableReader tableReader(DataSource dataSource) {
            return new TableReader(
                    new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM awaited", Integer.class));
        }
    }

    record TableReader(int rows) {}
}
