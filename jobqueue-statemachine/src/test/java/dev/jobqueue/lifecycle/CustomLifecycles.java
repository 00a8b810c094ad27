package dev.jobqueue.lifecycle;

import static dev.jobqueue.lifecycle.Effect.COMPLETE_CORRELATED;

import dev.jobqueue.domain.SubState;

/** Customizations shared by the tests: the examples and a custom processing sub-state. */
final class CustomLifecycles {

    static final SubState AWAITING_APPROVAL = SubState.of(12);
    static final SubState AWAITING_CALLBACK = SubState.of(21);
    static final SubState POISONED = SubState.of(46);
    static final JobEvent HOLD = JobEvent.of("hold");
    static final JobEvent APPROVE = JobEvent.of("approve");
    static final JobEvent AWAIT_CALLBACK = JobEvent.of("await-callback");
    static final JobEvent POISON = JobEvent.of("poison");
    static final JobEvent REVIVE = JobEvent.of("revive");

    private CustomLifecycles() {}

    /**
     * SCHEDULED/12 awaiting-approval, PROCESSING/21 awaiting-callback, FAILED/46 poisoned. Neither
     * 12 nor 21 declares what its parent already has: 12 is completed by correlation as every
     * scheduled job, 21 loses its lease or is released as every processing job.
     */
    static JobLifecycleCustomizer approvalCallbackAndPoison() {
        return definition -> definition
                .subState(AWAITING_APPROVAL, "awaiting-approval")
                .transition(SubState.SCHEDULED, HOLD, AWAITING_APPROVAL)
                .transition(AWAITING_APPROVAL, APPROVE, SubState.SCHEDULED)
                .subState(AWAITING_CALLBACK, "awaiting-callback")
                .transition(SubState.PROCESSING, AWAIT_CALLBACK, AWAITING_CALLBACK)
                .transition(AWAITING_CALLBACK, JobEvent.COMPLETE, SubState.DONE, COMPLETE_CORRELATED)
                .subState(POISONED, "poisoned")
                .transition(SubState.PROCESSING, POISON, POISONED)
                .exitFromTerminal(POISONED, REVIVE, SubState.SCHEDULED);
    }

    static JobLifecycle approvalCallbackAndPoisonLifecycle() {
        return JobLifecycle.builder().customize(approvalCallbackAndPoison()).build();
    }
}
