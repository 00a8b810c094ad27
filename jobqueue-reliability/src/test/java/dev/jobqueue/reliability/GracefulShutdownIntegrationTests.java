package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker stopped gracefully (SIGTERM) while jobs keep arriving finishes what it runs and
 * leaves no claimed job behind for lease recovery.
 *
 * <p>It found a bug (issue #8): {@code JobWorkers.stop()} shut the executors down while a poller
 * could still be inside a claim; the claim committed, the executor rejected the run, and the
 * claimed rows stayed in state 2 until lease recovery used up an execution, so a job with one
 * execution ended in 4/43 without ever running. The workers now join the pollers first.
 */
class GracefulShutdownIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(GracefulShutdownIntegrationTests.class);

    private static ReliabilityDatabase database;

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("GracefulShutdown");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void gracefulStopUnderLoadLeavesNoClaimedJobToLeaseRecovery() {
        try (WorkerProcess survivor = WorkerProcess.start(database.schema(), "steady")) {
            for (int round = 0; round < 3; round++) {
                try (WorkerProcess stopped = WorkerProcess.start(database.schema(), "stopped-" + round)) {
                    database.scheduleAll(Collections.nCopies(
                            400,
                            ReliabilityDatabase.job(Script.sleepThenSucceed(5)).executions(1)));
                    await().atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> database.countHeldBy(stopped) > 0);
                    stopped.stopGracefully();
                    if (stopped.log().contains("RejectedExecutionException")) {
                        LOGGER.warn("Worker {} claimed jobs after its executor was shut down", stopped.name());
                    }
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> database.unfinished() == 0);
        }
        InvariantChecker.Report report = database.checker().check();
        LOGGER.info("Graceful stops: {}", report.figures());
        report.assertHolds();
        assertThat(report.endedWithoutRunning())
                .as("jobs that ended in 43 without ever running")
                .isZero();
        assertThat(report.groupsByFinalSubState())
                .as("jobs of one execution: each must run and complete")
                .containsExactly(java.util.Map.entry(30, 1200));
        assertThat(report.leaseLosses())
                .as("jobs a gracefully stopped worker left to lease recovery")
                .isZero();
    }
}
