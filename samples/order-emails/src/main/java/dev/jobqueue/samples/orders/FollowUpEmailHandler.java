package dev.jobqueue.samples.orders;

import dev.jobqueue.handler.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends the follow-up e-mail ("how was your order?") that continues a sent confirmation
 * ({@code JobScheduler.Draft.then}, see {@link OrderService}).
 */
@Component
class FollowUpEmailHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(FollowUpEmailHandler.class);

    @JobHandler(id = 3, name = "order-follow-up")
    void send(FollowUpEmail email) {
        LOGGER.info("Sent follow-up for order {} to {}", email.orderId(), email.email());
    }
}
