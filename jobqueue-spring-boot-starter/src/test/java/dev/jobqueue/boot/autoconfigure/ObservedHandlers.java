package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobHandler;

/** Handlers the observability tests run: one that succeeds and one that always fails. */
final class ObservedHandlers {

    static final JobType GREET = JobType.of(1);
    static final JobType FAIL = JobType.of(2);

    record Greeting(String name) {}

    @JobHandler(id = 1, name = "greet")
    void greet(Greeting greeting) {}

    @JobHandler(id = 2, name = "fail")
    void fail() {
        throw new IllegalStateException("always fails");
    }
}
