package dev.jobqueue.samples.orders;

import dev.jobqueue.domain.JobType;

/**
 * The payload of a follow-up e-mail job: scheduled by the queue when the order's confirmation
 * e-mail was sent, never when it failed for good.
 *
 * @param orderId the order
 * @param email where to send it
 */
public record FollowUpEmail(long orderId, String email) {

    /** The job type of follow-up e-mails. */
    public static final JobType TYPE = JobType.of(3);
}
