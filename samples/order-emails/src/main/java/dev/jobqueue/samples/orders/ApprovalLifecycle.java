package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycleCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A custom sub-state: confirmations of large orders wait in SCHEDULED/12 until someone
 * approves the order. Workers never claim a job in 12.
 */
@Configuration(proxyBeanMethods = false)
class ApprovalLifecycle {

    static final int AWAITING_APPROVAL = 12;
    static final JobEvent HOLD = JobEvent.of("hold");
    static final JobEvent APPROVE = JobEvent.of("approve");

    @Bean
    JobLifecycleCustomizer awaitingApproval() {
        return definition -> definition
                .subState(AWAITING_APPROVAL, "awaiting-approval")
                .transition(SubState.SCHEDULED.code(), HOLD, AWAITING_APPROVAL)
                .transition(AWAITING_APPROVAL, APPROVE, SubState.SCHEDULED.code());
    }
}
