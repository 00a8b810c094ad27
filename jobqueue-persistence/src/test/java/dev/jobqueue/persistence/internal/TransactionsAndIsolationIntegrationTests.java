package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(TestDatabaseExtension.class)
class TransactionsAndIsolationIntegrationTests {

    private static DataSource dataSource;
    private static DataSourceTransactionManager transactions;
    private static JobQueue orders;
    private static JobQueue reports;

    @BeforeAll
    static void createTwoQueues(TestSchema schema) {
        dataSource = schema.dataSource();
        JobQueueSchema.migrate(dataSource, TableName.of("orders"));
        JobQueueSchema.migrate(dataSource, TableName.of("reports"));
        transactions = new DataSourceTransactionManager(dataSource);
        orders = new JobQueue(
                dataSource,
                transactions,
                JobQueueSettings.defaults().withTable(TableName.of("orders")),
                JobLifecycle.standard(),
                JsonMapper.builder().build());
        reports = JobQueue.create(
                dataSource,
                JobQueueSettings.defaults()
                        .withTable(TableName.of("reports"))
                        .withCorrelationScope(JobType.of(7), CorrelationScope.TENANT));
        new JdbcTemplate(dataSource).execute("CREATE TABLE business (id INT PRIMARY KEY)");
    }

    @Test
    void aJobScheduledInARolledBackBusinessTransactionDoesNotExist() {
        AtomicReference<JobId> id = new AtomicReference<>();

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    new JdbcTemplate(dataSource).update("INSERT INTO business VALUES (1)");
                    id.set(orders.schedule(NewJob.of(JobType.of(1)).correlationId("rolled-back")));
                    throw new IllegalStateException("payment declined");
                }));

        assertThat(orders.details(id.get())).isEmpty();
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM business", Integer.class))
                .isZero();
    }

    @Test
    void aJobScheduledInACommittedBusinessTransactionExists() {
        JobId id = new TransactionTemplate(transactions).execute(status -> {
            new JdbcTemplate(dataSource).update("INSERT INTO business VALUES (2)");
            return orders.schedule(NewJob.of(JobType.of(1)));
        });

        assertThat(orders.details(id)).isPresent();
    }

    @Test
    void twoQueuesWithDifferentTableNamesNeverSeeEachOthersJobs() {
        JobId order =
                orders.schedule(NewJob.of(JobType.of(7)).tenant(Tenant.of(1)).correlationId("same"));
        JobId report =
                reports.schedule(NewJob.of(JobType.of(7)).tenant(Tenant.of(1)).correlationId("same"));

        assertThat(orders.details(report)).isEmpty();
        assertThat(reports.details(order)).isEmpty();
        ClaimBatch claimed = reports.claim(Tenant.of(1), JobType.of(7), 10, Duration.ofMinutes(1));
        assertThat(claimed.jobs()).extracting(ClaimedJob::id).containsExactly(report);
        reports.complete(claimed.jobs().get(0));
        assertThat(orders.details(order).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(orders.countByState(Tenant.of(1), JobType.of(7))).containsEntry(JobState.DONE, 0L);
    }
}
