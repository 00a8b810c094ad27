package dev.jobqueue.lifecycle;

import static dev.jobqueue.lifecycle.CustomLifecycles.AWAITING_APPROVAL;
import static dev.jobqueue.lifecycle.CustomLifecycles.AWAITING_CALLBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import org.junit.jupiter.api.Test;

/**
 * States are parents, sub-states their children: a transition declared on a state applies to
 * every child, custom ones included, unless the child declares its own for the event and guard.
 */
class LifecycleHierarchyTests {

    private static final SubState CANCELLED = SubState.of(46);
    private static final SubState DONE_WHILE_HELD = SubState.of(33);
    private static final JobEvent CANCEL = JobEvent.of("cancel");

    private final JobLifecycle custom = CustomLifecycles.approvalCallbackAndPoisonLifecycle();

    @Test
    void aCustomChildOfScheduledIsCompletedByCorrelationAsItsParentWithoutDeclaringIt() {
        Transition correlated = custom.transition(1, 12, JobEvent.COMPLETE_BY_CORRELATION, 1);

        assertThat(correlated.from()).isEqualTo(AWAITING_APPROVAL);
        assertThat(correlated.to()).isEqualTo(SubState.DONE_BY_CORRELATION);
        assertThat(correlated.pendingDelta()).isZero();
        assertThat(custom.transition(1, 12, JobEvent.COMPLETE_BY_CORRELATION, 0).to())
                .isEqualTo(SubState.DONE_BY_CORRELATION);
        assertThat(custom.sourcesOf(JobEvent.COMPLETE_BY_CORRELATION))
                .containsExactly(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT, AWAITING_APPROVAL);
    }

    @Test
    void aCustomChildOfScheduledIsNotClaimableSinceTheClaimIsDeclaredOnTheClaimableSubStatesOnly() {
        assertThat(custom.sourcesOf(JobEvent.CLAIM)).containsExactly(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT);
        for (int pending : new int[] {1, 0}) {
            assertThatExceptionOfType(IllegalTransitionException.class)
                    .isThrownBy(() -> custom.transition(1, 12, JobEvent.CLAIM, pending))
                    .satisfies(ex -> assertThat(ex.allowedEvents())
                            .containsExactly(
                                    JobEvent.COMPLETE_BY_CORRELATION, JobEvent.CANCEL_JOB, CustomLifecycles.APPROVE));
        }
    }

    @Test
    void aCustomChildOfProcessingIsRecoverableOnALostLeaseAsItsParent() {
        Transition withRetry = custom.transition(2, 21, JobEvent.LOSE_LEASE, 1);
        Transition lastExecution = custom.transition(2, 21, JobEvent.LOSE_LEASE, 0);
        Transition released = custom.transition(2, 21, JobEvent.RELEASE, 0);

        assertThat(withRetry.to()).isEqualTo(SubState.FAILED_INTERNAL);
        assertThat(withRetry.effects()).containsExactly(Effect.SCHEDULE_RETRY);
        assertThat(lastExecution.to()).isEqualTo(SubState.FAILED_NO_RETRY_LEFT);
        assertThat(lastExecution.effects()).isEmpty();
        assertThat(released.to()).isEqualTo(SubState.SCHEDULED);
        assertThat(released.pendingDelta()).isEqualTo(1);
        assertThat(custom.sourcesOf(JobEvent.LOSE_LEASE)).containsExactly(SubState.PROCESSING, AWAITING_CALLBACK);
        assertThat(custom.sourcesOf(JobEvent.RELEASE)).containsExactly(SubState.PROCESSING, AWAITING_CALLBACK);
    }

