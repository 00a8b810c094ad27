package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import java.util.ArrayList;
import java.util.List;

/** The queues this node serves: each (tenant, type) of its handlers and served tenants. */
final class ServedQueues {

    private final JobHandlerRegistry handlers;
    private final List<Tenant> tenants;

    ServedQueues(JobHandlerRegistry handlers, List<Tenant> tenants) {
        this.handlers = handlers;
        this.tenants = List.copyOf(tenants);
    }

    static List<Tenant> tenants(JobQueueProperties properties) {
        return properties.getTenants().stream().map(Tenant::of).toList();
    }

    /** Read at each call: handlers register while the context starts. */
    List<ServedQueue> all() {
        List<ServedQueue> queues = new ArrayList<>();
        for (HandlerMethod handler : handlers.all()) {
            for (Tenant tenant : tenants) {
                queues.add(new ServedQueue(handler.type(), handler.name(), tenant));
            }
        }
        return queues;
    }

    /** One queue: a job type, its handler's name, and a tenant. */
    record ServedQueue(JobType type, String name, Tenant tenant) {}
}
