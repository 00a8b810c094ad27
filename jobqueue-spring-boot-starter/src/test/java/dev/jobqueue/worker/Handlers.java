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
import org.jspecify.annotations.Nullable;

/** Handlers the worker tests run, recording what they saw. */
final class Handlers {

    static final JobType GREET = JobType.of(1);
    static final JobType FAIL = JobType.of(2);
    static final JobType REJECT = JobType.of(3);
    static final JobType SLOW = JobType.of(4);
    static final JobType LATER = JobType.of(5);
    static final JobType ENVELOPE = JobType.of(6);
    static final JobType LEAK = JobType.of(7);
    static final JobType MAYBE = JobType.of(8);

    record Greeting(String name) {}

    /** A payload with a field of any type: where default typing would honour an {@code @class}. */
    record Envelope(String name, Object content) {}

    /** Plays a deserialization gadget: constructing it is the side effect an attacker wants. */
    static final class Gadget {

        static final AtomicInteger CONSTRUCTED = new AtomicInteger();

        private String command = "";

        public Gadget() {
            CONSTRUCTED.incrementAndGet();
        }

        public String getCommand() {
            return command;
        }

        public void setCommand(String command) {
            CONSTRUCTED.incrementAndGet();
            this.command = command;
        }
    }

    final Queue<String> greeted = new ConcurrentLinkedQueue<>();
    final Map<String, AtomicInteger> runsById = new ConcurrentHashMap<>();
    final Queue<Integer> attempts = new ConcurrentLinkedQueue<>();
    final Queue<Object> envelopeContents = new ConcurrentLinkedQueue<>();
    final Queue<String> maybeRuns = new ConcurrentLinkedQueue<>();
    /** When each run of the failing handler started, in order. */
    final Queue<Instant> failStarts = new ConcurrentLinkedQueue<>();

    volatile Duration slowFor = Duration.ofSeconds(2);

    @JobHandler(id = 1, name = "greet")
    void greet(Greeting greeting, JobContext context) {
        runsById.computeIfAbsent(context.id().value(), id -> new AtomicInteger())
                .incrementAndGet();
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
        runsById.computeIfAbsent(context.id().value(), id -> new AtomicInteger())
                .incrementAndGet();
        Thread.sleep(slowFor.toMillis());
    }

    @JobHandler(id = 5, name = "later")
    void later(JobContext context) {
        attempts.add(context.attempt());
        if (attempts.size() == 1) {
            context.rescheduleIn(Duration.ofMillis(300));
        }
    }

    @JobHandler(id = 6, name = "envelope")
    void envelope(Envelope envelope) {
        envelopeContents.add(envelope.content());
    }

    @JobHandler(id = 7, name = "leak")
    void leak(JobContext context) {
        attempts.add(context.attempt());
        throw new IllegalStateException("SMTP refused smtp://mailer:hunter2@mail.example.com?password=hunter2");
    }

    @JobHandler(id = 8, name = "maybe")
    void maybe(@Nullable Greeting greeting) {
        maybeRuns.add(greeting == null ? "no payload" : greeting.name());
    }
}