    @Test
    void aCustomChildOfProcessingDoesNotInheritTheHandlerOutcomesOfTheRunningSubState() {
        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> custom.transition(2, 21, JobEvent.FAIL_RETRY, 1))
                .withMessage("a job in PROCESSING/21 (awaiting-callback) cannot take the event FAIL_RETRY; allowed"
                        + " here: [COMPLETE, LOSE_LEASE, RELEASE, CANCEL_JOB]");
    }

    @Test
    void aChildsOwnTransitionOverridesItsParentsAndTheSiblingsKeepTheParents() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(CustomLifecycles.approvalCallbackAndPoison())
                .customize(definition -> definition
                        .subState(DONE_WHILE_HELD, "done-while-held")
                        .transition(AWAITING_APPROVAL, JobEvent.COMPLETE_BY_CORRELATION, DONE_WHILE_HELD))
                .build();

        assertThat(lifecycle
                        .transition(1, 12, JobEvent.COMPLETE_BY_CORRELATION, 1)
                        .to())
                .isEqualTo(DONE_WHILE_HELD);
        assertThat(lifecycle
                        .transition(1, 10, JobEvent.COMPLETE_BY_CORRELATION, 1)
                        .to())
                .isEqualTo(SubState.DONE_BY_CORRELATION);
        assertThat(lifecycle
                        .transition(1, 11, JobEvent.COMPLETE_BY_CORRELATION, 1)
                        .to())
                .isEqualTo(SubState.DONE_BY_CORRELATION);
    }

    @Test
    void aChildThatOverridesOneGuardInputKeepsItsParentsTransitionForTheOther() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(CustomLifecycles.approvalCallbackAndPoison())
                .customize(definition -> definition.transitionIfNoExecutionsLeft(
                        AWAITING_CALLBACK, JobEvent.LOSE_LEASE, SubState.FAILED_APPLICATION))
                .build();

        assertThat(lifecycle.transition(2, 21, JobEvent.LOSE_LEASE, 0).to()).isEqualTo(SubState.FAILED_APPLICATION);
        assertThat(lifecycle.transition(2, 21, JobEvent.LOSE_LEASE, 1).to()).isEqualTo(SubState.FAILED_INTERNAL);
        assertThat(lifecycle.transition(2, 20, JobEvent.LOSE_LEASE, 0).to()).isEqualTo(SubState.FAILED_NO_RETRY_LEFT);
    }

    @Test
    void aTransitionAnApplicationDeclaresOnAStateAppliesToEveryChildBuiltInOrCustom() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(CustomLifecycles.approvalCallbackAndPoison())
                .customize(definition -> definition
                        .subState(SubState.of(47), "cancelled")
                        .transition(JobState.SCHEDULED, CANCEL, SubState.of(47)))
                .build();

        assertThat(lifecycle.sourcesOf(CANCEL))
                .containsExactly(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT, AWAITING_APPROVAL);
        assertThat(lifecycle.transition(1, 12, CANCEL, 0).to()).isEqualTo(SubState.of(47));
        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> lifecycle.transition(2, 20, CANCEL, 1));
    }

    @Test
    void compilesEveryTransitionToTheSubStatesItAppliesToNeverToAState() {
        assertThat(custom.transitions())
                .allSatisfy(transition -> assertThat(transition.from().code()).isBetween(10, 49));
        assertThat(JobLifecycle.standard().transitions()).hasSize(40);
    }

    @Test
    void anOperatorsCancelAppliesToEveryScheduledAndProcessingChildBuiltInOrCustom() {
        assertThat(custom.sourcesOf(JobEvent.CANCEL_JOB))
                .containsExactly(
                        SubState.SCHEDULED,
                        SubState.SCHEDULED_DEFAULT,
                        AWAITING_APPROVAL,
                        SubState.PROCESSING,
                        SubState.of(21));
        assertThat(custom.transition(1, 12, JobEvent.CANCEL_JOB, 0).to()).isEqualTo(SubState.CANCELLED);
        assertThat(custom.transition(2, 21, JobEvent.CANCEL_JOB, 1).to()).isEqualTo(SubState.CANCELLED);
        assertThat(custom.isTerminal(SubState.CANCELLED)).isTrue();
        assertThat(custom.sourcesOf(JobEvent.RUN_NOW)).containsExactly(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT);
        assertThat(custom.sourcesOf(JobEvent.RETRY_NOW))
                .containsExactly(
                        SubState.FAILED_APPLICATION,
                        SubState.FAILED_NO_RETRY_LEFT,
                        SubState.FAILED_RETRY_DECLINED,
                        SubState.CANCELLED);
    }

    /** The example of docs/lifecycle.md, "Customizing". */
    @Test
    void buildsTheCustomizationTheDocsShow() {
        SubState awaitingApproval = SubState.of(12);
        SubState poisoned = SubState.of(46);
        SubState cancelled = SubState.of(47);
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(definition -> definition
                        .subState(awaitingApproval, "awaiting-approval")
                        .transition(SubState.SCHEDULED, JobEvent.of("hold"), awaitingApproval)
                        .transition(awaitingApproval, JobEvent.of("approve"), SubState.SCHEDULED)
                        .subState(poisoned, "poisoned")
                        .transition(SubState.PROCESSING, JobEvent.of("poison"), poisoned)
                        .exitFromTerminal(poisoned, JobEvent.of("revive"), SubState.SCHEDULED)
                        .subState(cancelled, "cancelled")
                        .transition(JobState.SCHEDULED, CANCEL, cancelled))
                .build();

        assertThat(lifecycle.sourcesOf(CANCEL))
                .containsExactly(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT, awaitingApproval);
        assertThat(lifecycle.sourcesOf(JobEvent.CLAIM)).doesNotContain(awaitingApproval);
    }

    @Test
    void acceptsACustomScheduledChildThatDeclaresOnlyItsOwnExit() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(definition -> definition
                        .subState(CANCELLED, "cancelled")
                        .subState(AWAITING_APPROVAL, "held")
                        .transition(SubState.SCHEDULED, JobEvent.of("hold"), AWAITING_APPROVAL)
                        .transition(AWAITING_APPROVAL, CANCEL, CANCELLED))
                .build();

        assertThat(lifecycle
                        .transition(1, 12, JobEvent.COMPLETE_BY_CORRELATION, 1)
                        .to())
                .isEqualTo(SubState.DONE_BY_CORRELATION);
        assertThat(lifecycle.transition(1, 12, CANCEL, 1).to()).isEqualTo(CANCELLED);
    }
}
