package dev.jobqueue.reliability;

import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.JobLifecycleCustomizer;

/**
 * The suite's custom sub-states, known to the workers and to the test JVM alike: the test holds
 * a job in SCHEDULED/12 (workers never claim it), then releases it to 10 or cancels it into the
 * terminal FAILED/46, which no run reaches. As a child of SCHEDULED, a held job is also completed
 * by correlation (31) when a sibling succeeds.
 */
final class ReliabilityLifecycle {

    static final int HELD = 12;
    static final int CANCELLED = 46;
    static final JobEvent HOLD = JobEvent.of("hold");
    static final JobEvent UNHOLD = JobEvent.of("unhold");
    static final JobEvent CANCEL = JobEvent.of("cancel");

    private ReliabilityLifecycle() {}

    static JobLifecycleCustomizer customizer() {
        SubState held = SubState.of(HELD);
        SubState cancelled = SubState.of(CANCELLED);
        return definition -> definition
                .subState(held, "held")
                .subState(cancelled, "cancelled")
                .transition(SubState.SCHEDULED, HOLD, held)
                .transition(held, UNHOLD, SubState.SCHEDULED)
                .transition(held, CANCEL, cancelled);
    }

    static JobLifecycle lifecycle() {
        return JobLifecycle.builder().customize(customizer()).build();
    }
}
