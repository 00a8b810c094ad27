package dev.jobqueue.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exactly one job per fire time with no lock and no leader (issue #16): three nodes, each with
 * its own connection pool, poll the same schedules all the time while the clock moves through
 * ten minutes, a second per step.
 */
@ExtendWith(TestDatabaseExtension.class)
class RecurringNodesIntegrationTests {

    private static final TableName TABLE = TableName.of("recur_nodes");
    private static final int STEPS = 600;

    @Test
    void threeNodesWriteEveryFireTimeExactlyOnce(TestSchema schema) throws Exception {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        MutableClock clock = MutableClock.at("2030-01-01T00:00:00.500Z");
        List<RecurringNode> nodes = List.of(node(schema, clock), node(schema, clock), node(schema, clock));
        nodes.get(0).api().create(RecurringJob.every("every-second", JobType.of(1), Duration.ofSeconds(1)));
        nodes.get(1).api().create(RecurringJob.cron("every-5s", JobType.of(2), "*/5 * * * * *"));
        nodes.get(2)
                .api()
                .create(RecurringJob.cron("every-minute-berlin", JobType.of(3), "0 * * * * *")
                        .zone(ZoneId.of("Europe/Berlin"))
                        .missed(MissedRuns.SKIP, 1));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong polls = new AtomicLong();
        AtomicLong written = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        List<Future<?>> pollers = new ArrayList<>();
        for (RecurringNode node : nodes) {
            pollers.add(threads.submit(() -> {
                while (running.get()) {
                    written.addAndGet(node.poller().poll());
                    polls.incrementAndGet();
                }
                return null;
            }));
        }
        try {
            for (int step = 0; step < STEPS; step++) {
                long before = polls.get();
                clock.advance(Duration.ofSeconds(1));
                while (polls.get() < before + nodes.size()) {
                    Thread.onSpinWait();
                }
            }
        } finally {
            running.set(false);
            for (Future<?> poller : pollers) {
                poller.get();
            }
            threads.shutdownNow();
        }
        for (RecurringNode node : nodes) {
            written.addAndGet(node.poller().poll());
        }

        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        Map<String, Object> everySecond = stats(jdbc, 1);
        assertThat(everySecond)
                .containsEntry("jobs", 600L)
                .containsEntry("times", 600L)
                .containsEntry("first", "2030-01-01 00:00:01")
                .containsEntry("last", "2030-01-01 00:10:00");
        assertThat(stats(jdbc, 2))
                .containsEntry("jobs", 120L)
                .containsEntry("times", 120L)
                .containsEntry("first", "2030-01-01 00:00:05")
                .containsEntry("last", "2030-01-01 00:10:00");
        assertThat(stats(jdbc, 3))
                .containsEntry("jobs", 10L)
                .containsEntry("times", 10L)
                .containsEntry("first", "2030-01-01 00:01:00")
                .containsEntry("last", "2030-01-01 00:10:00");
        assertThat(written.get()).isEqualTo(730);
        assertThat(polls.get()).isGreaterThanOrEqualTo(STEPS * 3L);
        System.out.printf("3 nodes, %d polls, %d jobs written over %d fire steps%n", polls.get(), written.get(), STEPS);
    }

    private static Map<String, Object> stats(JdbcTemplate jdbc, int type) {
        return jdbc.queryForMap("""
                SELECT COUNT(*) AS jobs, COUNT(DISTINCT process_at) AS times,
                       DATE_FORMAT(MIN(process_at), '%Y-%m-%d %H:%i:%s') AS first,
                       DATE_FORMAT(MAX(process_at), '%Y-%m-%d %H:%i:%s') AS last
                FROM recur_nodes
                WHERE job_type = ?
                """, type);
    }

    private static RecurringNode node(TestSchema schema, MutableClock clock) {
        return RecurringNode.over(schema.newDataSource(4), TABLE, clock);
    }
}
