package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.boot.autoconfigure.ServedQueues.ServedQueue;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UnservedQueue;
import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.worker.JobHandlerRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code jobqueue} actuator endpoint: the depth of each queue this node serves, by state,
 * the job lifecycle in force as a Mermaid {@code stateDiagram-v2}, the live worker nodes of the
 * queue with the jobs each holds and their leases, and the due jobs no live node serves. Expose it with
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
        List<NodeDescriptor> nodes =
                queue.nodeRegistry().live().stream().map(NodeDescriptor::of).toList();
        List<UnservedDescriptor> unserved =
                queue.unserved().stream().map(UnservedDescriptor::of).toList();
        return new JobQueueDescriptor(
                queue.settings().table().jobs(), queues, queue.lifecycle().toMermaid(), nodes, unserved);
    }

    private QueueDescriptor describe(ServedQueue served) {
        Map<String, Long> depth = new LinkedHashMap<>();
        queue.countByState(served.tenant(), served.type())
                .forEach((JobState state, Long jobs) -> depth.put(QueueBacklogSampler.tagValue(state), jobs));
        return new QueueDescriptor(
                served.name(), served.type().id(), served.tenant().value(), depth);
    }

    /**
     * What the endpoint shows.
     *
     * @param table base name of the queue's tables
     * @param queues the depth of each served queue
     * @param lifecycle the job lifecycle as a Mermaid {@code stateDiagram-v2}
     * @param nodes the live worker nodes of the queue (since 0.2.0)
     * @param unserved the due jobs that no live node serves, per type and tenant (since 0.2.0)
     * @since 0.1.0
     */
    public record JobQueueDescriptor(
            String table,
            List<QueueDescriptor> queues,
            String lifecycle,
            List<NodeDescriptor> nodes,
            List<UnservedDescriptor> unserved)
            implements OperationResponseBody {

        /** Without nodes: as in 0.1.0. */
        public JobQueueDescriptor(String table, List<QueueDescriptor> queues, String lifecycle) {
            this(table, queues, lifecycle, List.of(), List.of());
        }
    }

    /**
     * A live worker node and the jobs it holds.
     *
     * @param id the node's id ({@code host/pid/random})
     * @param host its host
     * @param pid its process id
     * @param startedAt when it started
     * @param lastHeartbeat its last heartbeat
     * @param types the names of the job types it serves
     * @param typeIds their ids
     * @param tenants the tenants it serves
     * @param heldJobs the jobs it held at its last heartbeat that are still processing
     * @since 0.2.0
     */
    public record NodeDescriptor(
            String id,
            String host,
            long pid,
            Instant startedAt,
            Instant lastHeartbeat,
            List<String> types,
            List<Integer> typeIds,
            List<Integer> tenants,
            List<HeldJobDescriptor> heldJobs) {

        static NodeDescriptor of(WorkerNode node) {
            return new NodeDescriptor(
                    node.id(),
                    node.host(),
                    node.pid(),
                    node.startedAt(),
                    node.lastHeartbeat(),
                    node.jobTypes(),
                    node.typeIds(),
                    node.tenants(),
                    node.held().stream()
                            .map(job -> new HeldJobDescriptor(
                                    job.id().value(),
                                    job.type().id(),
                                    job.tenant().value(),
                                    job.leaseExpiresAt()))
                            .toList());
        }
    }

    /**
     * A job a node holds, with its lease.
     *
     * @param id the job's id
     * @param typeId its type's id
     * @param tenant its tenant
     * @param leaseExpiresAt when its lease ends unless the node's heartbeat extends it
     * @since 0.2.0
     */
    public record HeldJobDescriptor(String id, int typeId, int tenant, Instant leaseExpiresAt) {}

    /**
     * Due jobs of a type and tenant that no live node serves.
     *
     * @param typeId the type's id
     * @param tenant the tenant
     * @param dueJobs how many are due (counted up to 10,000 in all)
     * @param oldestDue the earliest due time among them
     * @since 0.2.0
     */
    public record UnservedDescriptor(int typeId, int tenant, long dueJobs, Instant oldestDue) {

        static UnservedDescriptor of(UnservedQueue queue) {
            return new UnservedDescriptor(
                    queue.type().id(), queue.tenant().value(), queue.dueJobs(), queue.oldestDue());
        }
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
    public record QueueDescriptor(String type, int typeId, int tenant, Map<String, Long> depth) {}
}
