package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers of the flow control tests; one instance per node, recording into a recorder the nodes share. */
final class FlowHandlers {

    static final JobType CAPPED = JobType.of(20);
    static final JobType RATED = JobType.of(21);
    static final JobType FAIR = JobType.of(22);

    /** What the handlers of every node saw. */
    static final class Recorder {

        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final Map<String, AtomicInteger> runsByNode = new ConcurrentHashMap<>();
        final Map<String, Instant> startsById = new ConcurrentHashMap<>();
        volatile Instant firstStart;
        volatile Instant lastEnd;

        void started(String node, JobContext context) {
            Instant now = Instant.now();
            synchronized (this) {
                if (firstStart == null) {
                    firstStart = now;
                }
            }
            startsById.put(context.id().value(), now);
            runsByNode.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
            int now2 = running.incrementAndGet();
            maxRunning.accumulateAndGet(now2, Math::max);
        }

        void ended() {
            running.decrementAndGet();
            lastEnd = Instant.now();
            finished.incrementAndGet();
        }
    }

    private final Recorder recorder;
    private final String node;

    FlowHandlers(Recorder recorder, String node) {
        this.recorder = recorder;
        this.node = node;
    }

    @JobHandler(id = 20, name = "capped")
    void capped(JobContext context) throws InterruptedException {
        recorder.started(node, context);
        try {
            Thread.sleep(200);
        } finally {
            recorder.ended();
        }
    }

    @JobHandler(id = 21, name = "rated")
    void rated(JobContext context) throws InterruptedException {
        recorder.started(node, context);
        try {
            Thread.sleep(10);
        } finally {
            recorder.ended();
        }
    }

    @JobHandler(id = 22, name = "fair")
    void fair(JobContext context) throws InterruptedException {
        recorder.started(node, context);
        try {
            Thread.sleep(1);
        } finally {
            recorder.ended();
        }
    }
}
