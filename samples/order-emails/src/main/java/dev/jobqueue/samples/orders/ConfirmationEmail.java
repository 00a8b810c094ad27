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

    /** The number stored in job_type for confirmation e-mails: the id of their {@code @JobHandler}. */
    public static final int TYPE_ID = 1;
    /** The job type of confirmation e-mails, to schedule them. */
    public static final JobType TYPE = JobType.of(TYPE_ID);
}
