package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sizing of claims: adaptive claims buffer what the handlers complete during two claims, from
 * none for slow jobs (claims only for free handlers) up to two batches of the maximum for no-op
 * jobs; fixed claims keep the buffer of the poll interval.
 */
class ClaimSizingTests {

    private static final long BUFFER_NANOS = Duration.ofMillis(500).toNanos();
    private static final double CLAIM_NANOS = Duration.ofMillis(2).toNanos();

    @Test
    void beforeAHandlerHasFinishedThereIsNoBuffer() {
        assertThat(ClaimSizing.adaptive(8, 256).buffer(Double.NaN, CLAIM_NANOS, BUFFER_NANOS))
                .isZero();
        assertThat(ClaimSizing.fixed(8, 32).buffer(Double.NaN, CLAIM_NANOS, BUFFER_NANOS))
                .isZero();
    }

    @Test
    void noOpJobsBufferTwoBatchesOfTheMaximum() {
        ClaimSizing sizing = ClaimSizing.adaptive(8, 256);

        assertThat(sizing.batchSize()).isEqualTo(256);
        assertThat(sizing.buffer(20_000, CLAIM_NANOS, BUFFER_NANOS))
                .as("8 handlers complete 1,600 jobs of 20 µs in two claims of 2 ms; capped at two batches")
                .isEqualTo(512);
    }

    @Test
    void jobsAsLongAsAClaimBufferWhatTheHandlersRunDuringTwoClaims() {
        assertThat(ClaimSizing.adaptive(8, 256).buffer(CLAIM_NANOS, CLAIM_NANOS, BUFFER_NANOS))
                .as("8 handlers × 2 claims")
                .isEqualTo(16);
    }

    @Test
    void slowJobsAreClaimedOnlyForFreeHandlers() {
        ClaimSizing sizing = ClaimSizing.adaptive(8, 256);

        assertThat(sizing.buffer(Duration.ofMillis(300).toNanos(), CLAIM_NANOS, BUFFER_NANOS))
                .as("8 × 4 ms / 300 ms")
                .isZero();
        assertThat(ClaimSizing.fixed(8, 32).buffer(Duration.ofMillis(300).toNanos(), CLAIM_NANOS, BUFFER_NANOS))
                .as("the fixed policy buffers what runs in the buffer time: 8 × 500 / 300")
                .isEqualTo(13);
    }

    @Test
    void theBufferNeverExceedsWhatRunsInATenthOfTheBufferTime() {
        assertThat(ClaimSizing.adaptive(8, 256).buffer(20_000, CLAIM_NANOS, 0))
                .as("no buffer time (a type under flow limits)")
                .isZero();
        assertThat(ClaimSizing.adaptive(4, 256)
                        .buffer(
                                Duration.ofMillis(10).toNanos(),
                                Duration.ofSeconds(1).toNanos(),
                                BUFFER_NANOS))
                .as("claims of a second are slower than a tenth of the poll interval: 4 × 50 / 10")
                .isEqualTo(20);
    }

    @Test
    void withoutAMeasuredClaimSlowAndFastJobsAlikeAreClaimedForFreeHandlers() {
        assertThat(ClaimSizing.adaptive(8, 256).buffer(20_000, Double.NaN, BUFFER_NANOS))
                .isZero();
    }

    @Test
    void fixedClaimsBufferTwoBatchesAtMost() {
        ClaimSizing sizing = ClaimSizing.fixed(8, 32);

        assertThat(sizing.isAdaptive()).isFalse();
        assertThat(sizing.batchSize()).isEqualTo(32);
        assertThat(sizing.buffer(20_000, CLAIM_NANOS, BUFFER_NANOS)).isEqualTo(64);
    }

    @Test
    void aBatchBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> ClaimSizing.adaptive(8, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClaimSizing.fixed(0, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLedgerWithAdaptiveClaimsClaimsHundredsOfNoOpJobsAndOnlyFreeHandlersForSlowOnes() throws InterruptedException {
        JobLedger fast = new JobLedger(8, ClaimSizing.adaptive(8, 256), Duration.ofMillis(500));
        int first = fast.reserve(Duration.ZERO);
        assertThat(first).as("nothing measured yet: the free handlers").isEqualTo(8);
        fast.claimTook((long) CLAIM_NANOS);
        finish(fast, first, 20_000);

        assertThat(fast.reserve(Duration.ZERO)).as("a claim of the maximum").isEqualTo(256);
        assertThat(fast.reserve(Duration.ZERO)).as("and a second one buffered").isEqualTo(256);
        assertThat(fast.reserve(Duration.ZERO))
                .as("8 handlers + 512 buffered are taken")
                .isZero();

        JobLedger slow = new JobLedger(8, ClaimSizing.adaptive(8, 256), Duration.ofMillis(500));
        int taken = slow.reserve(Duration.ZERO);
        slow.claimTook((long) CLAIM_NANOS);
        finish(slow, taken, Duration.ofMillis(300).toNanos());

        assertThat(slow.reserve(Duration.ZERO)).as("the 8 free handlers").isEqualTo(8);
        assertThat(slow.reserve(Duration.ZERO)).as("nothing buffered").isZero();
    }

    /** The {@code reserved} jobs of a claim run for {@code nanos} each and are recorded. */
    private static void finish(JobLedger ledger, int reserved, long nanos) {
        List<JobRun> runs = java.util.stream.IntStream.range(0, reserved)
                .mapToObj(i -> JobLedgerTests.run())
                .toList();
        ledger.claimed(runs, reserved);
        for (JobRun run : runs) {
            ledger.running(run);
            ledger.handlerEnded(run, nanos);
            ledger.recorded(run.job().id());
        }
    }
}
