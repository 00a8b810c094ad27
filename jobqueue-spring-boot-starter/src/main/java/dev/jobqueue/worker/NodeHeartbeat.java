package dev.jobqueue.worker;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.persistence.internal.NodeRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps this node's row in the node registry: written with every beat, deleted on a graceful stop. */
final class NodeHeartbeat {

    private static final Logger LOGGER = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final NodeRegistry registry;
    private final FaultSettings settings;
    private final List<String> types;
    private final List<Integer> typeIds;
    private final List<Integer> tenants;
    private final Supplier<List<JobId>> heldJobs;
    private final OutageLog outages;
    private volatile boolean failing;

    NodeHeartbeat(
            NodeRegistry registry,
            FaultSettings settings,
            List<String> types,
            List<Integer> typeIds,
            List<Integer> tenants,
            Supplier<List<JobId>> heldJobs,
            OutageLog outages) {
        this.registry = registry;
        this.settings = settings;
        this.types = List.copyOf(types);
        this.typeIds = List.copyOf(typeIds);
        this.tenants = List.copyOf(tenants);
        this.heldJobs = heldJobs;
        this.outages = outages;
    }

    /** How often the row is renewed: a third of the node timeout, so one late beat does not drop it. */
    Duration interval() {
        return settings.nodeTimeout().dividedBy(3);
    }

    void beat() {
        LocalNode node = settings.node();
        try {
            List<JobId> held = heldJobs.get();
            int dropped = registry.heartbeat(
                    new WorkerNode(
                            node.id(),
                            node.host(),
                            node.pid(),
                            node.startedAt(),
                            types,
                            typeIds,
                            tenants,
                            held.size(),
                            node.startedAt()),
                    held,
                    settings.nodeTimeout());
            outages.succeeded();
            failing = false;
            if (dropped > 0) {
                LOGGER.info(
                        "Dropped {} nodes from the registry whose heartbeats stopped more than {} ago",
                        dropped,
                        settings.nodeTimeout());
            }
        } catch (RuntimeException e) {
            // Once per streak of failures: a registry table missing from tables a DBA manages would
            // otherwise log every few seconds.
            if (!outages.failed("node heartbeat", e) && !failing) {
                failing = true;
                LOGGER.warn(
                        "Heartbeat of node {} in the node registry failed; trying again every {} without"
                                + " logging each failure",
                        node.id(),
                        interval(),
                        e);
            }
        }
    }

    void remove() {
        try {
            registry.remove(settings.node().id());
        } catch (RuntimeException e) {
            LOGGER.warn(
                    "Could not remove node {} from the node registry; it disappears after {}",
                    settings.node().id(),
                    settings.nodeTimeout(),
                    e);
        }
    }
}
