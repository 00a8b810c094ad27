package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.boot.autoconfigure.JobQueueEndpoint;
import dev.jobqueue.domain.HeldJob;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UtcInstantConverter;
import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each worker node registers itself, keeps its row fresh with heartbeats (held jobs included),
 * removes it on a graceful stop; a node whose heartbeats stopped disappears after its timeout.
 */
@ExtendWith(TestDatabaseExtension.class)
class NodeRegistryIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ApplicationContextRunner node(TestSchema schema, String table, String tenants) {
        return WorkerFixture.withJobs(schema, table)
                .withBean(FaultHandlers.class)
                .withPropertyValues("jobqueue.worker.node-timeout=3s", "jobqueue.tenants=" + tenants);
    }

    @Test
    void twoNodesListThemselvesWithTheirJobsAndAGracefulStopRemovesOne(TestSchema schema) {
        node(schema, "nodes_two", "0,5")
                .run(first -> node(schema, "nodes_two", "0").run(second -> {
                    Jobs jobs = first.getBean(Jobs.class);
                    String firstId = first.getBean(JobWorkers.class).node().id();
                    String secondId = second.getBean(JobWorkers.class).node().id();
                    await().atMost(WAIT).until(() -> jobs.nodes().size() == 2);

                    List<WorkerNode> nodes = jobs.nodes();
                    assertThat(nodes).extracting(WorkerNode::id).containsExactlyInAnyOrder(firstId, secondId);
                    WorkerNode listed = nodes.stream()
                            .filter(n -> n.id().equals(firstId))
                            .findFirst()
                            .orElseThrow();
                    assertThat(listed.pid()).isEqualTo(ProcessHandle.current().pid());
                    assertThat(listed.host()).isNotBlank();
                    assertThat(listed.jobTypes()).contains("secret", "honours", "ignores", "quick", "slow");
                    assertThat(listed.tenants()).containsExactly(0, 5);
                    assertThat(listed.startedAt()).isBefore(Instant.now().plusSeconds(1));
                    assertThat(Duration.between(listed.lastHeartbeat(), Instant.now())
                                    .abs())
                            .isLessThan(Duration.ofSeconds(3));

                    JobScheduler scheduler = first.getBean(JobScheduler.class);
                    for (int i = 0; i < 4; i++) {
                        scheduler.job(FaultHandlers.SLOW, null).schedule();
                    }
                    await().atMost(WAIT)
                            .until(() -> jobs.nodes().stream()
                                            .mapToInt(WorkerNode::heldJobs)
                                            .sum()
                                    > 0);

                    ((ConfigurableApplicationContext) second.getSourceApplicationContext()).close();
                    assertThat(jobs.nodes())
                            .as("right after the graceful stop of the second node")
                            .extracting(WorkerNode::id)
                            .containsExactly(firstId);
                }));
    }

    /** A handler that holds its jobs until the test lets them go. */
    static final class HoldingHandlers {

        static final JobType HOLD = JobType.of(30);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @JobHandler(id = 30, name = "hold")
        void hold() throws InterruptedException {
            RELEASE.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyNodeListsTheJobsEachNodeHoldsWithTheLeasesOfTheirRows(TestSchema schema) {
        ApplicationContextRunner holding = node(schema, "nodes_held", "0")
                .withBean(HoldingHandlers.class)
                .withPropertyValues("jobqueue.types.hold.concurrency=3", "jobqueue.types.hold.lease=60s");
        holding.run(first -> holding.run(second -> {
            Jobs jobs = first.getBean(Jobs.class);
            await().atMost(WAIT).until(() -> jobs.nodes().size() == 2);
            JobScheduler scheduler = second.getBean(JobScheduler.class);
            List<JobId> scheduled = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                scheduled.add(scheduler.schedule(HoldingHandlers.HOLD, null));
            }
            try {
                // Three handlers per node: the five jobs are held by both nodes, two or three each.
                await().atMost(WAIT)
                        .until(() -> jobs.nodes().stream()
                                        .mapToInt(n -> n.held().size())
                                        .sum()
                                == 5);
                JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
                List<WorkerNode> nodes = jobs.nodes();
                assertThat(nodes).allSatisfy(node -> assertThat(node.held()).isNotEmpty());
                assertThat(nodes)
                        .flatExtracting(WorkerNode::held)
                        .extracting(HeldJob::id)
                        .containsExactlyInAnyOrderElementsOf(scheduled);
                for (WorkerNode node : nodes) {
                    for (HeldJob job : node.held()) {
                        assertThat(jdbc.queryForObject(
                                        "SELECT state FROM nodes_held WHERE id = ?",
                                        Integer.class,
                                        job.id().value()))
                                .isEqualTo(2);
                        assertThat(job.type()).isEqualTo(HoldingHandlers.HOLD);
                        assertThat(job.tenant()).isEqualTo(Tenant.DEFAULT);
                        assertThat(job.leaseExpiresAt())
                                .as("the lease of %s as its row has it", job.id())
                                .isEqualTo(UtcInstantConverter.fromUtc(jdbc.queryForObject(
                                        "SELECT lease_expires_at FROM nodes_held WHERE id = ?",
                                        LocalDateTime.class,
                                        job.id().value())));
                        assertThat(job.leaseExpiresAt())
                                .isBetween(
                                        Instant.now().plusSeconds(30),
                                        Instant.now().plusSeconds(61));
                    }
                }
                // The other node, and the actuator endpoint, see the same.
                assertThat(second.getBean(Jobs.class).nodes())
                        .flatExtracting(WorkerNode::held)
                        .extracting(HeldJob::id)
                        .containsExactlyInAnyOrderElementsOf(scheduled);
                JobQueueEndpoint endpoint = new JobQueueEndpoint(
                        second.getBean(JobQueue.class),
                        second.getBean(JobHandlerRegistry.class),
                        List.of(Tenant.DEFAULT));
                assertThat(endpoint.jobQueue().nodes())
                        .hasSize(2)
                        .flatExtracting(JobQueueEndpoint.NodeDescriptor::heldJobs)
                        .extracting(JobQueueEndpoint.HeldJobDescriptor::id)
                        .containsExactlyInAnyOrderElementsOf(
                                scheduled.stream().map(JobId::value).toList());
            } finally {
                HoldingHandlers.RELEASE.countDown();
            }
            await().atMost(WAIT)
                    .until(() ->
                            jobs.nodes().stream().allMatch(node -> node.held().isEmpty()));
        }));
    }

    @Test
    void aNodeWhoseHeartbeatsStoppedIsNoLongerListedAfterItsTimeoutAndItsRowIsDropped(TestSchema schema) {
        node(schema, "nodes_stale", "0").run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            JobQueue queue = context.getBean(JobQueue.class);
            await().atMost(WAIT).until(() -> jobs.nodes().size() == 1);
            WorkerNode dead = new WorkerNode(
                    "dead-host/1/abc",
                    "dead-host",
                    1,
                    Instant.now(),
                    List.of("quick"),
                    List.of(25),
                    List.of(0),
                    3,
                    Instant.now());
            queue.nodeRegistry().heartbeat(dead, Duration.ofSeconds(1));
            assertThat(jobs.nodes()).extracting(WorkerNode::id).contains("dead-host/1/abc");

            await().atMost(Duration.ofSeconds(3)).until(() -> jobs.nodes().size() == 1);
            // The live node drops the row with its next heartbeat, every third of its 3 s timeout.
            JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT COUNT(*) FROM nodes_stale_nodes WHERE node_id = 'dead-host/1/abc'",
                                    Integer.class)
                            == 0);
            assertThat(jobs.nodes())
                    .extracting(WorkerNode::id)
                    .containsExactly(context.getBean(JobWorkers.class).node().id());
        });
    }
}
