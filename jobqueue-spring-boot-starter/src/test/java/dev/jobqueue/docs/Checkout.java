package dev.jobqueue.docs;

// Compiled copy of a sample in docs/workflows.md: keep the two the same.
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.scheduling.JobScheduler;
import java.util.Map;

class Checkout {

    static final JobType CHARGE = JobType.of(10);
    static final JobType SHIP = JobType.of(11);
    static final JobType INVOICE = JobType.of(12);
    static final JobType REFUND = JobType.of(13);

    JobId checkout(JobScheduler scheduler, long orderId) {
        return scheduler
                .job(CHARGE, Map.of("orderId", orderId))
                .then(scheduler
                        .job(SHIP, Map.of("orderId", orderId))
                        .then(scheduler.job(INVOICE, Map.of("orderId", orderId))))
                .onFailure(scheduler.job(REFUND, Map.of("orderId", orderId)))
                .schedule();
    }
}
