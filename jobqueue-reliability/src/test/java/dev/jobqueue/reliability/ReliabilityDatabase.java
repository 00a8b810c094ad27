package dev.jobqueue.reliability;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.test.TestSchema;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test schema with jobqueue's tables and the {@code executions} audit, and the test JVM's
 * own {@link JobQueue} as the producer (with the suite's custom sub-states). It remembers every
 * job whose scheduling returned, so that the checker can ask for each one's retry group.
 */
final class ReliabilityDatabase implements AutoCloseable {

    static final JobType TYPE = JobType.of(ScriptedHandlers.TYPE);
    static final JobType PLAIN_TYPE = JobType.of(ScriptedHandlers.PLAIN_TYPE);
    /** What {@code jobqueue.types.scripted.complete-correlated} is set to in {@link WorkerProcess}. */
    static final CorrelationScope SCRIPTED_SCOPE = CorrelationScope.TYPE;

    private static final String COUNT_HELD_BY = """
            SELECT COUNT(*) FROM jobs j
            JOIN executions e ON e.job_id = j.id
            WHERE j.state = 2
              AND e.worker = ?
            """;

    private final TestSchema schema;
    private final JobQueue queue;
    private final JdbcTemplate jdbc;
    private final Set<JobId> acknowledged = ConcurrentHashMap.newKeySet();

    ReliabilityDatabase(String owner) {
        this.schema = TestDatabase.createSchema(owner);
        JobQueueSchema.migrate(schema.dataSource(), TableName.DEFAULT);
        ExecutionAudit.createTable(schema.dataSource());
        this.queue = new JobQueue(
                schema.dataSource(),
                new DataSourceTransactionManager(schema.dataSource()),
                JobQueueSettings.defaults(),
                ReliabilityLifecycle.lifecycle(),
                JsonMapper.builder().build());
        this.jdbc = new JdbcTemplate(schema.dataSource());
    }

    TestSchema schema() {
        return schema;
    }

    JobQueue queue() {
        return queue;
    }

    List<JobId> schedule(List<Script> scripts) {
        return scheduleAll(scripts.stream().map(ReliabilityDatabase::job).toList());
    }

    /** Schedules the jobs and remembers them as acknowledged once the call returned. */
    List<JobId> scheduleAll(List<NewJob> jobs) {
        List<JobId> ids = queue.scheduleAll(jobs);
        acknowledged.addAll(ids);
        return ids;
    }

    static NewJob job(Script script) {
        return NewJob.of(TYPE).tenant(Tenant.DEFAULT).properties(script);
    }

    long count(String where, Object... arguments) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE " + where, Long.class, arguments);
    }

    /** Rows in state 2 whose run was started by {@code worker}. */
    long countHeldBy(WorkerProcess worker) {
        return jdbc.queryForObject(COUNT_HELD_BY, Long.class, worker.name());
    }

    /** Rows not in a terminal state yet: scheduled (a held job included) or processing. */
    long unfinished() {
        return count("state IN (1, 2)");
    }

    /** A checker that expects every acknowledged job and knows the suite's configuration. */
    InvariantChecker checker() {
        // A run that started in the last few milliseconds before its worker was killed, before its
        // start was written, is given back with its execution and runs again in the same row
        // (docs/reliability.md, "Executions are spent only on runs that started"); each test bounds
        // how many such rows it may see.
        return new InvariantChecker(schema.dataSource(), WorkerProcess.LEASE)
                .expecting(acknowledged)
                .toleratingGivenBackRuns()
                .correlating(ScriptedHandlers.TYPE, SCRIPTED_SCOPE)
                .finalWithoutRun(ReliabilityLifecycle.CANCELLED);
    }

    @Override
    public void close() {
        schema.close();
    }
}
