package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeldJobsTests {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration BUFFER_TIME = Duration.ofMillis(500);

    @Test
    void untilAHandlerHasFinishedOnlyFreeHandlersAreClaimedFor() throws InterruptedException {
        HeldJobs held = new HeldJobs(8, 100, BUFFER_TIME);

        assertThat(held.reserve(NO_WAIT)).isEqualTo(8);
        assertThat(held.reserve(NO_WAIT)).as("every handler busy").isZero();
        held.release(3);
        assertThat(held.reserve(NO_WAIT)).isEqualTo(3);
    }

    @Test
    void shortJobsAreClaimedAWholeBatchAtATime() throws InterruptedException {
        HeldJobs held = new HeldJobs(8, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 8; i++) {
            held.finished(Duration.ofMillis(1).toNanos());
        }

        assertThat(held.reserve(NO_WAIT)).as("8 handlers run 4,000 one-millisecond jobs in 500 ms").isEqualTo(100);
        assertThat(held.reserve(NO_WAIT)).as("a second batch is buffered").isEqualTo(100);
        assertThat(held.reserve(NO_WAIT)).as("no room for a third batch").isZero();
        assertThat(held.held()).isEqualTo(200);
    }

    @Test
    void theBufferHoldsWhatTheHandlersRunInTheBufferTime() throws InterruptedException {
        HeldJobs held = new HeldJobs(4, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 4; i++) {
            held.finished(Duration.ofMillis(100).toNanos());
        }

        assertThat(held.reserve(NO_WAIT)).as("4 handlers + 4 × 500 / 100 buffered").isEqualTo(24);
    }

    @Test
    void slowJobsAreClaimedOnlyForFreeHandlers() throws InterruptedException {
        HeldJobs held = new HeldJobs(4, 100, BUFFER_TIME);
        held.reserve(NO_WAIT);
        for (int i = 0; i < 4; i++) {
            held.finished(Duration.ofSeconds(10).toNanos());
        }

        assertThat(held.reserve(NO_WAIT)).isEqualTo(4);
        assertThat(held.reserve(NO_WAIT)).isZero();
    }

    @Test
    void withABufferTheNextClaimWaitsForRoomForAWholeBatch() throws InterruptedException {
        HeldJobs held = new HeldJobs(8, 100, BUFFER_TIME);
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
        HeldJobs held = new HeldJobs(4, 100, BUFFER_TIME);
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
        HeldJobs held = new HeldJobs(1, 10, BUFFER_TIME);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
