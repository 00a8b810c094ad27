package dev.jobqueue.reliability;

import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.JobLifecycleCustomizer;

/**
 * The suite's custom sub-states, known to the workers and to the test JVM alike: the test holds
 * a job in SCHEDULED/12 (workers never claim it), then releases it to 10 or cancels it into the
 * terminal FAILED/46, which no run reaches.
 */
final class ReliabilityLifecycle {

    static final int HELD = 12;
    static final int CANCELLED = 46;
    static final JobEvent HOLD = JobEvent.of("hold");
    static final JobEvent UNHOLD = JobEvent.of("unhold");
    static final JobEvent CANCEL = JobEvent.of("cancel");

    private ReliabilityLifecycle() {
    }

    static JobLifecycleCustomizer customizer() {
        return definition -> definition
                .subState(HELD, "held")
                .subState(CANCELLED, "cancelled")
                .transition(SubState.SCHEDULED.code(), HOLD, HELD)
                .transition(HELD, UNHOLD, SubState.SCHEDULED.code())
                .transition(HELD, CANCEL, CANCELLED);
    }

    static JobLifecycle lifecycle() {
        return JobLifecycle.builder().customize(customizer()).build();
    }
}
