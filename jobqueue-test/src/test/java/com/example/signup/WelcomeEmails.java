package com.example.signup;

import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
class WelcomeEmails {

    private static final Logger LOGGER = LoggerFactory.getLogger(WelcomeEmails.class);

    @JobHandler(id = WelcomeEmail.TYPE_ID, name = "welcome-email", nonRetryable = IllegalArgumentException.class)
    void send(WelcomeEmail email, JobContext context) {
        if (!email.address().contains("@")) {
            throw new IllegalArgumentException("not an address: " + email.address()); // fails for good
        }
        LOGGER.info("Welcome sent to {} on attempt {}", email.address(), context.attempt());
        // any other exception fails the attempt: retried per the policy
    }
}
