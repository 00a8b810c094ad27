package dev.jobqueue.boot.autoconfigure.testapp;

import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategySnakeCaseImpl;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;

/** An application's own physical naming strategy: snake case, tables prefixed with {@code app_}. */
public class PrefixingNamingStrategy extends PhysicalNamingStrategySnakeCaseImpl {

    @Override
    public Identifier toPhysicalTableName(Identifier logicalName, JdbcEnvironment environment) {
        Identifier name = super.toPhysicalTableName(logicalName, environment);
        return Identifier.toIdentifier("app_" + name.getText(), name.isQuoted());
    }
}
