package dev.jobqueue.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import org.junit.jupiter.api.Test;

/** Rows written by the Go library, and rows whose two codes do not fit together. */
class GoRowResolutionTests {

    private final JobLifecycle lifecycle = JobLifecycle.standard();

    @Test
    void readsAProcessingRowThatTheGoPollerLeftAtSubState10AsProcessing() {
        Transition transition = lifecycle.transition(2, 10, JobEvent.COMPLETE, 0);

        assertThat(transition.from()).isEqualTo(SubState.PROCESSING);
        assertThat(transition.to()).isEqualTo(SubState.DONE);
        assertThat(lifecycle.subStateOf(2, 10)).isEqualTo(SubState.PROCESSING);
    }

    @Test
    void readsAProcessingRowAtTheDdlDefault11AsProcessing() {
        Transition transition = lifecycle.transition(2, 11, JobEvent.FAIL_RETRY, 1);

        assertThat(transition.from()).isEqualTo(SubState.PROCESSING);
        assertThat(transition.to()).isEqualTo(SubState.FAILED_RETRY_SCHEDULED);
        assertThat(transition.effects()).containsExactly(Effect.SCHEDULE_RETRY);
    }

    @Test
    void readsAScheduledRowAtTheDdlDefault11AsItsOwnScheduledSubStateWithTheExitsOf10() {
        assertThat(lifecycle.subStateOf(1, 11)).isEqualTo(SubState.SCHEDULED_DEFAULT);
        assertThat(lifecycle.nameOf(SubState.SCHEDULED_DEFAULT)).isEqualTo("scheduled-default");
        for (JobEvent event : JobEvent.builtIn()) {
            for (int pending : new int[] {1, 0}) {
                assertThat(outcome(1, 11, event, pending))
                        .as("%s with pending %s", event, pending)
                        .isEqualTo(outcome(1, 10, event, pending));
            }
        }
        assertThat(lifecycle.transition(1, 11, JobEvent.CLAIM, 1).from()).isEqualTo(SubState.SCHEDULED_DEFAULT);
    }

    @Test
    void refusesAnEventOnAGoProcessingRowNamingProcessing() {
        assertThatExceptionOfType(IllegalTransitionException.class)
                .isThrownBy(() -> lifecycle.transition(2, 10, JobEvent.CLAIM, 1))
                .satisfies(ex -> assertThat(ex.state()).isEqualTo(JobState.PROCESSING))
                .withMessageStartingWith("a job in PROCESSING/20 (processing) cannot take the event CLAIM");
    }

    @Test
    void refusesAStateAndSubStateThatDoNotMatchNamingBothCodes() {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.transition(3, 41, JobEvent.COMPLETE, 1))
                .satisfies(ex -> assertThat(ex.field()).isEqualTo("subState"))
                .withMessage("state 3 with sub_state 41 do not match: a sub_state of state 3 is one of [30, 31, 32],"
                        + " and sub_state 41 belongs to state 4");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.transition(1, 20, JobEvent.COMPLETE, 1))
                .withMessageStartingWith("state 1 with sub_state 20 do not match");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.transition(2, 30, JobEvent.COMPLETE, 1))
                .withMessage("state 2 with sub_state 30 do not match: a sub_state of state 2 is one of [20], or 10 or"
                        + " 11 on a row claimed by the Go library, and sub_state 30 belongs to state 3");
    }

    @Test
    void refusesUnknownCodesNamingBothCodes() {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.transition(4, 47, JobEvent.COMPLETE, 1))
                .withMessage("state 4 with sub_state 47: sub_state 47 is not a sub-state of this lifecycle; declared:"
                        + " [10, 11, 20, 30, 31, 32, 41, 42, 43, 44, 45, 49]");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.transition(5, 50, JobEvent.COMPLETE, 1))
                .satisfies(ex -> assertThat(ex.field()).isEqualTo("state"))
                .withMessage("state 5 with sub_state 50: state must be 1, 2, 3 or 4");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.transition(1, 9, JobEvent.CLAIM, 1))
                .withMessageStartingWith("state 1 with sub_state 9: sub_state 9 is not a sub-state");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> lifecycle.transition(0, -1, JobEvent.CLAIM, 1))
                .withMessageStartingWith("state 0 with sub_state -1: state must be");
    }

    @Test
    void readsOnlySubStates10And11AsGoProcessingRows() {
        JobLifecycle custom = CustomLifecycles.approvalCallbackAndPoisonLifecycle();

        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> custom.transition(2, 12, JobEvent.COMPLETE, 1))
                .withMessageContaining("state 2 with sub_state 12 do not match")
                .withMessageContaining("one of [20, 21]");
    }

    private String outcome(int state, int subState, JobEvent event, int pending) {
        try {
            Transition transition = lifecycle.transition(state, subState, event, pending);
            return transition.to() + " " + transition.pendingDelta() + " " + transition.effects();
        } catch (IllegalTransitionException ex) {
            return "refused, allowed " + ex.allowedEvents();
        }
    }
}
