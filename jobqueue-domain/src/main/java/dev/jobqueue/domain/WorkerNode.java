package dev.jobqueue.domain;

import java.time.Instant;
import java.util.List;

/**
 * A node running workers of a queue, as it registered itself in {@code X_nodes}: refreshed with
 * its heartbeats, removed on a graceful stop, and dropped by any node once its heartbeat is older
 * than the node timeout.
 *
 * @param id unique per process start: host, process id and a random suffix
 * @param jobTypes names of the job types whose handlers it runs
 * @param typeIds ids of the job types whose handlers it runs, as stored in {@code job_type}
 * @param tenants the tenants it claims jobs for
 * @param heldJobs how many jobs it held (running or claimed and waiting for a thread) at its last heartbeat
 * @param held the jobs it held at its last heartbeat that are still processing, each with its
 *     lease as the job's row has it now; empty where a node is written rather than read
 * @since 0.2.0
 */
public record WorkerNode(
        String id,
        String host,
        long pid,
        Instant startedAt,
        List<String> jobTypes,
        List<Integer> typeIds,
        List<Integer> tenants,
        int heldJobs,
        Instant lastHeartbeat,
        List<HeldJob> held) {

    /** A node as it writes itself: the jobs it holds are read back from their rows. */
    public WorkerNode(
            String id,
            String host,
            long pid,
            Instant startedAt,
            List<String> jobTypes,
            List<Integer> typeIds,
            List<Integer> tenants,
            int heldJobs,
            Instant lastHeartbeat) {
        this(id, host, pid, startedAt, jobTypes, typeIds, tenants, heldJobs, lastHeartbeat, List.of());
    }

    public WorkerNode {
        jobTypes = List.copyOf(jobTypes);
        typeIds = List.copyOf(typeIds);
        tenants = List.copyOf(tenants);
        held = List.copyOf(held);
    }
}
