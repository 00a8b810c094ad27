package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.TableName;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Applies jobqueue's changelog at startup unless {@code jobqueue.schema.initialize=false}.
 * Imports Boot's {@link DatabaseInitializationDependencyConfigurer} itself, because the
 * configurations that usually import it (SQL script initialization, Liquibase, Flyway) may all
 * be absent.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jobqueue.schema.initialize", matchIfMissing = true)
@EnableConfigurationProperties(JobQueueProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
class JobQueueSchemaConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JobQueueSchemaInitializer jobQueueSchemaInitializer(DataSource dataSource, JobQueueProperties properties) {
        return new JobQueueSchemaInitializer(dataSource, TableName.of(properties.getTable()));
    }
}
