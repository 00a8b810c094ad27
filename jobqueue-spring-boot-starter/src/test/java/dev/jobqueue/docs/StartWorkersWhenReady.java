package dev.jobqueue.docs;

import dev.jobqueue.worker.JobWorkers;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The sample of docs/architecture.md, "Starting and stopping the workers", compiled as shown. */
@Component
class StartWorkersWhenReady {

    private final JobWorkers workers;

    StartWorkersWhenReady(JobWorkers workers) {
        this.workers = workers;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        workers.start();
    }
}
