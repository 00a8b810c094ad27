package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates or updates a queue's tables with jobqueue's own Liquibase changelog when the
 * application context starts. It is not a {@code SpringLiquibase} bean, so the application's
 * own Liquibase configuration stays on; a {@code DatabaseInitializerDetector} makes the
 * entity manager factory and every {@code @DependsOnDatabaseInitialization} bean wait for it.
 *
 * @since 0.1.0
 */
public class JobQueueSchemaInitializer implements InitializingBean {

    private final DataSource dataSource;
    private final TableName table;

    public JobQueueSchemaInitializer(DataSource dataSource, TableName table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    /**
     * Applies the changelog.
     *
     * @throws dev.jobqueue.persistence.internal.SchemaMigrationException when it cannot be applied
     */
    @Override
    public void afterPropertiesSet() {
        try {
            JobQueueSchema.migrate(dataSource, table);
        } catch (InvalidJobInputException e) {
            // why: the persistence layer names its field; users set the property
            String field = e.field();
            String property = field.startsWith("jobqueue.") ? field : "jobqueue." + field;
            String message = e.getMessage();
            throw new InvalidJobInputException(
                    property,
                    message.startsWith(field + " ")
                            ? property + message.substring(field.length())
                            : property + ": " + message);
        }
    }

    /** Base name of the tables this initializer maintains. */
    public TableName table() {
        return table;
    }
}
