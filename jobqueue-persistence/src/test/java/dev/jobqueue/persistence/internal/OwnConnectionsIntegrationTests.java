package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queue with a pool of its own for its own transactions (at READ COMMITTED, auto-commit
 * off): those run there, while everything done inside the application's transaction still
 * joins it on the application's connection.
 */
@ExtendWith(TestDatabaseExtension.class)
class OwnConnectionsIntegrationTests {

    private static final TableName TABLE = TableName.of("own");
    private static final JobType TYPE = JobType.of(4);
    private static final Tenant TENANT = Tenant.of(2);
    private static final Duration LEASE = Duration.ofMinutes(1);

    private static DataSource application;
    private static HikariDataSource own;
    private static DataSourceTransactionManager transactions;
    private static JobQueue queue;

    @BeforeAll
    static void createQueue(TestSchema schema) {
        application = schema.dataSource();
        JobQueueSchema.migrate(application, TABLE);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(schema.jdbcUrl());
        config.setUsername(schema.user());
        config.setPassword(schema.password());
        config.setPoolName("own-connections");
        config.setMaximumPoolSize(4);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        own = new HikariDataSource(config);
        transactions = new DataSourceTransactionManager(application);
        queue = new JobQueue(
                application,
                transactions,
                own,
                JobQueueSettings.defaults().withTable(TABLE),
                JobLifecycle.standard(),
                JsonMapper.builder().build());
    }

    @AfterAll
    static void closePool() {
        own.close();
    }

    @BeforeEach
    void emptyTables() {
        new JdbcTemplate(application).execute("DELETE FROM " + TABLE.jobs());
        new JdbcTemplate(application).execute("DELETE FROM " + TABLE.jobsData());
    }

    @Test
    void outsideATransactionTheQueueRunsOnItsOwnPoolAndLeavesItsConnectionsAsConfigured() throws Exception {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT));
        List<ClaimedJob> claimed = queue.claim(TENANT, TYPE, 10, LEASE).jobs();
        queue.completeAll(claimed);

        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(id);
        assertThat(queue.details(id).orElseThrow().subState()).isEqualTo(30);
        assertThat(own.getHikariPoolMXBean().getTotalConnections()).isPositive();
        try (Connection connection = own.getConnection()) {
            assertThat(connection.getAutoCommit()).isFalse();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    @Test
    void aJobScheduledInTheApplicationsRolledBackTransactionDoesNotExist() {
        JobId[] id = new JobId[1];

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    id[0] = queue.schedule(NewJob.of(TYPE).tenant(TENANT));
                    throw new IllegalStateException("rolled back");
                }));

        assertThat(queue.details(id[0])).isEmpty();
    }

    @Test
    void aClaimInsideTheApplicationsTransactionIsUndoneWithIt() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT));

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    assertThat(queue.claim(TENANT, TYPE, 10, LEASE).jobs()).hasSize(1);
                    throw new IllegalStateException("rolled back");
                }));

        assertThat(queue.details(id).orElseThrow().subState())
                .as("scheduled again")
                .isEqualTo(10);
        assertThat(queue.claim(TENANT, TYPE, 10, LEASE).jobs())
                .extracting(ClaimedJob::id)
                .containsExactly(id);
    }
}
