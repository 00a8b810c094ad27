package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers of the adaptive claim tests: a slow one and a no-op one, each counting its runs by node. */
final class ClaimHandlers {

    static final JobType SLOW = JobType.of(30);
    static final JobType NOOP = JobType.of(31);
    static final Duration SLOW_RUN = Duration.ofMillis(250);

    /** Runs by node, shared by every node of a test. */
    static final class Runs {

        final Map<String, AtomicInteger> byNode = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();

        int of(String node) {
            AtomicInteger runs = byNode.get(node);
            return runs == null ? 0 : runs.get();
        }
    }

    /**
     * What one node's workers claimed, as its {@link JobQueueObserver} is told: the largest claim
     * and the most jobs held (claimed and not yet finished by a handler) at any time.
     */
    static final class Claims implements JobQueueObserver {

        final AtomicInteger claims = new AtomicInteger();
        final AtomicInteger largest = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger mostHeld = new AtomicInteger();

        @Override
        public void claimed(JobType type, Tenant tenant, int jobs) {
            claims.incrementAndGet();
            largest.accumulateAndGet(jobs, Math::max);
            mostHeld.accumulateAndGet(held.addAndGet(jobs), Math::max);
        }

        @Override
        public void handlerFinished(JobType type, Tenant tenant, Duration duration, boolean success) {
            held.decrementAndGet();
        }
    }

    private final Runs runs;
    private final String node;

    ClaimHandlers(Runs runs, String node) {
        this.runs = runs;
        this.node = node;
    }

    @JobHandler(id = 30, name = "slowclaims")
    void slow(JobContext context) throws InterruptedException {
        ran();
        Thread.sleep(SLOW_RUN.toMillis());
    }

    @JobHandler(id = 31, name = "noopclaims")
    void noop(JobContext context) {
        ran();
    }

    private void ran() {
        runs.byNode.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
        runs.total.incrementAndGet();
    }
}
