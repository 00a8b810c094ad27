package dev.jobqueue.boot.autoconfigure;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Declares {@link JobQueueSchemaInitializer} beans database initializers, so that the entity
 * manager factory and {@code @DependsOnDatabaseInitialization} beans are created after them.
 * Registered in {@code META-INF/spring.factories}.
 */
class JobQueueDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(JobQueueSchemaInitializer.class);
    }

    // After the application's own initializers (Liquibase and Flyway at 0, SQL scripts at
    // LOWEST_PRECEDENCE - 100), as Spring Modulith's detector does: our tables live apart
    // under their own changelog, and the application's schema is in place first.
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 50;
    }
}
