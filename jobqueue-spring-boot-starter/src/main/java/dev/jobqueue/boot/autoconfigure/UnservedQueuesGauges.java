package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.UnservedQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauge {@code jobqueue.jobs.unserved}: due jobs that no live node serves, per job type id and
 * tenant, as of the {@link UnservedQueuesWatch}'s last look. A queue's gauge appears with its first
 * episode and reads 0 once the queue is served again, so an alert can watch it go back to 0. The
 * type tag is the id: an unserved type may have no handler, and so no name, on any node.
 */
final class UnservedQueuesGauges {

    private final UnservedQueuesWatch watch;
    private final MeterRegistry registry;
    private final Set<UnservedQueuesWatch.Queue> registered = ConcurrentHashMap.newKeySet();

    UnservedQueuesGauges(UnservedQueuesWatch watch, MeterRegistry registry) {
        this.watch = watch;
        this.registry = registry;
        watch.onLook(this::register);
    }

    private void register(List<UnservedQueue> unserved) {
        for (UnservedQueue found : unserved) {
            UnservedQueuesWatch.Queue queue = new UnservedQueuesWatch.Queue(found.type(), found.tenant());
            if (registered.add(queue)) {
                Gauge.builder("jobqueue.jobs.unserved", watch, w -> w.dueJobs(queue))
                        .description("Due jobs of a type and tenant that no live worker node serves")
                        .tags(
                                "type",
                                Integer.toString(queue.type().id()),
                                "tenant",
                                queue.tenant().toString())
                        .strongReference(true)
                        .register(registry);
            }
        }
    }
}
