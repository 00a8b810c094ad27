package dev.jobqueue.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The lookup and the query methods the persistence layer uses. */
class JobLifecycleTests {

    private final JobLifecycle lifecycle = JobLifecycle.standard();

    @Test
    void sharesOneStandardLifecycle() {
        assertThat(JobLifecycle.standard()).isSameAs(lifecycle);
    }

    @Test
    void returnsTheSamePrecomputedTransitionForTheSameInput() {
        Transition first = lifecycle.transition(1, 10, JobEvent.CLAIM, 3);

        assertThat(lifecycle.transition(1, 10, JobEvent.CLAIM, 1)).isSameAs(first);
        assertThat(first.toState()).isEqualTo(JobState.PROCESSING);
        assertThat(first.pendingDelta()).isEqualTo(-1);
        assertThat(first.effects()).isEmpty();
    }

    @Test
    void allocatesNothingPerLookup() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeThat(threads)
                .as("the JVM reports allocated bytes per thread")
                .isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
        lookups(10_000);
        long before = allocation.getCurrentThreadAllocatedBytes();
        long sum = lookups(100_000);
        long allocated = allocation.getCurrentThreadAllocatedBytes() - before;

        assertThat(sum).isPositive();
        assertThat(allocated).as("bytes allocated by 100,000 lookups").isLessThan(10_000);
    }

    @Test
    void namesTheSubStatesThatTakeAnEventForTheClaimQuery() {
        assertThat(lifecycle.sourcesOf(JobEvent.CLAIM)).containsExactly(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT);
        assertThat(lifecycle.sourcesOf(JobEvent.COMPLETE)).containsExactly(SubState.PROCESSING);
        assertThat(lifecycle.sourcesOf(JobEvent.of("approve"))).isEmpty();
    }

    @Test
    void namesAndClassifiesEachSubState() {
        assertThat(lifecycle.nameOf(SubState.RESCHEDULED)).isEqualTo("rescheduled");
        assertThat(lifecycle.isTerminal(SubState.RESCHEDULED)).isTrue();
        assertThat(lifecycle.isTerminal(SubState.FAILED_RETRY_DECLINED)).isTrue();
        assertThat(lifecycle.isTerminal(SubState.SCHEDULED_DEFAULT)).isFalse();
        assertThat(lifecycle.isTerminal(SubState.PROCESSING)).isFalse();
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.nameOf(SubState.of(46)))
                .withMessage("sub_state 46 is not a sub-state of this lifecycle; declared:"
                        + " [10, 11, 20, 30, 31, 32, 41, 42, 43, 44, 45, 49]");
    }

    @Test
    void refusesAnEventWithAMessageThatNamesTheStateTheEventAndWhatIsAllowed() {
        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> lifecycle.transition(2, 20, JobEvent.COMPLETE_BY_CORRELATION, 1))
                .withMessage("a job in PROCESSING/20 (processing) cannot take the event COMPLETE_BY_CORRELATION;"
                        + " allowed here: [COMPLETE, FAIL_RETRY, FAIL_NOT_RETRYABLE, DECLINE_RETRY, LOSE_LEASE,"
                        + " RESCHEDULE, RELEASE, CANCEL_JOB]")
                .satisfies(ex -> {
                    assertThat(ex.state()).isEqualTo(JobState.PROCESSING);
                    assertThat(ex.subState()).isEqualTo(SubState.PROCESSING);
                    assertThat(ex.event()).isEqualTo(JobEvent.COMPLETE_BY_CORRELATION);
                    assertThat(ex.jobId()).isNull();
                });
    }

    @Test
    void saysATerminalSubStateAllowsNothing() {
        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> lifecycle.transition(3, 32, JobEvent.CLAIM, 1))
                .withMessage("a job in DONE/32 (rescheduled) cannot take the event CLAIM; allowed here: none,"
                        + " DONE/32 (rescheduled) is terminal");
    }

    @Test
    void addsTheJobIdToARefusalWhenTheCallerKnowsIt() {
        IllegalTransitionException refusal = catchRefusal(() -> lifecycle.transition(4, 43, JobEvent.COMPLETE, 0));

        IllegalTransitionException forJob = refusal.forJob("01HZZZZZZZZZZZZZZZZZZZZZZZ");

        assertThat(forJob)
                .hasMessage("job 01HZZZZZZZZZZZZZZZZZZZZZZZ in FAILED/43 (no-retry-left) cannot take the"
                        + " event COMPLETE; allowed here: [RETRY_NOW]");
        assertThat(forJob.jobId()).isEqualTo("01HZZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(forJob.allowedEvents()).isEqualTo(refusal.allowedEvents());
    }

    private long lookups(int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += lifecycle
                    .transition(2, 20, (i & 1) == 0 ? JobEvent.FAIL_RETRY : JobEvent.COMPLETE, i & 3)
                    .to()
                    .code();
            sum += lifecycle.transition(1, 10 + (i & 1), JobEvent.CLAIM, i & 1).pendingDelta();
        }
        return sum;
    }

    private static IllegalTransitionException catchRefusal(Runnable lookup) {
        try {
            lookup.run();
        } catch (IllegalTransitionException ex) {
            return ex;
        }
        throw new AssertionError("expected a refusal");
    }
}
