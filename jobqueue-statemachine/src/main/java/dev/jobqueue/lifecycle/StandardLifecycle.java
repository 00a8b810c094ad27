package dev.jobqueue.lifecycle;

import static dev.jobqueue.lifecycle.Effect.COMPLETE_CORRELATED;
import static dev.jobqueue.lifecycle.Effect.SCHEDULE_FRESH_RUN;
import static dev.jobqueue.lifecycle.Effect.SCHEDULE_NEXT_RUN;
import static dev.jobqueue.lifecycle.Effect.SCHEDULE_NOW;
import static dev.jobqueue.lifecycle.Effect.SCHEDULE_RETRY;
import static dev.jobqueue.lifecycle.JobEvent.CANCEL_JOB;
import static dev.jobqueue.lifecycle.JobEvent.CLAIM;
import static dev.jobqueue.lifecycle.JobEvent.COMPLETE;
import static dev.jobqueue.lifecycle.JobEvent.COMPLETE_BY_CORRELATION;
import static dev.jobqueue.lifecycle.JobEvent.DECLINE_RETRY;
import static dev.jobqueue.lifecycle.JobEvent.FAIL_NOT_RETRYABLE;
import static dev.jobqueue.lifecycle.JobEvent.FAIL_RETRY;
import static dev.jobqueue.lifecycle.JobEvent.LOSE_LEASE;
import static dev.jobqueue.lifecycle.JobEvent.RELEASE;
import static dev.jobqueue.lifecycle.JobEvent.RESCHEDULE;
import static dev.jobqueue.lifecycle.JobEvent.RETRY_NOW;
import static dev.jobqueue.lifecycle.JobEvent.RUN_NOW;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;

/**
 * The built-in sub-states and transitions: the seed's codes plus 32 rescheduled, and RELEASE back
 * to 10. What every job of a state can do is declared on the state, so custom sub-states inherit
 * it; what only some sub-states can do is declared on them.
 */
final class StandardLifecycle {

    private StandardLifecycle() {}

    /** A definition holding the built-in declarations, ready for an application's. */
    static LifecycleDefinition definition() {
        LifecycleDefinition definition = new LifecycleDefinition();
        declareSubStates(definition);
        // Every scheduled job, held ones included, is done when a correlated job succeeds.
        definition.transition(JobState.SCHEDULED, COMPLETE_BY_CORRELATION, SubState.DONE_BY_CORRELATION);
        // Only the sub-states that wait to run are claimable: a custom held sub-state is not.
        for (SubState claimable : new SubState[] {SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT}) {
            definition
                    .transitionIfExecutionsLeft(claimable, CLAIM, SubState.PROCESSING)
                    .transitionIfNoExecutionsLeft(claimable, CLAIM, SubState.FAILED_NO_RETRY_LEFT);
        }
        // Every processing job holds a lease, so every one can lose it or be given back.
        definition
                .transitionIfExecutionsLeft(JobState.PROCESSING, LOSE_LEASE, SubState.FAILED_INTERNAL, SCHEDULE_RETRY)
                .transitionIfNoExecutionsLeft(JobState.PROCESSING, LOSE_LEASE, SubState.FAILED_NO_RETRY_LEFT)
                .transition(JobState.PROCESSING, RELEASE, SubState.SCHEDULED);
        // The handler's outcomes belong to the sub-state whose handler runs.
        SubState running = SubState.PROCESSING;
        definition
                .transition(running, COMPLETE, SubState.DONE, COMPLETE_CORRELATED)
                .transitionIfExecutionsLeft(running, FAIL_RETRY, SubState.FAILED_RETRY_SCHEDULED, SCHEDULE_RETRY)
                .transitionIfNoExecutionsLeft(running, FAIL_RETRY, SubState.FAILED_NO_RETRY_LEFT)
                .transition(running, FAIL_NOT_RETRYABLE, SubState.FAILED_APPLICATION)
                .transition(running, DECLINE_RETRY, SubState.FAILED_RETRY_DECLINED)
                .transition(running, RESCHEDULE, SubState.RESCHEDULED, SCHEDULE_NEXT_RUN);
        declareOperations(definition);
        definition.startCustomizing();
        return definition;
    }

    /** What an operator does to jobs (issue #14): cancel, run now, retry now. */
    private static void declareOperations(LifecycleDefinition definition) {
        // Every job that has not ended can be cancelled, held and custom ones included.
        definition
                .transition(JobState.SCHEDULED, CANCEL_JOB, SubState.CANCELLED)
                .transition(JobState.PROCESSING, CANCEL_JOB, SubState.CANCELLED);
        // Only a job waiting to run can run now: a held one waits for its own event.
        for (SubState claimable : new SubState[] {SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT}) {
            definition.transition(claimable, RUN_NOW, SubState.RESCHEDULED, SCHEDULE_NOW);
        }
        // A job that ended without a retry of its own can be retried once: the old row then says
        // 44, so a second retry (or a bulk retry run twice) finds nothing left to retry.
        for (SubState ended : new SubState[] {
            SubState.FAILED_APPLICATION,
            SubState.FAILED_NO_RETRY_LEFT,
            SubState.FAILED_RETRY_DECLINED,
            SubState.CANCELLED
        }) {
            definition.exitFromTerminal(ended, RETRY_NOW, SubState.FAILED_RETRY_SCHEDULED, SCHEDULE_FRESH_RUN);
        }
    }

    private static void declareSubStates(LifecycleDefinition definition) {
        definition
                .subState(SubState.SCHEDULED, "scheduled")
                .subState(SubState.SCHEDULED_DEFAULT, "scheduled-default")
                .subState(SubState.PROCESSING, "processing")
                .subState(SubState.DONE, "done")
                .subState(SubState.DONE_BY_CORRELATION, "done-by-correlation")
                .subState(SubState.RESCHEDULED, "rescheduled")
                .subState(SubState.FAILED_INTERNAL, "internal-error")
                .subState(SubState.FAILED_APPLICATION, "application-error")
                .subState(SubState.FAILED_NO_RETRY_LEFT, "no-retry-left")
                .subState(SubState.FAILED_RETRY_SCHEDULED, "retry-scheduled")
                .subState(SubState.FAILED_RETRY_DECLINED, "retry-declined")
                .subState(SubState.CANCELLED, "cancelled-by-operator");
    }
}
