package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job that always fails uses up its executions without holding up its type; a run that hangs
 * past its lease is recovered and run elsewhere, and its late outcome changes nothing.
 */
class PoisonAndHangingJobIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(PoisonAndHangingJobIntegrationTests.class);

    private ReliabilityDatabase database;

    @BeforeEach
    void createSchema() {
        database = new ReliabilityDatabase("PoisonAndHanging");
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void poisonJobEndsInNoRetryLeftAfterThreeRowsWhileTheOthersOfItsTypeComplete() {
        List<Script> scripts = new ArrayList<>(Collections.nCopies(100, Script.sleepThenSucceed(20)));
        scripts.add(0, Script.alwaysThrow());
        JobId poison = database.schedule(scripts).get(0);
        try (WorkerProcess worker = WorkerProcess.start(database.schema(), "poisoned")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> database.unfinished() == 0);
        }
        List<JobDetails> group = retryGroupOf(poison);
        assertThat(group).extracting(JobDetails::subState).containsExactly(44, 44, 43);
        InvariantChecker.Report report = database.checker().check();
        report.assertHolds();
        assertThat(report.groupsByFinalSubState()).containsExactly(Map.entry(30, 100), Map.entry(43, 1));
        assertThat(report.runs()).isEqualTo(103);
    }

    @Test
    void lateOutcomeOfAHungRunIsRefusedAfterAnotherWorkerRecoveredAndCompletedTheJob() {
        List<JobId> ids =
                database.schedule(List.of(Script.slowOnce("succeed", 4000), Script.slowOnce("fail-first", 4000)));
        try (WorkerProcess hung = WorkerProcess.start(database.schema(), "hung")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> database.countHeldBy(hung) == 2);
            hung.suspend();
            try (WorkerProcess rescuer = WorkerProcess.start(database.schema(), "rescuer")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> database.count("sub_state = 30") == 2);
            }
            hung.resume();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(hung.log())
                            .contains("completions were refused")
                            .contains("nothing was changed"));
            LOGGER.info(
                    "The resumed worker's late outcomes were refused:\n{}",
                    lines(hung.log(), "refused", "nothing was changed"));
        }
        for (JobId id : ids) {
            assertThat(retryGroupOf(id)).extracting(JobDetails::subState).containsExactly(41, 30);
        }
        InvariantChecker.Report report = database.checker().check();
        report.assertHolds();
        assertThat(report.reRunsAfterLeaseExpiry()).isEqualTo(2);
        assertThat(report.rows()).isEqualTo(4);
    }

    private List<JobDetails> retryGroupOf(JobId id) {
        String group = database.queue().details(id).orElseThrow().retryGroup();
        List<JobDetails> rows = new ArrayList<>(database.queue().findByRetryGroup(group));
        rows.sort(java.util.Comparator.comparing(JobDetails::attempt));
        return rows;
    }

    private static String lines(String log, String... needles) {
        return log.lines()
                .filter(line -> List.of(needles).stream().anyMatch(line::contains))
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
    }
}
