package dev.jobqueue.reliability;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.JobQueue;
import dev.jobqueue.persistence.JobQueueSchema;
import dev.jobqueue.persistence.JobQueueSettings;
import dev.jobqueue.persistence.NewJob;
import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.test.TestSchema;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A test schema with jobqueue's tables and the {@code executions} audit, and the test JVM's
 * own {@link JobQueue} as the producer.
 */
final class ReliabilityDatabase implements AutoCloseable {

    static final JobType TYPE = JobType.of(ScriptedHandlers.TYPE);

    private static final String COUNT_HELD_BY = """
            SELECT COUNT(*) FROM jobs j
            JOIN executions e ON e.job_id = j.id
            WHERE j.state = 2
              AND e.worker = ?
            """;

    private final TestSchema schema;
    private final JobQueue queue;
    private final JdbcTemplate jdbc;

    ReliabilityDatabase(String owner) {
        this.schema = TestDatabase.createSchema(owner);
        JobQueueSchema.migrate(schema.dataSource(), TableName.DEFAULT);
        ExecutionAudit.createTable(schema.dataSource());
        this.queue = JobQueue.create(schema.dataSource(), JobQueueSettings.defaults());
        this.jdbc = new JdbcTemplate(schema.dataSource());
    }

    TestSchema schema() {
        return schema;
    }

    JobQueue queue() {
        return queue;
    }

    List<JobId> schedule(List<Script> scripts) {
        return queue.scheduleAll(scripts.stream().map(ReliabilityDatabase::job).toList());
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

    /** Rows not in a terminal state yet: scheduled or processing. */
    long unfinished() {
        return count("state IN (1, 2)");
    }

    InvariantChecker checker() {
        return new InvariantChecker(schema.dataSource(), WorkerProcess.LEASE);
    }

    @Override
    public void close() {
        schema.close();
    }
}
