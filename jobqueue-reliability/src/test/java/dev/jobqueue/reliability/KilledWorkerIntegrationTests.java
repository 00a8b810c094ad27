package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker JVM killed with SIGKILL in the middle of a batch loses no job and runs none twice.
 * The jobs carry shared, empty ({@code ''}) and no correlation ids, and some wait in the custom
 * sub-state {@code held} until the test releases or cancels them after the kill.
 */
class KilledWorkerIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(KilledWorkerIntegrationTests.class);
    private static final int JOBS = 200;

    private static ReliabilityDatabase database;

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("KilledWorker");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void jobsOfAKilledWorkerAreCompletedOnceByAnotherAfterTheirLeaseExpired() {
        long heldByTheKilled;
        Holds holds = new Holds(database.queue());
        try (WorkerProcess first = WorkerProcess.start(database.schema(), "killed");
                WorkerProcess second = WorkerProcess.start(database.schema(), "survivor")) {
            // Both run before the jobs arrive; the survivor is warm, so it recovers as soon as the
            // leases expire.
            List<NewJob> jobs = jobs();
            holds.hold(jobs, database.scheduleAll(jobs));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> database.count("sub_state = 30") >= 20 && database.countHeldBy(first) > 0);
            first.kill();
            heldByTheKilled = database.countHeldBy(first);
            assertThat(heldByTheKilled).as("jobs the killed worker held").isPositive();
            holds.settle(Duration.ZERO);
            await().atMost(Duration.ofSeconds(90)).until(() -> database.unfinished() == 0);
        }
        InvariantChecker.Report report =
                database.checker().toleratingUnauditedLostLeases().check();
        LOGGER.info("Killed worker held {} jobs; {}; {}", heldByTheKilled, holds, report.figures());
        report.assertHolds();
        assertThat(report.groups()).isEqualTo(JOBS);
        assertThat(report.groupsByFinalSubState())
                .containsOnlyKeys(30, 31, ReliabilityLifecycle.CANCELLED)
                .containsEntry(ReliabilityLifecycle.CANCELLED, holds.cancelled());
        // Each job the killed worker held either had started (41, or given back if its start was
        // not written yet) or goes back to scheduled with its execution; a job claimed in the
        // instant before the kill may be counted too.
        assertThat(report.leaseLosses() + report.givenBackRuns()).isLessThanOrEqualTo((int) heldByTheKilled + 8);
        assertThat(report.reRunsAfterLeaseExpiry()).isLessThanOrEqualTo((int) heldByTheKilled);
        assertThat(report.duplicateRuns()).isZero();
        assertThat(report.unauditedLostLeases())
                .as("runs killed between the claim's start record and the"
                        + " handler's audit row: at most one per handler thread of the killed worker")
                .isLessThanOrEqualTo(WorkerProcess.HANDLER_THREADS);
    }

    /**
     * Jobs of 300 ms: a third without a correlation id, a third with {@code ''}, a third sharing
     * one of 20 ids; one in 20 held (due later, so no worker claims it first), every other of those
     * cancelled.
     */
    private static List<NewJob> jobs() {
        List<NewJob> jobs = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++) {
            Script script = Script.sleepThenSucceed(300);
            NewJob job = NewJob.of(i % 4 == 3 ? ReliabilityDatabase.PLAIN_TYPE : ReliabilityDatabase.TYPE)
                    .tenant(Tenant.DEFAULT);
            if (i % 3 == 1) {
                job = job.correlationId("");
            } else if (i % 3 == 2) {
                job = job.correlationId("batch-" + (i % 20));
            }
            if (i % 20 == 0) {
                script = script.held(i % 40 == 0 ? "cancel" : "release");
                job = job.runAt(Instant.now().plus(Holds.HOLD_AHEAD));
            }
            jobs.add(job.properties(script));
        }
        return jobs;
    }
}
