package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies jobqueue's Liquibase changelog for one queue: creates {@code X} and
 * {@code X_data}, or adopts them when the Go library created them already.
 *
 * <p>The history goes to a changelog table of the queue's own ({@code X_changelog}), so that
 * two queues in one schema, and the application's own Liquibase changelog, never mix.
 */
public final class JobQueueSchema {

    /** Classpath location of the changelog. */
    public static final String CHANGELOG = "db/jobqueue/changelog-master.yaml";
    /** Changelog parameter that carries the base table name. */
    public static final String TABLE_PARAMETER = "jobqueue.table";

    private static final Logger LOGGER = LoggerFactory.getLogger(JobQueueSchema.class);

    private JobQueueSchema() {}

    /** MySQL's and MariaDB's error for a statement it cannot parse. */
    private static final int PARSE_ERROR = 1064;

    /**
     * Brings the tables of {@code table} up to date.
     *
     * @throws InvalidJobInputException when the server reserves the name; nothing is created then
     */
    public static void migrate(DataSource dataSource, TableName table) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<String> refused =
                    UnsupportedServer.reasonToRefuse(connection.getMetaData().getDatabaseProductVersion());
            if (refused.isPresent()) {
                throw new SchemaMigrationException(table, new IllegalStateException(refused.get()));
            }
            requireUnreservedName(connection, table);
            Database database =
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setDatabaseChangeLogTableName(table.base() + "_changelog");
            database.setDatabaseChangeLogLockTableName(table.base() + "_changelog_lock");
            try (Liquibase liquibase = new Liquibase(
                    CHANGELOG, new ClassLoaderResourceAccessor(JobQueueSchema.class.getClassLoader()), database)) {
                liquibase.setChangeLogParameter(TABLE_PARAMETER, table.base());
                liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                // Liquibase writes its progress to the console unless told to use its logger.
                Scope.child(
                        Map.of(Scope.Attr.ui.name(), new LoggerUIService()),
                        () -> liquibase.update(new Contexts(), new LabelExpression()));
            }
            LOGGER.info("Tables {} and {} are up to date", table.jobs(), table.jobsData());
        } catch (InvalidJobInputException | SchemaMigrationException e) {
            throw e;
        } catch (SQLException | LiquibaseException e) {
            throw new SchemaMigrationException(table, e);
        } catch (Exception e) {
            throw new SchemaMigrationException(table, e);
        }
    }

    /**
     * Refuses a name the server reserves ({@code order}, {@code select}): Liquibase would create
     * the tables, quoting the name, but jobqueue's statements use it as it is. The server is asked
     * rather than a list, because MySQL and MariaDB reserve different words. The name is parsed as
     * the alias of a derived table, which the grammar treats as a table name, so that no table is
     * read: a query of a table that does not exist yet would make the driver log a warning at
     * every first start.
     */
    private static void requireUnreservedName(Connection connection, TableName table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement
                    .executeQuery("SELECT 1 FROM (SELECT 1 AS one) " + table.jobs() + " WHERE 1 = 0")
                    .close();
        } catch (SQLException e) {
            if (e.getErrorCode() == PARSE_ERROR) {
                throw new InvalidJobInputException(
                        "table", "table must not be a word the server reserves but was '" + table.base() + "'");
            }
            throw e;
        }
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
    }
}
