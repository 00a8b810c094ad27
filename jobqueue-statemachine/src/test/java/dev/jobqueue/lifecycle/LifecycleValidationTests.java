package dev.jobqueue.lifecycle;

import static dev.jobqueue.lifecycle.CustomLifecycles.APPROVE;
import static dev.jobqueue.lifecycle.CustomLifecycles.HOLD;
import static dev.jobqueue.lifecycle.CustomLifecycles.REVIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

/**
 * Each invalid customization is a startup error that says what to fix. The checks on codes that a
 * {@link SubState} cannot even hold (50, 7) are reached through the deprecated code-based overloads.
 */
class LifecycleValidationTests {

    @Test
    void refusesACodeAlreadyTakenByABuiltInSubState() {
        assertInvalid(definition -> definition
                        .subState(SubState.of(41), "poisoned")
                        .transition(SubState.of(20), JobEvent.of("poison"), SubState.of(41)))
                .withMessage("Invalid job lifecycle: sub-state code 41 is declared twice, as 'internal-error'"
                        + " (built-in) and as 'poisoned': pick a free code among [40, 46, 47, 48]");
    }

    @Test
    void refusesANameUsedTwice() {
        assertInvalid(definition -> definition
                        .subState(SubState.of(46), "no-retry-left")
                        .transition(SubState.of(20), JobEvent.of("x"), SubState.of(46)))
                .withMessage("Invalid job lifecycle: sub-state name 'no-retry-left' is used by both 43 and 46:"
                        + " names must be unique");
    }

    @Test
    @SuppressWarnings("deprecation")
    void refusesACodeOutsideTheConvention() {
        assertInvalid(definition -> definition.subState(50, "archived"))
                .withMessage("Invalid job lifecycle: sub-state 50 'archived' is outside 10..49: a code is state * 10"
                        + " + k with k 0..9 and a parent state that exists (1 SCHEDULED, 2 PROCESSING, 3 DONE,"
                        + " 4 FAILED), so state 5 cannot hold it");
        assertInvalid(definition -> definition.subState(7, "early"))
                .withMessageContaining("sub-state 7 'early' is outside 10..49")
                .withMessageContaining("so state 0 cannot hold it");
    }

    @Test
    void refusesANameThatDoesNotFitTheFormat() {
        assertInvalid(approvalNamed("Awaiting Approval"))
                .withMessage("Invalid job lifecycle: sub-state 12 has the name 'Awaiting Approval': use 1 to 40"
                        + " lower-case letters, digits and '-', starting with a letter (like awaiting-approval)");
    }

    @Test
    void refusesASubStateThatCannotBeReached() {
        assertInvalid(definition -> definition.subState(SubState.of(46), "poisoned"))
                .withMessage("Invalid job lifecycle: sub-state FAILED/46 (poisoned) cannot be reached from 10 or 11:"
                        + " add a transition into it, like transition(SubState.SCHEDULED, JobEvent.of(\"hold\"),"
                        + " SubState.of(46))");
    }

    @Test
    void refusesASubStateReachedOnlyFromAnUnreachableOne() {
        assertInvalid(definition -> definition
                        .subState(SubState.of(12), "a")
                        .subState(SubState.of(13), "b")
                        .transition(SubState.of(12), HOLD, SubState.of(13))
                        .transition(SubState.of(13), APPROVE, SubState.of(12)))
                .satisfies(
                        ex -> assertThat(ex.problems())
                                .containsExactly(
                                        "sub-state SCHEDULED/12 (a) cannot be reached from 10 or 11: add a transition into it,"
                                                + " like transition(SubState.SCHEDULED, JobEvent.of(\"hold\"), SubState.of(12))",
                                        "sub-state SCHEDULED/13 (b) cannot be reached from 10 or 11: add a transition into it,"
                                                + " like transition(SubState.SCHEDULED, JobEvent.of(\"hold\"), SubState.of(13))"));
    }

    @Test
    void refusesANonTerminalSubStateWithNoWayOut() {
        assertInvalid(definition -> definition
                        .subState(SubState.of(12), "awaiting-approval")
                        .transition(SubState.of(10), HOLD, SubState.of(12)))
                .withMessage("Invalid job lifecycle: sub-state SCHEDULED/12 (awaiting-approval) has no transition"
                        + " of its own, so a job there would never finish (what it inherits from SCHEDULED does not"
                        + " count): add one, like transition(SubState.of(12), JobEvent.of(\"approve\"),"
                        + " SubState.SCHEDULED)");
    }

    @Test
    void refusesATransitionFromOrToAnUndeclaredCode() {
        assertInvalid(definition -> definition.transition(SubState.of(10), HOLD, SubState.of(13)))
                .withMessage("Invalid job lifecycle: transition 10 --hold--> 13 uses sub-state 13, which is not"
                        + " declared: declare it with subState(SubState.of(13), name) or fix the code");
        assertInvalid(definition -> definition.transition(SubState.of(19), APPROVE, SubState.of(10)))
                .withMessageContaining("transition 19 --approve--> 10 uses sub-state 19, which is not declared");
    }

    @Test
    void refusesATransitionOutOfATerminalSubStateThatWasNotDeclaredOnPurpose() {
        assertInvalid(definition -> definition.transition(SubState.of(43), REVIVE, SubState.of(10)))
                .withMessage("Invalid job lifecycle: transition 43 --revive--> 10 leaves the terminal sub-state"
                        + " FAILED/43 (no-retry-left): declare it with exitFromTerminal(SubState.of(43), revive,"
                        + " SubState.of(10)) if that is on purpose");
    }

