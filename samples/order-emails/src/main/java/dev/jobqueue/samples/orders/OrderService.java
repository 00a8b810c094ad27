package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders. The order and its confirmation job commit together, or neither does. */
@Service
class OrderService {

    private static final Logger LOGGER = LoggerFactory.getLogger(OrderService.class);
    static final BigDecimal APPROVAL_LIMIT = new BigDecimal("1000");
    /** The purchase_orders columns: email VARCHAR(255), total DECIMAL(12,2). */
    static final int MAX_EMAIL_LENGTH = 255;

    static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

    private final PurchaseOrderRepository orders;
    private final JobScheduler scheduler;
    private final Jobs jobs;

    OrderService(PurchaseOrderRepository orders, JobScheduler scheduler, Jobs jobs) {
        this.orders = orders;
        this.scheduler = scheduler;
        this.jobs = jobs;
    }

    @Transactional
    PurchaseOrder place(@Nullable String email, @Nullable BigDecimal total) {
        requireValid(email, total);
        PurchaseOrder order = orders.save(new PurchaseOrder(email, total));
        boolean large = total.compareTo(APPROVAL_LIMIT) > 0;
        JobScheduler.Draft confirmation = scheduler
                .job(ConfirmationEmail.TYPE, new ConfirmationEmail(order.getId(), email, total))
                .correlationId("order-" + order.getId())
                // Scheduled in the transaction that records the confirmation as sent; never if it fails
                // for good. Add .in(Duration.ofDays(3)) to send it three days after the order instead.
                .then(scheduler.job(FollowUpEmail.TYPE, new FollowUpEmail(order.getId(), email)));
        // A large order's confirmation is inserted waiting for approval: no second statement.
        JobId job = (large ? confirmation.subState(ApprovalLifecycle.AWAITING_APPROVAL) : confirmation).schedule();
        order.setConfirmationJob(job.value());
        if (large) {
            LOGGER.info(
                    "Order {} over {} placed; its confirmation {} waits for approval",
                    order.getId(),
                    APPROVAL_LIMIT,
                    job);
        } else {
            LOGGER.info("Order {} placed; confirmation job {} scheduled", order.getId(), job);
        }
        return order;
    }

    /**
     * Releases the confirmation of a large order.
     *
     * @return false when there is no such order
     * @throws dev.jobqueue.lifecycle.IllegalTransitionException when its confirmation does not
     *     wait for approval
     */
    @Transactional
    boolean approve(long orderId) {
        Optional<PurchaseOrder> order = orders.findById(orderId);
        if (order.isEmpty()) {
            return false;
        }
        jobs.fire(JobId.parse(order.get().getConfirmationJob()), ApprovalLifecycle.APPROVE);
        LOGGER.info("Order {} approved; its confirmation will be sent", orderId);
        return true;
    }

    /** Checks an order against its columns before anything is written, naming the field. */
    private static void requireValid(@Nullable String email, @Nullable BigDecimal total) {
        if (email == null || email.isBlank()) {
            throw new InvalidOrderException("email", "email is required");
        }
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw new InvalidOrderException(
                    "email", "email must be at most " + MAX_EMAIL_LENGTH + " characters but was " + email.length());
        }
        // why: the address is logged by the handler; a line break would forge log lines
        if (email.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidOrderException("email", "email must not contain control characters");
        }
        if (total == null) {
            throw new InvalidOrderException("total", "total is required");
        }
        if (total.signum() <= 0
                || total.compareTo(MAX_TOTAL) > 0
                || total.stripTrailingZeros().scale() > 2) {
            throw new InvalidOrderException(
                    "total",
                    "total must be between 0.01 and " + MAX_TOTAL + " with at most 2 decimals but was "
                            + total.toPlainString());
        }
    }

    /** An order the application refuses; nothing was written. */
    static class InvalidOrderException extends IllegalArgumentException {

        private final String field;

        InvalidOrderException(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
