package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Handlers of the operations tests: one that ignores a cancel until interrupted, one that is quick. */
final class OperatorHandlers {

    static final JobType STUBBORN = JobType.of(21);
    static final JobType TICK = JobType.of(22);

    final Queue<String> started = new ConcurrentLinkedQueue<>();
    final Queue<String> ticks = new ConcurrentLinkedQueue<>();
    volatile Instant sawCancelAt;
    volatile Instant interruptedAt;
    volatile boolean returned;

    /** Runs until interrupted; notes when it first sees the cancel, and goes on regardless. */
    @JobHandler(id = 21, name = "stubborn")
    void stubborn(JobContext context) {
        started.add(context.id().value());
        while (true) {
            if (context.isCancelled() && sawCancelAt == null) {
                sawCancelAt = Instant.now();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                interruptedAt = Instant.now();
                returned = true;
                return;
            }
        }
    }

    @JobHandler(id = 22, name = "tick")
    void tick(JobContext context) {
        ticks.add(context.id().value());
    }
}
