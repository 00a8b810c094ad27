package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.persistence.internal.CorrelationScope;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each rule of the {@link InvariantChecker} fails on hand-made rows that break it, in a real
 * schema: a checker that cannot fail proves nothing.
 */
class InvariantCheckerIntegrationTests {

    private static final int TYPE = ScriptedHandlers.TYPE;
    private static final int PLAIN = ScriptedHandlers.PLAIN_TYPE;
    private static final Instant DUE = Instant.parse("2030-03-01T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ReliabilityDatabase database;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("InvariantChecker");
        jdbc = new JdbcTemplate(database.schema().dataSource());
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @BeforeEach
    void emptyTables() {
        List.of("jobs", "jobs_data", "executions").forEach(table -> jdbc.execute("DELETE FROM " + table));
    }

    @Test
    void aConsistentHistoryBreaksNoRule() {
        String done = row(group(), 1, TYPE, "order-1", 30, 2, Script.succeed());
        run(done, 1, DUE.plusMillis(10));
        String retried = group();
        String failed = row(retried, 1, TYPE, null, 44, 2, new Script("fail-first", 0));
        run(failed, 1, DUE.plusMillis(20));
        run(row(retried, 2, TYPE, null, 30, 2, new Script("fail-first", 0)), 2, DUE.plusMillis(1200));
        row(group(), 1, TYPE, "order-1", 31, 3, Script.succeed());
        row(group(), 1, TYPE, "", 46, 3, Script.succeed().held("cancel"));

        InvariantChecker.Report report = checker().check();

        assertThat(report.violations()).isEmpty();
        assertThat(report.groupsByFinalSubState())
                .containsEntry(30, 2)
                .containsEntry(31, 1)
                .containsEntry(46, 1);
    }

    @Test
    void anAcknowledgedJobWhoseRetryGroupVanishedIsReported() {
        run(row(group(), 1, TYPE, null, 30, 2, Script.succeed()), 1, DUE);
        JobId vanished = JobId.forRunAt(DUE);

        assertThat(checker().expecting(List.of(vanished)).check().violations())
                .singleElement()
                .asString()
                .contains(vanished.value())
                .contains("retry group is gone");
    }

    @Test
    void aRunRecordedForAJobThatDoesNotExistIsReported() {
        run(JobId.forRunAt(DUE).value(), 1, DUE);

        assertThat(checker().check().violations()).singleElement().asString().contains("which does not exist");
    }

    @Test
    void aRunRecordedWithAnotherAttemptThanItsRowIsReported() {
        run(row(group(), 1, TYPE, null, 30, 2, Script.succeed()), 2, DUE);

        assertThat(checker().check().violations()).singleElement().asString().contains("recorded attempt 2");
    }

    @Test
    void aRowDoneByCorrelationWithAnEmptyOrBlankCorrelationIdIsReported() {
        run(row(group(), 1, TYPE, "", 30, 2, Script.succeed()), 1, DUE);
        row(group(), 1, TYPE, "", 31, 3, Script.succeed());
        run(row(group(), 1, TYPE, " ", 30, 2, Script.succeed()), 1, DUE);
        row(group(), 1, TYPE, " ", 31, 3, Script.succeed());
        row(group(), 1, TYPE, null, 31, 3, Script.succeed());

        assertThat(checker().check().violations())
                .hasSize(3)
                .allSatisfy(violation -> assertThat(violation).contains("with no correlation id"));
    }

    @Test
    void aRowDoneByCorrelationWhoseSiblingNeverSucceededIsReported() {
        String group = group();
        run(row(group, 1, TYPE, "order-2", 44, 2, Script.alwaysThrow()), 1, DUE);
        run(row(group, 2, TYPE, "order-2", 44, 1, Script.alwaysThrow()), 2, DUE.plusSeconds(1));
        run(row(group, 3, TYPE, "order-2", 43, 0, Script.alwaysThrow()), 3, DUE.plusSeconds(2));
        row(group(), 1, TYPE, "order-2", 31, 3, Script.succeed());

        assertThat(checker().check().violations())
                .singleElement()
                .asString()
                .contains("no job with correlation id 'order-2' completed successfully");
    }

    @Test
    void aRowDoneByCorrelationIsReportedOutsideTheScopeOfTheTypeThatSucceeded() {
        run(row(group(), 1, TYPE, "order-3", 30, 2, Script.succeed()), 1, DUE);
        row(group(), 1, PLAIN, "order-3", 31, 3, Script.succeed());

        assertThat(checker().check().violations()).singleElement().asString().contains("within the scope");
        assertThat(checker().correlating(TYPE, CorrelationScope.TENANT).check().violations())
                .isEmpty();
        assertThat(checker().correlating(TYPE, CorrelationScope.NONE).check().violations())
                .hasSize(1);
    }

    @Test
    void aRowLostWithItsWorkerThatNeverRanIsReported() {
        String lost = group();
        row(lost, 1, TYPE, null, 41, 2, Script.succeed());
        run(row(lost, 2, TYPE, null, 30, 1, Script.succeed()), 2, DUE.plusSeconds(5));
        row(group(), 1, TYPE, null, 43, 0, Script.succeed());

        InvariantChecker.Report report = checker().check();

        assertThat(report.violations())
                .hasSize(2)
                .allSatisfy(violation -> assertThat(violation).contains("was started 0 times, not 1"));
        assertThat(report.endedWithoutRunning()).isEqualTo(1);
    }

    @Test
    void aRunThatStartedBeforeItsRowWasDueIsReported() {
        run(row(group(), 1, TYPE, null, 30, 2, Script.succeed()), 1, DUE.minusMillis(1));

        assertThat(checker().check().violations()).singleElement().asString().contains("started before its row");
    }

    @Test
    void anOutcomeTheScriptDidNotAskForIsReported() {
        run(row(group(), 1, TYPE, null, 30, 2, Script.alwaysThrow()), 1, DUE);
        run(row(group(), 1, TYPE, null, 45, 2, Script.succeed()), 1, DUE);
        String failedOnce = group();
        run(row(failedOnce, 1, TYPE, null, 44, 2, new Script("fail-first", 0)), 1, DUE);
        run(row(failedOnce, 2, TYPE, null, 44, 1, new Script("fail-first", 0)), 2, DUE.plusSeconds(1));
        run(row(failedOnce, 3, TYPE, null, 30, 1, new Script("fail-first", 0)), 3, DUE.plusSeconds(2));
        run(row(group(), 1, TYPE, null, 30, 2, Script.succeed().held("cancel")), 1, DUE);
        Script rescheduling =
                new Script("reschedule", 0, false, DUE.plusSeconds(30).toEpochMilli(), "");
        run(row(group(), 1, TYPE, null, 30, 2, rescheduling), 1, DUE);
        Script rescheduled = new Script("reschedule", 0, false, DUE.toEpochMilli(), "");
        String twice = group();
        run(row(twice, 1, TYPE, null, 32, 2, rescheduled), 1, DUE);
        run(row(twice, 1, TYPE, null, 30, 2, rescheduled), 1, DUE.plusSeconds(1));

        assertThat(checker().check().violations())
                .hasSize(6)
                .anySatisfy(violation -> assertThat(violation).contains("ended in 30 but its handler was told"))
                .anySatisfy(violation -> assertThat(violation).contains("ended in 45 but its handler was told"))
                .anySatisfy(violation -> assertThat(violation).contains("ended in 44 but its handler was told"))
                .anySatisfy(violation -> assertThat(violation).contains("held and cancelled"))
                .anySatisfy(violation ->
                        assertThat(violation).contains("ended in 30").contains("reschedule"))
                .anySatisfy(violation ->
                        assertThat(violation).contains("ended in 32").contains("reschedule"));
    }

    @Test
    void aRowThatEndedWithoutARunButWasNeverCancelledIsReported() {
        row(group(), 1, TYPE, null, 46, 3, Script.succeed());
        run(row(group(), 1, TYPE, "order-4", 30, 2, Script.succeed()), 1, DUE);
        String correlatedButRan = row(group(), 1, TYPE, "order-4", 31, 3, Script.succeed());
        run(correlatedButRan, 1, DUE);

        assertThat(checker().check().violations())
                .hasSize(2)
                .anySatisfy(violation -> assertThat(violation).contains("the test never cancelled it"))
                .anySatisfy(violation -> assertThat(violation).contains("was started 1 times, not 0"));
    }

    @Test
    void aRunAgainBeforeTheLostLeaseExpiredIsReported() {
        String group = group();
        String lost = row(group, 1, TYPE, null, 41, 2, Script.succeed());
        run(lost, 1, DUE);
        run(row(group, 2, TYPE, null, 30, 1, Script.succeed()), 2, DUE.plusMillis(1000));

        assertThat(checker().check().violations())
                .singleElement()
                .asString()
                .contains("before its lease of 2000 ms could expire");
    }

    @Test
    void aRowStartedAgainByAnotherWorkerIsReportedUnlessTheWindowIsTolerated() {
        String givenBack = row(group(), 1, TYPE, null, 30, 2, Script.succeed());
        run(givenBack, 1, DUE);
        runBy("other", givenBack, 1, DUE.plusMillis(2500));
        String early = row(group(), 1, TYPE, null, 30, 2, Script.succeed());
        run(early, 1, DUE);
        runBy("other", early, 1, DUE.plusMillis(300));

        assertThat(checker().check().violations())
                .hasSize(2)
                .anySatisfy(violation -> assertThat(violation).contains("given back to the queue as never started"))
                .anySatisfy(violation -> assertThat(violation).contains("before the first one's lease could expire"));
        InvariantChecker.Report tolerant = checker().toleratingGivenBackRuns().check();
        assertThat(tolerant.violations()).singleElement().asString().contains("before the first one's lease");
        assertThat(tolerant.givenBackRuns()).isEqualTo(1);
        assertThat(tolerant.duplicateRuns()).as("the row started too early").isEqualTo(1);
    }

    private static InvariantChecker checker() {
        return new InvariantChecker(database.schema().dataSource(), WorkerProcess.LEASE)
                .correlating(TYPE, CorrelationScope.TYPE)
                .finalWithoutRun(ReliabilityLifecycle.CANCELLED);
    }

    private static String group() {
        return UUID.randomUUID().toString();
    }

    /** Both rows of a job due at {@link #DUE} plus its attempt in seconds; returns its id. */
    private static String row(
            String group,
            int attempt,
            int type,
            @Nullable String correlationId,
            int subState,
            int pendingExecution,
            Script script) {
        JobId id = JobId.forRunAt(DUE.plusSeconds(attempt - 1));
        LocalDateTime part = utc(id.part());
        jdbc.update("""
                INSERT INTO jobs (id, part, tenant, correlation_id, job_type, state, sub_state, pending_execution,
                                  version, process_at)
                VALUES (?, ?, 0, ?, ?, ?, ?, ?, 2, ?)
                """, id.value(), part, correlationId, type, subState / 10, subState, pendingExecution, part);
        jdbc.update("""
                INSERT INTO jobs_data (id, part, tenant, properties, retry_group, attempt)
                VALUES (?, ?, 0, ?, ?, ?)
                """, id.value(), part, JSON.writeValueAsString(script), group, attempt);
        return id.value();
    }

    private static void run(String jobId, int attempt, Instant startedAt) {
        runBy("w", jobId, attempt, startedAt);
    }

    private static void runBy(String worker, String jobId, int attempt, Instant startedAt) {
        jdbc.update(
                "INSERT INTO executions (job_id, attempt, worker, pid, started_at) VALUES (?, ?, ?, 1, ?)",
                jobId,
                attempt,
                worker,
                utc(startedAt));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
