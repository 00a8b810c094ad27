package com.example.signup;

import static dev.jobqueue.testing.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.testing.JobQueueTest;
import dev.jobqueue.testing.JobQueueTestRunner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@JobQueueTest
class SignupTests {

    @Autowired
    Signups signups;

    @Autowired
    JobQueueTestRunner runner;

    @Autowired
    Jobs jobs;

    @Test
    void aSignupSendsTheWelcomeEmail() {
        JobId job = signups.signUp(42, "ada@example.com");
        assertThat(runner.runDue()).as("not due for a minute").isEmpty();

        jobs.runNow(job); // due now, in a new row of its retry group
        List<JobDetails> ran = runner.runDue();

        assertThat(ran).hasSize(1);
        assertThatJob(jobs, job)
                .hasSubState(32) // replaced by the run-now row
                .latestRun()
                .isDone()
                .hasSubState(30);
    }

    @Test
    void aBadAddressFailsForGood() {
        JobId job = signups.signUp(43, "not-an-address");
        jobs.runNow(job);

        runner.awaitAllDone(Duration.ofSeconds(10));

        assertThatJob(jobs, job)
                .latestRun()
                .isFailed()
                .hasSubState(42)
                .hasFailureMessageContaining("not an address: not-an-address");
    }
}
