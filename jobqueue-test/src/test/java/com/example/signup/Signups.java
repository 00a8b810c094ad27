package com.example.signup;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.scheduling.JobScheduler;
import java.time.Duration;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class Signups {

    private final JobScheduler jobs;

    Signups(JobScheduler jobs) {
        this.jobs = jobs;
    }

    @Transactional
    JobId signUp(long userId, String address) {
        // ... save the user in this transaction ...
        return jobs.job(WelcomeEmail.TYPE, new WelcomeEmail(address))
                .correlationId("user-" + userId)
                .in(Duration.ofMinutes(1))
                .schedule(); // exists if and only if this transaction commits
    }
}
