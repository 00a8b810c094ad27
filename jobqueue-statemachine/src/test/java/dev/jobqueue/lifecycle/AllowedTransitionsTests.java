package dev.jobqueue.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.SubState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every (sub-state, event, executions left) input of the standard lifecycle: the outcomes listed
 * here are allowed, everything else is refused. Written out by hand, so that a change to the
 * model shows up as a change here.
 */
class AllowedTransitionsTests {

    /** {@code from event guard -> to [pending delta] [effects]}; "left" means pending_execution > 0. */
    private static final List<String> ALLOWED = List.of(
            "10 CLAIM left -> 20 pending -1",
            "10 CLAIM none -> 43",
            "10 COMPLETE_BY_CORRELATION left -> 31",
            "10 COMPLETE_BY_CORRELATION none -> 31",
            "10 CANCEL_JOB left -> 49",
            "10 CANCEL_JOB none -> 49",
            "10 RUN_NOW left -> 32 [SCHEDULE_NOW]",
            "10 RUN_NOW none -> 32 [SCHEDULE_NOW]",
            "11 CLAIM left -> 20 pending -1",
            "11 CLAIM none -> 43",
            "11 COMPLETE_BY_CORRELATION left -> 31",
            "11 COMPLETE_BY_CORRELATION none -> 31",
            "11 CANCEL_JOB left -> 49",
            "11 CANCEL_JOB none -> 49",
            "11 RUN_NOW left -> 32 [SCHEDULE_NOW]",
            "11 RUN_NOW none -> 32 [SCHEDULE_NOW]",
            "20 COMPLETE left -> 30 [COMPLETE_CORRELATED]",
            "20 COMPLETE none -> 30 [COMPLETE_CORRELATED]",
            "20 FAIL_RETRY left -> 44 [SCHEDULE_RETRY]",
            "20 FAIL_RETRY none -> 43",
            "20 FAIL_NOT_RETRYABLE left -> 42",
            "20 FAIL_NOT_RETRYABLE none -> 42",
            "20 DECLINE_RETRY left -> 45",
            "20 DECLINE_RETRY none -> 45",
            "20 LOSE_LEASE left -> 41 [SCHEDULE_RETRY]",
            "20 LOSE_LEASE none -> 43",
            "20 RESCHEDULE left -> 32 [SCHEDULE_NEXT_RUN]",
            "20 RESCHEDULE none -> 32 [SCHEDULE_NEXT_RUN]",
            "20 RELEASE left -> 10 pending 1",
            "20 RELEASE none -> 10 pending 1",
            "20 CANCEL_JOB left -> 49",
            "20 CANCEL_JOB none -> 49",
            "42 RETRY_NOW left -> 44 [SCHEDULE_FRESH_RUN]",
            "42 RETRY_NOW none -> 44 [SCHEDULE_FRESH_RUN]",
            "43 RETRY_NOW left -> 44 [SCHEDULE_FRESH_RUN]",
            "43 RETRY_NOW none -> 44 [SCHEDULE_FRESH_RUN]",
            "45 RETRY_NOW left -> 44 [SCHEDULE_FRESH_RUN]",
            "45 RETRY_NOW none -> 44 [SCHEDULE_FRESH_RUN]",
            "49 RETRY_NOW left -> 44 [SCHEDULE_FRESH_RUN]",
            "49 RETRY_NOW none -> 44 [SCHEDULE_FRESH_RUN]");

    private static final List<Integer> SUB_STATES = List.of(10, 11, 20, 30, 31, 32, 41, 42, 43, 44, 45, 49);

    private final JobLifecycle lifecycle = JobLifecycle.standard();

    @Test
    void allowsExactlyTheListedOutcomesAndRefusesEveryOtherInput() {
        List<String> allowed = new ArrayList<>();
        int refused = 0;
        for (int code : SUB_STATES) {
            for (JobEvent event : JobEvent.builtIn()) {
                for (int pendingExecution : new int[] {2, 0}) {
                    String input = code + " " + event + (pendingExecution > 0 ? " left" : " none");
                    try {
                        allowed.add(input + describe(lifecycle.transition(code / 10, code, event, pendingExecution)));
                    } catch (IllegalTransitionException ex) {
                        assertThat(ex.subState()).isEqualTo(SubState.of(code));
                        assertThat(ex.event()).isEqualTo(event);
                        assertThat(ALLOWED).noneMatch(line -> line.startsWith(input + " -> "));
                        refused++;
                    }
                }
            }
        }
        assertThat(allowed).containsExactlyElementsOf(ALLOWED);
        assertThat(refused).isEqualTo(SUB_STATES.size() * JobEvent.builtIn().size() * 2 - ALLOWED.size());
    }

    @Test
    void declaresExactlyTheSeedSubStatesAndRescheduled() {
        assertThat(lifecycle.subStates()).extracting(SubState::code).containsExactlyElementsOf(SUB_STATES);
        assertThat(lifecycle.events()).containsExactlyElementsOf(JobEvent.builtIn());
    }

    @Test
    void listsTheCompiledOutcomesInTheSameOrder() {
        assertThat(lifecycle.transitions())
                .extracting(transition -> transition.from() + " " + transition.event()
                        + (transition.executionsLeft() ? " left" : " none") + describe(transition))
                .containsExactlyElementsOf(ALLOWED);
    }

    @Test
    void neverClaimsAJobWithNoExecutionsLeft() {
        assertThat(lifecycle.transition(1, 10, JobEvent.CLAIM, 0).to()).isEqualTo(SubState.FAILED_NO_RETRY_LEFT);
        assertThat(lifecycle.transition(1, 10, JobEvent.CLAIM, -1).to()).isEqualTo(SubState.FAILED_NO_RETRY_LEFT);
        assertThat(lifecycle.transition(1, 10, JobEvent.CLAIM, 1).to()).isEqualTo(SubState.PROCESSING);
    }

    @Test
    void releasesAProcessingJobBackToScheduledWithTheExecutionItsClaimTook() {
        Transition onLastExecution = lifecycle.transition(2, 20, JobEvent.RELEASE, 0);
        assertThat(onLastExecution.to()).isEqualTo(SubState.SCHEDULED);
        assertThat(onLastExecution.pendingDelta()).isEqualTo(1);
        assertThat(onLastExecution.effects()).isEmpty();
        assertThat(lifecycle.transition(2, 20, JobEvent.RELEASE, 3).pendingDelta())
                .isEqualTo(1);
    }

    @Test
    void refusesAnEventNoSubStateTakes() {
        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> lifecycle.transition(2, 20, JobEvent.of("approve"), 1))
                .withMessage(
                        "a job in PROCESSING/20 (processing) cannot take the event approve; allowed here:"
                                + " [COMPLETE, FAIL_RETRY, FAIL_NOT_RETRYABLE, DECLINE_RETRY, LOSE_LEASE, RESCHEDULE, RELEASE, CANCEL_JOB]");
    }

    private static String describe(Transition transition) {
        String pending = transition.pendingDelta() != 0 ? " pending " + transition.pendingDelta() : "";
        return " -> " + transition.to() + pending + (transition.effects().isEmpty() ? "" : " " + transition.effects());
    }
}
