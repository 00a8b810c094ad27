package dev.jobqueue.samples.nojpa;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobHandler;
import java.util.concurrent.CountDownLatch;
import org.springframework.stereotype.Component;

/** Counts down when a ping job runs. */
@Component
class PingHandler {

    static final int TYPE_ID = 41;
    static final JobType TYPE = JobType.of(TYPE_ID);
    static final CountDownLatch RAN = new CountDownLatch(1);

    @JobHandler(id = TYPE_ID, name = "ping")
    void ping(Ping ping) {
        RAN.countDown();
    }
}
