package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers the worker tests run, recording what they saw. */
final class Handlers {

    static final JobType GREET = JobType.of(1);
    static final JobType FAIL = JobType.of(2);
    static final JobType REJECT = JobType.of(3);
    static final JobType SLOW = JobType.of(4);
    static final JobType LATER = JobType.of(5);

    record Greeting(String name) {
    }

    final Queue<String> greeted = new ConcurrentLinkedQueue<>();
    final Map<String, AtomicInteger> runsById = new ConcurrentHashMap<>();
    final Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
    /** When each run of the failing handler started, in order. */
    final Queue<Instant> failStarts = new ConcurrentLinkedQueue<>();
    volatile Duration slowFor = Duration.ofSeconds(2);

    @JobHandler(id = 1, name = "greet")
    void greet(Greeting greeting, JobContext context) {
        runsById.computeIfAbsent(context.id().value(), id -> new AtomicInteger()).incrementAndGet();
        greeted.add(greeting.name());
    }

    @JobHandler(id = 2, name = "fail")
    void fail(JobContext context) {
        failStarts.add(Instant.now());
        attempts.add(context.attempt());
        throw new IllegalStateException("always fails, attempt " + context.attempt());
    }

    @JobHandler(id = 3, name = "reject", nonRetryable = IllegalArgumentException.class)
    void reject(Map<String, Object> payload) {
        throw new IllegalArgumentException("bad payload " + payload);
    }

    @JobHandler(id = 4, name = "slow")
    void slow(JobContext context) throws InterruptedException {
        runsById.computeIfAbsent(context.id().value(), id -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(slowFor.toMillis());
    }

    @JobHandler(id = 5, name = "later")
    void later(JobContext context) {
        attempts.add(context.attempt());
        if (attempts.size() == 1) {
            context.rescheduleIn(Duration.ofMillis(300));
        }
    }
}
