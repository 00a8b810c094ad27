package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.JobType;
import java.math.BigDecimal;

/**
 * The payload of a confirmation e-mail job.
 *
 * @param orderId the order
 * @param email where to send it
 * @param total the amount, for the text
 */
public record ConfirmationEmail(long orderId, String email, BigDecimal total) {

    /** The job type of confirmation e-mails: the number stored in job_type. */
    public static final JobType TYPE = JobType.of(1);
}
