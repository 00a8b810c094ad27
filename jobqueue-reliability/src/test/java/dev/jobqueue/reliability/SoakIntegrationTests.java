package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs with random outcomes, scheduled by the test JVM while two worker processes run; one
 * worker is killed half-way and replaced. Jobs carry shared, empty ({@code ''}) or no correlation
 * ids across two job types (one completes its siblings of the same type, the other nothing), and
 * some wait in the custom sub-state {@code held} until the test releases or cancels them, so
 * correlated completion and custom sub-states run under the fault too. The CI form runs
 * {@code soak.jobs} (20,000) jobs; the long form is {@code -Dsoak.jobs=100000}.
 */
class SoakIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(SoakIntegrationTests.class);
    private static final int JOBS = Integer.getInteger("soak.jobs", 20_000);
    private static final long SEED = Long.getLong("soak.seed", System.nanoTime());
    private static final int BATCH = 100;

    private static ReliabilityDatabase database;

    enum Outcome {
        SUCCEED,
        SLOW,
        FAIL_FIRST,
        POISON,
        DECLINE,
        RESCHEDULE
    }

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("Soak");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void randomOutcomesAcrossTwoWorkersAndAKillLoseNothingAndRunAJobAgainOnlyAfterItsLeaseExpired() throws Exception {
        Random random = new Random(SEED);
        Map<Outcome, Integer> planned = new EnumMap<>(Outcome.class);
        List<Outcome> outcomes = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++) {
            Outcome outcome = pick(random);
            planned.merge(outcome, 1, Integer::sum);
            outcomes.add(outcome);
        }
        AtomicInteger produced = new AtomicInteger();
        Holds holds = new Holds(database.queue());
        long started = System.nanoTime();
        try (WorkerProcess first = WorkerProcess.start(database.schema(), "soak-a");
                WorkerProcess second = WorkerProcess.start(database.schema(), "soak-b")) {
            CompletableFuture<Void> producer =
                    CompletableFuture.runAsync(() -> produce(outcomes, random, produced, holds));
            await().atMost(Duration.ofMinutes(10))
                    .until(() -> produced.get() >= JOBS / 2 && database.countHeldBy(first) > 0);
            first.kill();
            try (WorkerProcess replacement = WorkerProcess.start(database.schema(), "soak-a2")) {
                producer.get(10, TimeUnit.MINUTES);
                await().atMost(Duration.ofSeconds(120 + JOBS / 20))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> database.unfinished() == 0);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        InvariantChecker.Report report =
                database.checker().toleratingUnauditedLostLeases().check();
        String figures = "soak: " + JOBS + " jobs (seed " + SEED + ", planned " + planned + ") in " + seconds
                + " s, faults injected: 1 worker SIGKILL, " + holds + ", " + report.figures();
        LOGGER.info("{}", figures);
        record(figures);
        report.assertHolds();
        assertThat(report.groups()).isEqualTo(JOBS);
        assertThat(report.duplicateRuns()).as("rows started twice").isZero();
        assertThat(report.unauditedLostLeases())
                .as("runs killed between the claim's start record and the"
                        + " handler's audit row: at most one per handler thread of the killed worker")
                .isLessThanOrEqualTo(WorkerProcess.HANDLER_THREADS);
        assertThat(report.reRunsAfterLeaseExpiry())
                .as("re-runs, each after a lost lease (41)")
                .isLessThanOrEqualTo(report.leaseLosses());
        assertThat(report.groupsByFinalSubState())
                .containsOnlyKeys(30, 31, 43, 45, ReliabilityLifecycle.CANCELLED)
                .containsKey(31)
                .containsEntry(ReliabilityLifecycle.CANCELLED, holds.cancelled());
        // A poison or declining job may be done by correlation before it runs: at most as planned.
        assertThat(report.groupsByFinalSubState().getOrDefault(43, 0))
                .isLessThanOrEqualTo(planned.getOrDefault(Outcome.POISON, 0));
        assertThat(report.groupsByFinalSubState().getOrDefault(45, 0))
                .isLessThanOrEqualTo(planned.getOrDefault(Outcome.DECLINE, 0));
    }

    private static void produce(List<Outcome> outcomes, Random random, AtomicInteger produced, Holds holds) {
        for (int from = 0; from < outcomes.size(); from += BATCH) {
            // Scripts are made when they are scheduled: a reschedule runs until a time from now.
            List<NewJob> batch = outcomes.subList(from, Math.min(outcomes.size(), from + BATCH)).stream()
                    .map(outcome -> job(script(outcome, random), random))
                    .toList();
            holds.hold(batch, database.scheduleAll(batch));
            produced.addAndGet(batch.size());
            holds.settle(Duration.ofSeconds(1));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        holds.settle(Duration.ZERO);
    }

    /**
     * One job of the plan: of the type that completes its siblings (4 in 5) or of the type that
     * does not; with no correlation id (NULL), {@code ''}, or one shared with about 8 other jobs;
     * held until released (2 %) or cancelled (1 %).
     */
    private static NewJob job(Script script, Random random) {
        NewJob job = NewJob.of(random.nextInt(5) == 0 ? ReliabilityDatabase.PLAIN_TYPE : ReliabilityDatabase.TYPE)
                .tenant(Tenant.DEFAULT);
        int correlation = random.nextInt(10);
        if (correlation == 0) {
            job = job.correlationId("");
        } else if (correlation >= 5) {
            job = job.correlationId("order-" + random.nextInt(Math.max(1, JOBS / 8)));
        }
        int hold = random.nextInt(100);
        if (hold < 3) {
            // Due later, so that no worker claims it before the test holds it.
            script = script.held(hold < 2 ? "release" : "cancel");
            job = job.runAt(Instant.now().plus(Holds.HOLD_AHEAD));
        }
        return job.properties(script);
    }

    private static Outcome pick(Random random) {
        int roll = random.nextInt(100);
        if (roll < 55) {
            return Outcome.SUCCEED;
        }
        if (roll < 65) {
            return Outcome.SLOW;
        }
        if (roll < 75) {
            return Outcome.FAIL_FIRST;
        }
        if (roll < 80) {
            return Outcome.POISON;
        }
        if (roll < 85) {
            return Outcome.DECLINE;
        }
        return Outcome.RESCHEDULE;
    }

    private static Script script(Outcome outcome, Random random) {
        return switch (outcome) {
            case SUCCEED -> Script.succeed();
            case SLOW -> Script.sleepThenSucceed(20 + random.nextInt(180));
            case FAIL_FIRST -> new Script("fail-first", 0);
            case POISON -> Script.alwaysThrow();
            case DECLINE -> new Script("decline", 0);
            case RESCHEDULE -> Script.rescheduleFor(100 + random.nextInt(400));
        };
    }

    private static void record(String figures) throws IOException {
        Path directory =
                Files.createDirectories(Path.of(System.getProperty("reliability.logs", "target/reliability-logs")));
        Files.writeString(directory.resolve("soak-figures.txt"), figures + System.lineSeparator());
    }
}
