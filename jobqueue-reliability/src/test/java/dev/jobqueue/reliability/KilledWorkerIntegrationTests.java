package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A worker JVM killed with SIGKILL in the middle of a batch loses no job and runs none twice. */
class KilledWorkerIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(KilledWorkerIntegrationTests.class);

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
        try (WorkerProcess first = WorkerProcess.start(database.schema(), "killed");
                WorkerProcess second = WorkerProcess.start(database.schema(), "survivor")) {
            // Both run before the jobs arrive; the survivor is warm, so it recovers as soon as the
            // leases expire.
            database.schedule(Collections.nCopies(200, Script.sleepThenSucceed(300)));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> database.count("state = 3") >= 40
                    && database.countHeldBy(first) > 0);
            first.kill();
            heldByTheKilled = database.countHeldBy(first);
            assertThat(heldByTheKilled).as("jobs the killed worker held").isPositive();
            await().atMost(Duration.ofSeconds(90)).until(() -> database.unfinished() == 0);
        }
        InvariantChecker.Report report = database.checker().check();
        LOGGER.info("Killed worker held {} jobs; {}", heldByTheKilled, report.figures());
        report.assertHolds();
        assertThat(report.groups()).isEqualTo(200);
        assertThat(report.groupsByFinalSubState()).containsExactly(java.util.Map.entry(30, 200));
        // A job claimed in the instant before the kill may not have started: it is lost too.
        assertThat(report.leaseLosses()).isBetween((int) heldByTheKilled, (int) heldByTheKilled + 8);
        assertThat(report.reRunsAfterLeaseExpiry()).isEqualTo((int) heldByTheKilled);
        assertThat(report.duplicateRuns()).isZero();
    }
}
