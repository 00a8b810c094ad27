package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UnservedQueue;
import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * "Scheduled but not served" (issue #14) with two nodes on one queue: due jobs of a type that only
 * the first node serves show up on the second, in {@code Jobs.unserved()}, its health details and
 * its gauge, once the first stops; a WARN says so once per episode; a node counts as serving only
 * while its heartbeat is within its timeout.
 */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class UnservedJobsIntegrationTests {

    private static final JobType ONLY_ON_FIRST = JobType.of(90);
    private static final String WARNING = "are scheduled but no live node serves them";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The handler only the first node has. */
    static final class FirstNodeHandlers {

        @JobHandler(id = 90, name = "onlyOnFirst")
        void run() {}
    }

    private static ApplicationContextRunner node(TestSchema schema, String table) {
        // A 3 s node timeout: each node looks for unserved jobs every second.
        return ObservabilityFixture.withJobs(schema, table)
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.worker.node-timeout=3s");
    }

    @Test
    void dueJobsOfATypeNoLiveNodeServesAreReportedOncePerEpisode(TestSchema schema, CapturedOutput output) {
        node(schema, "unserved")
                .withBean(FirstNodeHandlers.class)
                .run(first -> node(schema, "unserved").run(second -> {
                    Jobs jobs = second.getBean(Jobs.class);
                    UnservedQueuesWatch watch = second.getBean(UnservedQueuesWatch.class);
                    await().atMost(WAIT).until(() -> jobs.nodes().size() == 2);
                    // Paused, so that the first node leaves them scheduled: served all the same.
                    jobs.pause(ONLY_ON_FIRST, null, "test");
                    JobScheduler scheduler = second.getBean(JobScheduler.class);
                    scheduler.schedule(ONLY_ON_FIRST, null);
                    scheduler.schedule(ONLY_ON_FIRST, null);
                    await().atMost(WAIT).until(() -> watch.hasLooked());
                    await().during(Duration.ofMillis(2_500))
                            .atMost(WAIT)
                            .until(() -> watch.lastSeen().isEmpty());
                    assertThat(jobs.unserved())
                            .as("while the first node serves the type")
                            .isEmpty();
                    assertThat(output.getOut()).doesNotContain(WARNING);

                    ((ConfigurableApplicationContext) first.getSourceApplicationContext()).close();

                    List<UnservedQueue> unserved = jobs.unserved();
                    assertThat(unserved)
                            .as("right after the graceful stop of the only node serving the type")
                            .extracting(UnservedQueue::type, UnservedQueue::tenant, UnservedQueue::dueJobs)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(ONLY_ON_FIRST, Tenant.DEFAULT, 2L));
                    assertThat(unserved.get(0).oldestDue())
                            .isBefore(Instant.now().plusSeconds(1));
                    await().atMost(WAIT).until(() -> watch.lastSeen().size() == 1);

                    Health health =
                            second.getBean(JobQueueHealthIndicator.class).health();
                    assertThat(health.getStatus()).as("the node itself is fine").isEqualTo(Status.UP);
                    @SuppressWarnings("unchecked")
                    Map<String, String> details =
                            (Map<String, String>) health.getDetails().get("unserved");
                    assertThat(details).containsOnlyKeys("type 90, tenant 0");
                    assertThat(details.get("type 90, tenant 0")).startsWith("2 due jobs, the oldest due since ");
                    MeterRegistry registry = second.getBean(MeterRegistry.class);
                    assertThat(registry.get("jobqueue.jobs.unserved")
                                    .tag("type", "90")
                                    .tag("tenant", "0")
                                    .gauge()
                                    .value())
                            .isEqualTo(2.0);

                    // Further looks of the same episode log nothing more.
                    await().pollDelay(Duration.ofMillis(2_500)).atMost(WAIT).until(() -> true);
                    assertThat(occurrences(output.getOut(), WARNING)).isEqualTo(1);

                    // A node serves the type while its heartbeat is within its timeout, and no longer after.
                    JobQueue queue = second.getBean(JobQueue.class);
                    queue.nodeRegistry()
                            .heartbeat(
                                    new WorkerNode(
                                            "other-host/7/abc",
                                            "other-host",
                                            7,
                                            Instant.now(),
                                            List.of("onlyOnFirst"),
                                            List.of(90),
                                            List.of(0),
                                            0,
                                            Instant.now()),
                                    Duration.ofSeconds(3));
                    assertThat(jobs.unserved())
                            .as("while another node's heartbeat is fresh")
                            .isEmpty();
                    await().atMost(WAIT).until(() -> watch.lastSeen().isEmpty());
                    assertThat(registry.get("jobqueue.jobs.unserved")
                                    .tag("type", "90")
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(output.getOut())
                            .contains("Jobs of type 90 for tenant 0 are no longer scheduled but not served");

                    await().atMost(WAIT).until(() -> !jobs.unserved().isEmpty());
                    await().atMost(WAIT).until(() -> occurrences(output.getOut(), WARNING) == 2);
                }));
    }

    @Test
    void aTypeServedForOtherTenantsOnlyIsUnservedForTheRest(TestSchema schema) {
        node(schema, "unserved_tenants")
                .withPropertyValues("jobqueue.tenants=0,3")
                .run(context -> {
                    Jobs jobs = context.getBean(Jobs.class);
                    await().atMost(WAIT).until(() -> jobs.nodes().size() == 1);
                    jobs.pause(ObservedHandlers.GREET, null, "test");
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    scheduler
                            .job(ObservedHandlers.GREET, new ObservedHandlers.Greeting("served"))
                            .tenant(3)
                            .schedule();
                    scheduler
                            .job(ObservedHandlers.GREET, new ObservedHandlers.Greeting("unserved"))
                            .tenant(4)
                            .schedule();
                    scheduler
                            .job(ObservedHandlers.GREET, new ObservedHandlers.Greeting("not due"))
                            .tenant(5)
                            .at(Instant.now().plusSeconds(3_600))
                            .schedule();

                    assertThat(jobs.unserved())
                            .extracting(UnservedQueue::type, UnservedQueue::tenant, UnservedQueue::dueJobs)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple(ObservedHandlers.GREET, Tenant.of(4), 1L));
                });
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
