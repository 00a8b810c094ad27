package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.boot.autoconfigure.ServedQueues.ServedQueue;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.worker.JobHandlerRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code jobqueue} actuator endpoint: the depth of each queue this node serves, by state,
 * and the job lifecycle in force as a Mermaid {@code stateDiagram-v2}. Expose it with
 * {@code management.endpoints.web.exposure.include=jobqueue}.
 *
 * @since 0.1.0
 */
@Endpoint(id = "jobqueue")
public final class JobQueueEndpoint {

    private final JobQueue queue;
    private final ServedQueues served;

    /**
     * Creates the endpoint.
     *
     * @param queue the queue; its lifecycle is the one shown
     * @param handlers the handlers of this node, whose job types are shown
     * @param tenants the tenants this node serves
     */
    public JobQueueEndpoint(JobQueue queue, JobHandlerRegistry handlers, List<Tenant> tenants) {
        this.queue = queue;
        this.served = new ServedQueues(handlers, tenants);
    }

    @ReadOperation
    public JobQueueDescriptor jobQueue() {
        List<QueueDescriptor> queues = served.all().stream().map(this::describe).toList();
        return new JobQueueDescriptor(queue.settings().table().jobs(), queues, queue.lifecycle().toMermaid());
    }

    private QueueDescriptor describe(ServedQueue served) {
        Map<String, Long> depth = new LinkedHashMap<>();
        queue.countByState(served.tenant(), served.type())
                .forEach((JobState state, Long jobs) -> depth.put(QueueBacklogSampler.tagValue(state), jobs));
        return new QueueDescriptor(served.name(), served.type().id(), served.tenant().value(), depth);
    }

    /**
     * What the endpoint shows.
     *
     * @param table base name of the queue's tables
     * @param queues the depth of each served queue
     * @param lifecycle the job lifecycle as a Mermaid {@code stateDiagram-v2}
     * @since 0.1.0
     */
    public record JobQueueDescriptor(String table, List<QueueDescriptor> queues, String lifecycle)
            implements OperationResponseBody {
    }

    /**
     * The depth of one queue.
     *
     * @param type the handler's name
     * @param typeId the job type's id, as stored in {@code job_type}
     * @param tenant the tenant
     * @param depth jobs per state: scheduled, processing, done, failed
     * @since 0.1.0
     */
    public record QueueDescriptor(String type, int typeId, int tenant, Map<String, Long> depth) {
    }
}
