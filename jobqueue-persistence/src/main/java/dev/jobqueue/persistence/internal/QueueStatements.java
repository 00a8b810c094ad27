package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.lifecycle.JobLifecycle;
import java.time.Clock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The statements of one queue over one source of connections, and the READ COMMITTED
 * transactions they run in.
 */
record QueueStatements(
        TransactionTemplate transactions,
        JobInserter inserter,
        JobClaimer claimer,
        JobTransitions transitions,
        BatchCompleter completer,
        LeaseKeeper leases,
        JobDataWriter dataWriter,
        FlowLimiter flow,
        UniqueKeys uniqueKeys,
        FailureRecords failures,
        JobOperations operations,
        PausedQueues pauses,
        FollowUps followUps,
        TraceContexts traceContexts) {

    static QueueStatements over(
            DataSource dataSource,
            PlatformTransactionManager manager,
            TableName table,
            JobLifecycle lifecycle,
            SessionZone zone,
            Clock clock,
            Function<JobType, CorrelationScope> correlationScopes) {
        TransactionTemplate transactions = new TransactionTemplate(manager);
        transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        // Spring's default translator goes by SQLState: MySQL and MariaDB report a lock-wait
        // timeout (1205) as HY000, which it leaves uncategorized, so LockRetry would not see it.
        jdbc.setExceptionTranslator(new SQLErrorCodeSQLExceptionTranslator(dataSource));
        JobInserter inserter = new JobInserter(jdbc, table);
        FollowUps followUps = new FollowUps(jdbc, table, inserter, zone);
        CorrelatedCompletion correlated =
                new CorrelatedCompletion(jdbc, table, lifecycle, followUps, clock, correlationScopes);
        JobTransitions transitions = new JobTransitions(jdbc, table, lifecycle, zone, correlated);
        return new QueueStatements(
                transactions,
                inserter,
                new JobClaimer(jdbc, table, lifecycle),
                transitions,
                new BatchCompleter(jdbc, table, lifecycle, correlated),
                new LeaseKeeper(jdbc, table, lifecycle),
                new JobDataWriter(jdbc, table),
                new FlowLimiter(jdbc, table),
                new UniqueKeys(jdbc, table),
                new FailureRecords(jdbc, table),
                new JobOperations(jdbc, table, lifecycle, zone, followUps),
                new PausedQueues(jdbc, table),
                followUps,
                new TraceContexts(jdbc, table));
    }
}
