package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.JobQueueSchema;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Placeholder until the schema initializer lands. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jobqueue.schema.initialize", matchIfMissing = true)
class JobQueueSchemaConfiguration {

    @Bean
    InitializingBean jobQueueSchemaInitializer(DataSource dataSource, JobQueueProperties properties) {
        return () -> JobQueueSchema.migrate(dataSource, TableName.of(properties.getTable()));
    }
}
