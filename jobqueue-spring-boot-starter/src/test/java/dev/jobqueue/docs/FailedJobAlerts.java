package dev.jobqueue.docs;

import dev.jobqueue.handler.JobListener;
import dev.jobqueue.handler.JobOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The sample of docs/architecture.md, "Listening to outcomes", compiled as shown. */
@Component
class FailedJobAlerts implements JobListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(FailedJobAlerts.class);

    @Override
    public void exhausted(JobOutcome outcome) {
        LOGGER.error(
                "Job {} of type {} (tenant {}) failed for good on attempt {}",
                outcome.id(),
                outcome.type(),
                outcome.tenant(),
                outcome.attempt(),
                outcome.error());
    }
}
