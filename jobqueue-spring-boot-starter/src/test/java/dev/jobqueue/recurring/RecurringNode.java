package dev.jobqueue.recurring;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.RecurringStore;
import dev.jobqueue.recurring.internal.RecurringPoller;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.internal.SchedulingBeans;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.LocalWakeups;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/** One node's recurring machinery over its own connection pool, with a clock the test moves. */
record RecurringNode(JobQueue queue, RecurringStore store, RecurringPoller poller, RecurringJobs api) {

    static RecurringNode over(DataSource dataSource, TableName table, Clock clock) {
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(table).withClock(clock);
        JobQueue queue = JobQueue.create(dataSource, settings);
        RecurringStore store =
                new RecurringStore(dataSource, settings, JsonMapper.builder().build());
        RecurringPoller poller =
                new RecurringPoller(store, clock, Duration.ofSeconds(1), type -> null, new LocalWakeups(), () -> {});
        JobScheduler scheduler =
                SchedulingBeans.jobScheduler(queue, new LocalWakeups(), JobQueueObserver.NONE, type -> null);
        return new RecurringNode(queue, store, poller, new RecurringJobs(store, scheduler, clock, table.schedules()));
    }
}
