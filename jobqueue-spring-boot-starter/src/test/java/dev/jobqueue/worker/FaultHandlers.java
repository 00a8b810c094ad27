package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers that misbehave: they throw with secrets, run past their timeout, or ignore interrupts. */
final class FaultHandlers {

    static final JobType SECRET = JobType.of(21);
    static final JobType REFUSE = JobType.of(22);
    static final JobType HONOURS = JobType.of(23);
    static final JobType IGNORES = JobType.of(24);
    static final JobType QUICK = JobType.of(25);
    static final JobType SLOW = JobType.of(26);

    /** How long the handler that ignores interrupts keeps running. */
    static final Duration IGNORING_RUN = Duration.ofSeconds(3);

    final Queue<String> interrupted = new ConcurrentLinkedQueue<>();
    final Queue<String> ignoredInterrupts = new ConcurrentLinkedQueue<>();
    final Queue<String> returned = new ConcurrentLinkedQueue<>();
    final AtomicInteger quickRuns = new AtomicInteger();

    @JobHandler(id = 21, name = "secret")
    void secret(JobContext context) {
        throw new IllegalStateException(
                "SMTP refused smtp://mailer:hunter2@mail.example.com?password=hunter2",
                new java.io.IOException("token=hunter2 expired"));
    }

    @JobHandler(id = 22, name = "refuse", nonRetryable = IllegalArgumentException.class)
    void refuse(JobContext context) {
        throw new IllegalArgumentException("no such customer");
    }

    /** Sleeps for a minute unless interrupted, as a handler blocked on I/O that honours interrupts. */
    @JobHandler(id = 23, name = "honours")
    void honours(JobContext context) throws InterruptedException {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            interrupted.add(context.id().value());
            throw e;
        }
    }

    /** Swallows every interrupt and returns successfully after {@link #IGNORING_RUN}. */
    @JobHandler(id = 24, name = "ignores")
    void ignores(JobContext context) {
        long end = System.nanoTime() + IGNORING_RUN.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                ignoredInterrupts.add(context.id().value());
            }
        }
        returned.add(context.id().value());
    }

    @JobHandler(id = 25, name = "quick")
    void quick(JobContext context) {
        quickRuns.incrementAndGet();
    }

    @JobHandler(id = 26, name = "slow")
    void slow(JobContext context) throws InterruptedException {
        Thread.sleep(1_500);
    }
}
