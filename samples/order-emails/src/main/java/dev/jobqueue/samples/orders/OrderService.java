package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.persistence.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders. The order and its confirmation job commit together, or neither does. */
@Service
class OrderService {

    private static final Logger LOGGER = LoggerFactory.getLogger(OrderService.class);
    static final BigDecimal APPROVAL_LIMIT = new BigDecimal("1000");

    private final PurchaseOrderRepository orders;
    private final JobScheduler scheduler;
    private final JobQueue queue;

    OrderService(PurchaseOrderRepository orders, JobScheduler scheduler, JobQueue queue) {
        this.orders = orders;
        this.scheduler = scheduler;
        this.queue = queue;
    }

    @Transactional
    PurchaseOrder place(String email, BigDecimal total) {
        if (total.signum() <= 0) {
            throw new IllegalArgumentException("total must be positive but was " + total);
        }
        PurchaseOrder order = orders.save(new PurchaseOrder(email, total));
        JobId job = scheduler.job(ConfirmationEmail.TYPE, new ConfirmationEmail(order.getId(), email, total))
                .correlationId("order-" + order.getId())
                .schedule();
        order.setConfirmationJob(job.value());
        if (total.compareTo(APPROVAL_LIMIT) > 0) {
            queue.fire(job, ApprovalLifecycle.HOLD, null);
            LOGGER.info("Order {} over {} placed; its confirmation {} waits for approval", order.getId(),
                    APPROVAL_LIMIT, job);
        } else {
            LOGGER.info("Order {} placed; confirmation job {} scheduled", order.getId(), job);
        }
        return order;
    }

    @Transactional
    void approve(long orderId) {
        PurchaseOrder order = orders.findById(orderId)
                .orElseThrow(() -> new IllegalArgumentException("no order " + orderId));
        queue.fire(JobId.parse(order.getConfirmationJob()), ApprovalLifecycle.APPROVE, null);
        LOGGER.info("Order {} approved; its confirmation will be sent", orderId);
    }
}
