package dev.jobqueue.samples.orders;

import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends confirmation e-mails. The "mail server" is this log; it refuses addresses at
 * {@code flaky.example} on the first attempt to show a retry, and addresses without an
 * {@code @} for good.
 */
@Component
class ConfirmationEmailHandler {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConfirmationEmailHandler.class);

    @JobHandler(
            id = ConfirmationEmail.TYPE_ID,
            name = "order-confirmation",
            nonRetryable = InvalidAddressException.class)
    void send(ConfirmationEmail email, JobContext context) {
        if (!email.email().contains("@")) {
            throw new InvalidAddressException(email.email());
        }
        if (email.email().endsWith("@flaky.example") && context.attempt() == 1) {
            throw new IllegalStateException("mail server busy, try again later");
        }
        LOGGER.info(
                "Sent order confirmation for order {} ({}) to {} on attempt {}",
                email.orderId(),
                email.total(),
                email.email(),
                context.attempt());
    }

    /** An address no retry will fix. */
    static class InvalidAddressException extends RuntimeException {

        InvalidAddressException(String address) {
            super("not an e-mail address: " + address);
        }
    }
}
