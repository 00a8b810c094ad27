package dev.jobqueue.lifecycle;

import static dev.jobqueue.lifecycle.CustomLifecycles.APPROVE;
import static dev.jobqueue.lifecycle.CustomLifecycles.AWAITING_APPROVAL;
import static dev.jobqueue.lifecycle.CustomLifecycles.HOLD;
import static dev.jobqueue.lifecycle.CustomLifecycles.POISON;
import static dev.jobqueue.lifecycle.CustomLifecycles.REVIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.SubState;
import org.junit.jupiter.api.Test;

/** Custom sub-states and transitions: accepted when sound, refused at build time with what to fix. */
class LifecycleCustomizationTests {

    private static final JobLifecycleCustomizer APPROVAL = definition -> definition
            .subState(AWAITING_APPROVAL, "awaiting-approval")
            .transition(SubState.SCHEDULED, HOLD, AWAITING_APPROVAL)
            .transition(AWAITING_APPROVAL, APPROVE, SubState.SCHEDULED);

    @Test
    void acceptsAScheduledSubStateEnteredOnHoldAndLeftOnApprove() {
        JobLifecycle lifecycle = JobLifecycle.builder().customize(APPROVAL).build();

        Transition hold = lifecycle.transition(1, 10, HOLD, 1);
        Transition approve = lifecycle.transition(1, 12, APPROVE, 1);

        assertThat(hold.to()).isEqualTo(SubState.of(12));
        assertThat(hold.pendingDelta()).isZero();
        assertThat(approve.to()).isEqualTo(SubState.SCHEDULED);
        assertThat(lifecycle.nameOf(SubState.of(12))).isEqualTo("awaiting-approval");
        assertThat(lifecycle.isTerminal(SubState.of(12))).isFalse();
        assertThat(lifecycle.sourcesOf(HOLD)).containsExactly(SubState.SCHEDULED);
        assertThat(lifecycle.sourcesOf(JobEvent.CLAIM)).containsExactly(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT);
    }

    @Test
    void refusesTheClaimOfAJobAwaitingApproval() {
        JobLifecycle lifecycle = JobLifecycle.builder().customize(APPROVAL).build();

        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> lifecycle.transition(1, 12, JobEvent.CLAIM, 1))
                .withMessage("a job in SCHEDULED/12 (awaiting-approval) cannot take the event CLAIM;"
                        + " allowed here: [COMPLETE_BY_CORRELATION, CANCEL_JOB, approve]");
    }

    @Test
    void acceptsATerminalPoisonedSubStateAndADeclaredExitFromIt() {
        JobLifecycle lifecycle = CustomLifecycles.approvalCallbackAndPoisonLifecycle();

        assertThat(lifecycle.transition(2, 20, POISON, 1).to()).isEqualTo(SubState.of(46));
        assertThat(lifecycle.isTerminal(SubState.of(46))).isTrue();
        assertThat(lifecycle.transition(4, 46, REVIVE, 0).to()).isEqualTo(SubState.SCHEDULED);
    }

    @Test
    void acceptsBuiltInEventsFromACustomProcessingSubState() {
        JobLifecycle lifecycle = CustomLifecycles.approvalCallbackAndPoisonLifecycle();

        assertThat(lifecycle.transition(2, 21, JobEvent.COMPLETE, 1).effects())
                .containsExactly(Effect.COMPLETE_CORRELATED);
        assertThat(lifecycle.transition(2, 21, JobEvent.LOSE_LEASE, 1).to()).isEqualTo(SubState.FAILED_INTERNAL);
        assertThat(lifecycle.transition(2, 21, JobEvent.LOSE_LEASE, 0).to()).isEqualTo(SubState.FAILED_NO_RETRY_LEFT);
        assertThat(lifecycle.sourcesOf(JobEvent.COMPLETE)).containsExactly(SubState.PROCESSING, SubState.of(21));
    }

    @Test
    void derivesTheUseOfAnExecutionForACustomWayIntoProcessing() {
        JobEvent start = JobEvent.of("start");
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(APPROVAL)
                .customize(definition ->
                        definition.transitionIfExecutionsLeft(AWAITING_APPROVAL, start, SubState.PROCESSING))
                .build();

        assertThat(lifecycle.transition(1, 12, start, 1).pendingDelta()).isEqualTo(-1);
        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> lifecycle.transition(1, 12, start, 0))
                .withMessage("a job in SCHEDULED/12 (awaiting-approval) with no executions left cannot take the"
                        + " event start; allowed here: [COMPLETE_BY_CORRELATION, CANCEL_JOB, approve]");
    }

    @Test
    void acceptsATransitionDeclaredTwiceTheSameWay() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(APPROVAL)
                .customize(definition -> definition.transition(SubState.SCHEDULED, HOLD, AWAITING_APPROVAL))
                .build();

        assertThat(lifecycle.transitions())
                .filteredOn(transition -> transition.event().equals(HOLD))
                .hasSize(2);
    }
}
