package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UnservedQueue;
import dev.jobqueue.internal.DaemonScheduler;
import dev.jobqueue.internal.Redaction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Looks for due jobs that no live node serves ("scheduled but not served", issue #14) every third
 * of the node timeout, on a daemon thread of its own, and keeps the last answer for the health
 * indicator and the {@code jobqueue.jobs.unserved} gauge. Logs one WARN when a (type, tenant)
 * becomes unserved and one INFO when it is served again or has no due job left: once per episode,
 * not once per look. A look that fails (database down) keeps the last answer and says so in
 * {@link #failure()}; the health indicator's ping reports the outage itself.
 */
final class UnservedQueuesWatch implements SmartLifecycle {

    private static final Logger LOGGER = LoggerFactory.getLogger(UnservedQueuesWatch.class);

    /** One queue: a type and a tenant. */
    record Queue(JobType type, Tenant tenant) {}

    private final Supplier<List<UnservedQueue>> source;
    private final Duration interval;
    private final List<Consumer<List<UnservedQueue>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<Queue, UnservedQueue> last = Map.of();
    private volatile @Nullable String failure;
    private volatile boolean looked;
    private @Nullable DaemonScheduler scheduler;

    /**
     * @param source the unserved queues as of now ({@code JobQueue.unserved()})
     * @param nodeTimeout {@code jobqueue.worker.node-timeout}: a node is live within it, and this
     *     watch looks every third of it, so an episode is noticed within about one node timeout
     */
    UnservedQueuesWatch(Supplier<List<UnservedQueue>> source, Duration nodeTimeout) {
        this.source = source;
        this.interval = nodeTimeout.dividedBy(3);
    }

    /** Called with the unserved queues after every successful look. */
    void onLook(Consumer<List<UnservedQueue>> listener) {
        listeners.add(listener);
    }

    /**
     * Looks once and remembers the answer; never throws. The first look waits one interval, so
     * that the workers of this node have registered themselves.
     */
    void look() {
        List<UnservedQueue> found;
        try {
            found = source.get();
        } catch (RuntimeException e) {
            if (failure == null) {
                LOGGER.debug("Could not look for unserved jobs; trying again every {}", interval, e);
            }
            failure = Redaction.describe(e);
            return;
        }
        Map<Queue, UnservedQueue> now = new HashMap<>();
        found.forEach(queue -> now.put(new Queue(queue.type(), queue.tenant()), queue));
        Map<Queue, UnservedQueue> before = last;
        now.forEach((queue, unserved) -> {
            if (!before.containsKey(queue)) {
                LOGGER.warn(
                        "{} due jobs of type {} for tenant {} are scheduled but no live node serves them (the"
                                + " oldest is due since {}); they wait until a node with a handler for the type and tenant"
                                + " runs",
                        unserved.dueJobs(),
                        queue.type(),
                        queue.tenant(),
                        unserved.oldestDue());
            }
        });
        before.keySet().stream()
                .filter(queue -> !now.containsKey(queue))
                .forEach(queue -> LOGGER.info(
                        "Jobs of type {} for tenant {} are no longer scheduled but not served: a node serves them or none is"
                                + " due",
                        queue.type(),
                        queue.tenant()));
        last = Map.copyOf(now);
        failure = null;
        looked = true;
        listeners.forEach(listener -> listener.accept(found));
    }

    /** The unserved queues as of the last successful look; empty before it. */
    List<UnservedQueue> lastSeen() {
        return last.values().stream()
                .sorted((a, b) -> a.type().id() != b.type().id()
                        ? Integer.compare(a.type().id(), b.type().id())
                        : Integer.compare(a.tenant().value(), b.tenant().value()))
                .toList();
    }

    /** How many due jobs of the queue were unserved at the last look: 0 when it was served. */
    long dueJobs(Queue queue) {
        UnservedQueue unserved = last.get(queue);
        return unserved == null ? 0 : unserved.dueJobs();
    }

    /** Why the last look failed, or null when it worked. */
    @Nullable
    String failure() {
        return failure;
    }

    /** Whether a look has worked yet. */
    boolean hasLooked() {
        return looked;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = DaemonScheduler.named("jobqueue-unserved");
        scheduler.repeat(interval, interval, this::look);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