    @Test
    void acceptsATransitionOutOfATerminalSubStateDeclaredOnPurpose() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(definition -> definition.exitFromTerminal(SubState.of(43), REVIVE, SubState.of(10)))
                .build();

        assertThat(lifecycle.transition(4, 43, REVIVE, 0).to().code()).isEqualTo(10);
    }

    @Test
    void refusesExitFromTerminalOnASubStateThatIsNotTerminal() {
        assertInvalid(definition -> definition.exitFromTerminal(SubState.of(20), REVIVE, SubState.of(45)))
                .withMessage("Invalid job lifecycle: exitFromTerminal(20, revive, 45) starts from PROCESSING/20"
                        + " (processing), which is not terminal: use transition(...)");
    }

    @Test
    void refusesTwoTransitionsWithTheSameSourceEventAndGuardButDifferentTargets() {
        assertInvalid(definition -> definition.transition(SubState.of(20), JobEvent.COMPLETE, SubState.of(31)))
                .withMessage("Invalid job lifecycle: transitions 20 --COMPLETE--> 30 / [COMPLETE_CORRELATED] and"
                        + " 20 --COMPLETE--> 31 leave"
                        + " the same sub-state on the same event and guard for different outcomes: keep one, or"
                        + " guard them apart");
        assertInvalid(definition -> definition.transition(SubState.of(20), JobEvent.FAIL_RETRY, SubState.of(45)))
                .withMessageContaining("transitions 20 --FAIL_RETRY [executions left]--> 44 / [SCHEDULE_RETRY] and"
                        + " 20 --FAIL_RETRY--> 45 leave the same sub-state");
    }

    @Test
    void refusesTheSameTargetWithDifferentEffects() {
        assertInvalid(definition -> definition.transition(SubState.of(20), JobEvent.COMPLETE, SubState.of(30)))
                .withMessageContaining("transitions 20 --COMPLETE--> 30 / [COMPLETE_CORRELATED] and 20 --COMPLETE--> 30"
                        + " leave the same");
    }

    @Test
    void refusesACustomEventWhoseNameClashesWithABuiltInOne() {
        assertInvalid(definition -> definition.transition(SubState.of(20), JobEvent.of("complete"), SubState.of(30)))
                .withMessageContaining("custom event 'complete' in 20 --complete--> 30 clashes with the built-in"
                        + " event COMPLETE: use JobEvent.COMPLETE or another name");
        assertInvalid(definition -> definition.transition(SubState.of(20), JobEvent.of("Lose-Lease"), SubState.of(43)))
                .withMessageContaining("clashes with the built-in event LOSE_LEASE");
    }

    @Test
    void refusesAWayIntoProcessingThatIgnoresTheExecutionsLeft() {
        assertInvalid(definition -> definition
                        .subState(SubState.of(12), "awaiting-approval")
                        .transition(SubState.of(10), HOLD, SubState.of(12))
                        .transition(SubState.of(12), JobEvent.of("start"), SubState.of(20)))
                .withMessage("Invalid job lifecycle: transition 12 --start--> 20 enters PROCESSING, which uses up an"
                        + " execution, but a job with no executions left is never claimed: declare it with"
                        + " transitionIfExecutionsLeft(...) and the other case with"
                        + " transitionIfNoExecutionsLeft(..., 43)");
    }

    @Test
    void refusesATransitionDeclaredOnATerminalState() {
        assertInvalid(definition -> definition.transition(JobState.FAILED, REVIVE, SubState.SCHEDULED))
                .withMessage("Invalid job lifecycle: transition FAILED --revive--> 10 leaves every sub-state of the"
                        + " terminal state FAILED: declare a way out of one sub-state with exitFromTerminal(...) if"
                        + " that is on purpose");
    }

    @Test
    void refusesTwoTransitionsOnTheSameStateWithTheSameEventAndGuardButDifferentTargets() {
        assertInvalid(definition ->
                        definition.transition(JobState.PROCESSING, JobEvent.RELEASE, SubState.SCHEDULED_DEFAULT))
                .withMessage("Invalid job lifecycle: transitions PROCESSING --RELEASE--> 10 and"
                        + " PROCESSING --RELEASE--> 11 leave the same sub-state on the same event and guard for"
                        + " different outcomes: keep one, or guard them apart");
    }

    @Test
    void acceptsAChildTransitionThatOverridesItsParentsForTheSameEvent() {
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(definition ->
                        definition.transition(SubState.PROCESSING, JobEvent.RELEASE, SubState.SCHEDULED_DEFAULT))
                .build();

        assertThat(lifecycle.transition(2, 20, JobEvent.RELEASE, 1).to()).isEqualTo(SubState.SCHEDULED_DEFAULT);
    }

    @Test
    @SuppressWarnings("deprecation")
    void listsEveryProblemAtOnce() {
        assertInvalid(definition -> definition.subState(50, "archived").subState(SubState.of(46), "Poisoned"))
                .satisfies(ex -> assertThat(ex.problems()).hasSize(3))
                .withMessageStartingWith("Invalid job lifecycle, 3 problems:" + System.lineSeparator()
                        + " - sub-state 50 'archived' is outside 10..49");
    }

    private static JobLifecycleCustomizer approvalNamed(String name) {
        return definition -> definition
                .subState(SubState.of(12), name)
                .transition(SubState.of(10), HOLD, SubState.of(12))
                .transition(SubState.of(12), APPROVE, SubState.of(10));
    }

    private static ThrowableAssertAlternative<InvalidLifecycleException> assertInvalid(
            JobLifecycleCustomizer customizer) {
        return assertThatExceptionOfType(InvalidLifecycleException.class)
                .isThrownBy(() -> JobLifecycle.builder().customize(customizer).build());
    }
}
