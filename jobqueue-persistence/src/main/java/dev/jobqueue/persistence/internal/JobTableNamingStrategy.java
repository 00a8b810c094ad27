package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.JobData;
import dev.jobqueue.domain.TableName;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategy;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;

/**
 * Maps the entities' logical table names {@code jobs} and {@code jobs_data} to a queue's
 * configured names, and hands every other name to the application's own strategy.
 */
public final class JobTableNamingStrategy implements PhysicalNamingStrategy {

    private final TableName table;
    private final PhysicalNamingStrategy delegate;

    public JobTableNamingStrategy(TableName table) {
        this(table, PhysicalNamingStrategyStandardImpl.INSTANCE);
    }

    public JobTableNamingStrategy(TableName table, PhysicalNamingStrategy delegate) {
        this.table = table;
        this.delegate = delegate;
    }

    @Override
    public Identifier toPhysicalTableName(Identifier logicalName, JdbcEnvironment environment) {
        if (logicalName != null && Job.TABLE.equals(logicalName.getText())) {
            return Identifier.toIdentifier(table.jobs());
        }
        if (logicalName != null && JobData.TABLE.equals(logicalName.getText())) {
            return Identifier.toIdentifier(table.jobsData());
        }
        return delegate.toPhysicalTableName(logicalName, environment);
    }

    @Override
    public Identifier toPhysicalCatalogName(Identifier logicalName, JdbcEnvironment environment) {
        return delegate.toPhysicalCatalogName(logicalName, environment);
    }

    @Override
    public Identifier toPhysicalSchemaName(Identifier logicalName, JdbcEnvironment environment) {
        return delegate.toPhysicalSchemaName(logicalName, environment);
    }

    @Override
    public Identifier toPhysicalSequenceName(Identifier logicalName, JdbcEnvironment environment) {
        return delegate.toPhysicalSequenceName(logicalName, environment);
    }

    @Override
    public Identifier toPhysicalColumnName(Identifier logicalName, JdbcEnvironment environment) {
        return delegate.toPhysicalColumnName(logicalName, environment);
    }
}
