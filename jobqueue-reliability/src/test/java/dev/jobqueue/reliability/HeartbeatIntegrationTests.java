package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A healthy worker keeps the jobs it runs for longer than their lease: heartbeats extend it. */
class HeartbeatIntegrationTests {

    private static ReliabilityDatabase database;

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("Heartbeat");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void handlersRunningLongerThanTheLeaseKeepTheirJobsAndRunOnce() {
        long sleep = WorkerProcess.LEASE.multipliedBy(3).toMillis();
        try (WorkerProcess worker = WorkerProcess.start(database.schema(), "steady")) {
            database.schedule(Collections.nCopies(4, Script.sleepThenSucceed(sleep)));
            await().atMost(Duration.ofSeconds(60)).until(() -> database.unfinished() == 0);
            InvariantChecker.Report report = database.checker().check();
            report.assertHolds();
            assertThat(report.groupsByFinalSubState()).containsExactly(Map.entry(30, 4));
            assertThat(report.rows()).as("no lease was lost, so no retry row").isEqualTo(4);
            assertThat(worker.log()).doesNotContain("taken away");
        }
    }
}
