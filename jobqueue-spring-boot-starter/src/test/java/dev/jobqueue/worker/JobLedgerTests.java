package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.persistence.internal.ClaimedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger of one type: how much a poller may claim (the buffer sizing, unchanged from the
 * counter it replaced) and the states of the held jobs, which decide whose leases heartbeats extend.
 */
class JobLedgerTests {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration BUFFER_TIME = Duration.ofMillis(500);

    @Test
    void untilAHandlerHasFinishedOnlyFreeHandlersAreClaimedFor() throws InterruptedException {
        Claims held = new Claims(8, 100, BUFFER_TIME);

        assertThat(held.reserve(NO_WAIT)).isEqualTo(8);
        assertThat(held.reserve(NO_WAIT)).as("every handler busy").isZero();
        held.release(3);
        assertThat(held.reserve(NO_WAIT)).isEqualTo(3);
    }

    @Test
    void shortJobsAreClaimedAWholeBatchAtATime() throws InterruptedException {
        Claims held = new Claims(8, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 8; i++) {
            held.finished(Duration.ofMillis(1).toNanos());
        }

        assertThat(held.reserve(NO_WAIT))
                .as("8 handlers run 4,000 one-millisecond jobs in 500 ms")
                .isEqualTo(100);
        assertThat(held.reserve(NO_WAIT)).as("a second batch is buffered").isEqualTo(100);
        assertThat(held.reserve(NO_WAIT)).as("no room for a third batch").isZero();
        assertThat(held.held()).isEqualTo(200);
    }

    @Test
    void theBufferHoldsWhatTheHandlersRunInTheBufferTime() throws InterruptedException {
        Claims held = new Claims(4, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 4; i++) {
            held.finished(Duration.ofMillis(100).toNanos());
        }

        assertThat(held.reserve(NO_WAIT))
                .as("4 handlers + 4 × 500 / 100 buffered")
                .isEqualTo(24);
    }

    @Test
    void slowJobsAreClaimedOnlyForFreeHandlers() throws InterruptedException {
        Claims held = new Claims(4, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 4; i++) {
            held.finished(Duration.ofSeconds(10).toNanos());
        }

        assertThat(held.reserve(NO_WAIT)).isEqualTo(4);
        assertThat(held.reserve(NO_WAIT)).isZero();
    }

    @Test
    void withABufferTheNextClaimWaitsForRoomForAWholeBatch() throws InterruptedException {
        Claims held = new Claims(8, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 8; i++) {
            held.finished(1_000);
        }
        held.reserve(NO_WAIT);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 91; i++) {
            held.finished(1_000);
        }

        assertThat(held.reserve(NO_WAIT)).as("room for 99 of 8 + 200").isZero();
        held.finished(1_000);
        assertThat(held.reserve(NO_WAIT)).isEqualTo(100);
    }

    @Test
    void aBufferSmallerThanABatchIsRefilledWhenHalfUsed() throws InterruptedException {
        Claims held = new Claims(4, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 4; i++) {
            held.finished(Duration.ofMillis(100).toNanos());
        }
        assertThat(held.reserve(NO_WAIT)).as("4 handlers + 20 buffered").isEqualTo(24);
        for (int i = 0; i < 9; i++) {
            held.finished(Duration.ofMillis(100).toNanos());
        }

        assertThat(held.reserve(NO_WAIT)).as("room for 9").isZero();
        held.finished(Duration.ofMillis(100).toNanos());
        assertThat(held.reserve(NO_WAIT)).as("room for half the buffer").isEqualTo(10);
    }

    @Test
    void aWaitingReserveWakesWhenAHandlerFinishes() throws InterruptedException {
        Claims held = new Claims(1, 10, BUFFER_TIME);
        held.reserve(NO_WAIT);
        Thread finisher = new Thread(() -> {
            sleep(100);
            held.finished(Duration.ofSeconds(5).toNanos());
        });
        finisher.start();

        long start = System.nanoTime();
        int reserved = held.reserve(Duration.ofSeconds(10));

        assertThat(reserved).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        finisher.join();
    }

    @Test
    void heartbeatsCoverBufferedRunningAndUnrecordedJobsUntilTheirRecord() throws InterruptedException {
        JobLedger ledger = new JobLedger(2, 10, BUFFER_TIME);
        int reserved = ledger.reserve(NO_WAIT);
        JobRun first = run();
        JobRun second = run();
        ledger.claimed(List.of(first, second), reserved);

        assertThat(ledger.stateOf(first.job().id())).isEqualTo(JobLedger.State.BUFFERED);
        assertThat(ledger.leased()).containsExactly(first, second);
        ledger.running(first);
        assertThat(ledger.running()).containsExactly(first);
        ledger.handlerEnded(first, 1_000);
        assertThat(ledger.stateOf(first.job().id())).isEqualTo(JobLedger.State.AWAITING_RECORD);
        assertThat(ledger.leased())
                .as("still leased until its outcome is written")
                .containsExactly(first, second);
        assertThat(ledger.held()).as("but its handler thread is free").isEqualTo(1);

        ledger.recorded(first.job().id());
        assertThat(ledger.leased()).containsExactly(second);
        assertThat(ledger.stateOf(first.job().id())).isNull();
    }

    @Test
    void aTimedOutJobIsNoLongerLeasedButHoldsItsThreadUntilItsHandlerReturns() throws InterruptedException {
        JobLedger ledger = new JobLedger(1, 10, BUFFER_TIME);
        JobRun run = run();
        ledger.claimed(List.of(run), ledger.reserve(NO_WAIT));
        ledger.running(run);

        assertThat(ledger.timedOut(run)).isTrue();
        ledger.recorded(run.job().id());
        assertThat(ledger.leased()).as("no more heartbeats").isEmpty();
        assertThat(ledger.running()).isEmpty();
        assertThat(ledger.reserve(NO_WAIT)).as("its thread is still taken").isZero();

        ledger.handlerEnded(run, Duration.ofSeconds(10).toNanos());
        assertThat(ledger.stateOf(run.job().id())).isNull();
        assertThat(ledger.reserve(NO_WAIT)).isEqualTo(1);
    }

    /**
     * The ledger seen as the counter it replaced: {@code finished} claims one job into a reserved
     * place, runs it and records it, so the room arithmetic is checked with real entries.
     */
    private static final class Claims {

        private final JobLedger ledger;

        Claims(int concurrency, int batchSize, Duration bufferTime) {
            this.ledger = new JobLedger(concurrency, batchSize, bufferTime);
        }

        int reserve(Duration wait) throws InterruptedException {
            return ledger.reserve(wait);
        }

        void release(int jobs) {
            ledger.release(jobs);
        }

        void finished(long nanos) {
            JobRun run = run();
            ledger.claimed(List.of(run), 1);
            ledger.running(run);
            ledger.handlerEnded(run, nanos);
            ledger.recorded(run.job().id());
        }

        int held() {
            return ledger.held();
        }
    }

    /** A run of a job nobody stores: the ledger only needs its id. */
    static JobRun run() {
        JobId id = JobId.forRunAt(Instant.now());
        ClaimedJob job = new ClaimedJob(
                id,
                Tenant.DEFAULT,
                JobType.of(1),
                null,
                SubState.of(21),
                2,
                2,
                Instant.now(),
                Instant.now().plusSeconds(30),
                id.value(),
                1,
                null,
                UserFields.NONE);
        return new JobRun(job, null, null, Clock.systemUTC());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
