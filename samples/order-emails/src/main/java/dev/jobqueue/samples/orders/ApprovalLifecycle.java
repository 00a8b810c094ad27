package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycleCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A custom sub-state: confirmations of large orders wait in SCHEDULED/12 until someone
 * approves the order. As a child of SCHEDULED, 12 takes what every scheduled job takes (it is
 * completed by correlation) without declaring it; workers never claim it, since only the
 * claimable sub-states declare the claim.
 */
@Configuration(proxyBeanMethods = false)
class ApprovalLifecycle {

    static final SubState AWAITING_APPROVAL = SubState.of(12);
    static final JobEvent HOLD = JobEvent.of("hold");
    static final JobEvent APPROVE = JobEvent.of("approve");

    @Bean
    JobLifecycleCustomizer awaitingApproval() {
        return definition -> definition
                .subState(AWAITING_APPROVAL, "awaiting-approval")
                .transition(SubState.SCHEDULED, HOLD, AWAITING_APPROVAL)
                .transition(AWAITING_APPROVAL, APPROVE, SubState.SCHEDULED);
    }
}
