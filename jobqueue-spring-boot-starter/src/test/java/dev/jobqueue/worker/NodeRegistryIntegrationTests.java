package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        return WorkerFixture.withJobs(schema, table).withBean(FaultHandlers.class).withPropertyValues(
                "jobqueue.worker.node-timeout=3s", "jobqueue.tenants=" + tenants);
    }

    @Test
    void twoNodesListThemselvesWithTheirJobsAndAGracefulStopRemovesOne(TestSchema schema) {
        node(schema, "nodes_two", "0,5").run(first -> node(schema, "nodes_two", "0").run(second -> {
            Jobs jobs = first.getBean(Jobs.class);
            String firstId = first.getBean(JobWorkers.class).node().id();
            String secondId = second.getBean(JobWorkers.class).node().id();
            await().atMost(WAIT).until(() -> jobs.nodes().size() == 2);

            List<WorkerNode> nodes = jobs.nodes();
            assertThat(nodes).extracting(WorkerNode::id).containsExactlyInAnyOrder(firstId, secondId);
            WorkerNode listed = nodes.stream().filter(n -> n.id().equals(firstId)).findFirst().orElseThrow();
            assertThat(listed.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(listed.host()).isNotBlank();
            assertThat(listed.jobTypes()).contains("secret", "honours", "ignores", "quick", "slow");
            assertThat(listed.tenants()).containsExactly(0, 5);
            assertThat(listed.startedAt()).isBefore(Instant.now().plusSeconds(1));
            assertThat(Duration.between(listed.lastHeartbeat(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(3));

            JobScheduler scheduler = first.getBean(JobScheduler.class);
            for (int i = 0; i < 4; i++) {
                scheduler.job(FaultHandlers.SLOW, null).schedule();
            }
            await().atMost(WAIT).until(() -> jobs.nodes().stream().mapToInt(WorkerNode::heldJobs).sum() > 0);

            ((ConfigurableApplicationContext) second.getSourceApplicationContext()).close();
            assertThat(jobs.nodes()).as("right after the graceful stop of the second node")
                    .extracting(WorkerNode::id).containsExactly(firstId);
        }));
    }

    @Test
    void aNodeWhoseHeartbeatsStoppedIsNoLongerListedAfterItsTimeoutAndItsRowIsDropped(TestSchema schema) {
        node(schema, "nodes_stale", "0").run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            JobQueue queue = context.getBean(JobQueue.class);
            await().atMost(WAIT).until(() -> jobs.nodes().size() == 1);
            WorkerNode dead = new WorkerNode("dead-host/1/abc", "dead-host", 1, Instant.now(), List.of("quick"),
                    List.of(25), List.of(0), 3, Instant.now());
            queue.nodeRegistry().heartbeat(dead, Duration.ofSeconds(1));
            assertThat(jobs.nodes()).extracting(WorkerNode::id).contains("dead-host/1/abc");

            await().atMost(Duration.ofSeconds(3)).until(() -> jobs.nodes().size() == 1);
            // The live node drops the row with its next heartbeat, every third of its 3 s timeout.
            JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
            await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM nodes_stale_nodes WHERE node_id = 'dead-host/1/abc'", Integer.class) == 0);
            assertThat(jobs.nodes()).extracting(WorkerNode::id)
                    .containsExactly(context.getBean(JobWorkers.class).node().id());
        });
    }
}
