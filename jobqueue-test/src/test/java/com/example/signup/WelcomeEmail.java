package com.example.signup;

import dev.jobqueue.domain.JobType;

public record WelcomeEmail(String address) {

    /** The number stored in job_type, 0..255: the id of its @JobHandler. */
    public static final int TYPE_ID = 7;

    public static final JobType TYPE = JobType.of(TYPE_ID);
}
